/**
 * What a session cookie holds and how it is sealed. The cookie is next-auth's encrypted JWT (A256GCM, key derived
 * from NEXTAUTH_SECRET) carrying who logged in and an absolute expiry: 12 hours for a passphrase login, 30 days
 * for a paired device (configurable). Decoding refuses an expired or malformed token, so every reader (the proxy
 * gate, route handlers, next-auth's own session endpoint) enforces the same expiry.
 */
import { decode as decodeJwt, encode as encodeJwt, type JWT, type JWTDecodeParams, type JWTEncodeParams } from "next-auth/jwt";
import { z } from "zod";

/** Cookie names are fixed (no __Secure- prefix) so that every reader finds the session over http and https alike. */
export const SESSION_COOKIE = "sumppump.session";
export const CSRF_COOKIE = "sumppump.csrf";
export const CALLBACK_URL_COOKIE = "sumppump.callback-url";

const desktopClaims = z.object({
  kind: z.literal("desktop"),
  /** passphraseVersion() of the hash this login was checked against. */
  pv: z.string().min(1),
  /** This login's id: logging out records it as ended (lib/auth/ended-sessions.ts). */
  sid: z.string().min(16).max(64),
  /** Absolute expiry, seconds since the epoch. */
  expiresAt: z.number().int().positive(),
});

const deviceClaims = z.object({
  kind: z.literal("device"),
  /** Device.id */
  sub: z.string().min(1),
  name: z.string().min(1),
  expiresAt: z.number().int().positive(),
});

export const sessionClaimsSchema = z.discriminatedUnion("kind", [desktopClaims, deviceClaims]);
export type SessionClaims = z.infer<typeof sessionClaimsSchema>;

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** The claims in a token if it is well-formed and not yet expired; otherwise null. */
export function claimsOf(token: JWT | null | undefined, now = nowSeconds()): SessionClaims | null {
  const parsed = sessionClaimsSchema.safeParse(token);
  if (!parsed.success || parsed.data.expiresAt <= now) return null;
  return parsed.data;
}

/** next-auth's encoder, with the JWT's own `exp` no later than the session's absolute expiry. */
export async function encodeSession(params: JWTEncodeParams): Promise<string> {
  const claims = claimsOf(params.token);
  const remaining = claims ? claims.expiresAt - nowSeconds() : 0;
  const maxAge = Math.max(1, Math.min(params.maxAge ?? remaining, remaining));
  return encodeJwt({ ...params, maxAge });
}

/** next-auth's decoder, returning null (never throwing) for a token that is unreadable, malformed or expired. */
export async function decodeSession(params: JWTDecodeParams): Promise<JWT | null> {
  try {
    const token = await decodeJwt(params);
    return claimsOf(token) ? token : null;
  } catch {
    return null;
  }
}

/** Reads a session cookie's value into claims; null when absent, unreadable or expired. */
export async function readSessionCookie(value: string | undefined, secret: string): Promise<SessionClaims | null> {
  if (!value) return null;
  return claimsOf(await decodeSession({ token: value, secret }));
}
