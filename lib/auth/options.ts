/**
 * next-auth's configuration: two Credentials providers and JWT sessions.
 *
 * - `passphrase`: the trader's passphrase, rate-limited per client address; a desktop session of
 *   SUMPPUMP_SESSION_HOURS (12 h).
 * - `pairing`: a one-time pairing link's token plus a device name; a device session of
 *   SUMPPUMP_DEVICE_SESSION_DAYS (30 days), revocable on /devices.
 *
 * Options are built per request: cookies get `secure` only when the request came over https. next-auth finds its
 * own URL from the request's Host (AUTH_TRUST_HOST, set by npm start; the proxy has already allow-listed the
 * host), so logging in works from localhost and from the LAN address alike.
 */
import { randomBytes } from "node:crypto";
import type { AuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getConfig, type Config } from "../config";
import { getDb } from "../db";
import { InputError } from "../errors";
import { logger } from "../log";
import { getAuthSecret } from "./actor";
import { revokeDevice } from "./devices";
import { endSession } from "./ended-sessions";
import { AuthError } from "./errors";
import { redeemPairing } from "./pairing";
import { passphraseVersion, resolvePassphrase, storedPassphraseHash, verifyPassphrase } from "./passphrase";
import { clientAddress, requestProtocol } from "../http/forwarded";
import { loginLimiter, tooManyAttemptsMessage } from "./rate-limit";
import { CALLBACK_URL_COOKIE, CSRF_COOKIE, decodeSession, encodeSession, readSessionCookie, SESSION_COOKIE, type SessionClaims } from "./tokens";

/** What authorize() hands to the jwt callback. */
type SessionUser = User & { claims: SessionClaims };

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return typeof value === "string" ? value : undefined;
}

async function passphraseHash(config: Config): Promise<string> {
  const db = getDb();
  const stored = await storedPassphraseHash(db);
  if (stored) return stored;
  if (config.SUMPPUMP_PASSPHRASE) {
    await resolvePassphrase(db, config);
    const hash = await storedPassphraseHash(db);
    if (hash) return hash;
  }
  throw new Error("No passphrase is set yet: start SumpPump with npm start (it prints one), or set SUMPPUMP_PASSPHRASE.");
}

async function authorizePassphrase(passphrase: unknown, headers: Record<string, unknown> | undefined): Promise<SessionUser> {
  const config = getConfig();
  const log = logger("auth");
  const address = clientAddress(headers as Record<string, string | undefined>);
  const limiter = loginLimiter();
  const before = limiter.check(address);
  if (!before.allowed) {
    log.warn({ address }, "login refused: too many failed attempts");
    throw new Error(tooManyAttemptsMessage(before.retryAfterMs));
  }
  const hash = await passphraseHash(config);
  if (typeof passphrase !== "string" || passphrase.length === 0 || passphrase.length > 1000 || !(await verifyPassphrase(passphrase, hash))) {
    limiter.recordFailure(address);
    log.warn({ address }, "login failed: wrong passphrase");
    const after = limiter.check(address);
    throw new Error(after.allowed ? "Wrong passphrase. Check it and try again." : tooManyAttemptsMessage(after.retryAfterMs));
  }
  limiter.recordSuccess(address);
  log.info({ address }, "desktop login");
  const claims: SessionClaims = {
    kind: "desktop",
    pv: passphraseVersion(hash),
    sid: randomBytes(18).toString("base64url"),
    expiresAt: nowSeconds() + config.SUMPPUMP_SESSION_HOURS * 3600,
  };
  return { id: "desktop", name: "Desktop", claims };
}

async function authorizePairing(token: unknown, name: unknown, headers: Record<string, unknown> | undefined): Promise<SessionUser> {
  const config = getConfig();
  try {
    const device = await redeemPairing(
      getDb(),
      { token: typeof token === "string" ? token : "", name: typeof name === "string" ? name : "", userAgent: headerValue(headers, "user-agent") },
      config.SUMPPUMP_DEVICE_SESSION_DAYS * 24 * 3600_000,
    );
    logger("auth").info({ deviceId: device.id, name: device.name }, "device paired");
    const claims: SessionClaims = { kind: "device", sub: device.id, name: device.name, expiresAt: Math.floor(device.expiresAt.getTime() / 1000) };
    return { id: device.id, name: device.name, claims };
  } catch (error) {
    // next-auth shows the thrown message to the page; keep it to the ones written for people.
    if (error instanceof AuthError || error instanceof InputError) throw new Error(error.message);
    throw error;
  }
}

function isSessionUser(user: unknown): user is SessionUser {
  return typeof user === "object" && user !== null && "claims" in user;
}

export interface AuthOptionsInput {
  secret: string;
  /** True when the request came over https: cookies then get the `secure` flag. */
  secureCookies: boolean;
  /** The session cookie's lifetime (its Expires) for this request: the login's own length, never longer. */
  sessionMaxAgeSeconds: number;
}

/** The options for a given secret and transport; the route builds them per request with authOptionsFor(). */
export function buildAuthOptions({ secret, secureCookies, sessionMaxAgeSeconds }: AuthOptionsInput): AuthOptions {
  const cookieOptions = { httpOnly: true, sameSite: "lax" as const, path: "/", secure: secureCookies };
  const log = logger("auth");
  return {
    secret,
    useSecureCookies: secureCookies,
    providers: [
      CredentialsProvider({
        id: "passphrase",
        name: "Passphrase",
        credentials: { passphrase: { label: "Passphrase", type: "password" } },
        authorize: (credentials, req) => authorizePassphrase(credentials?.passphrase, req.headers),
      }),
      CredentialsProvider({
        id: "pairing",
        name: "Pairing link",
        credentials: { token: { label: "Pairing token", type: "text" }, name: { label: "Device name", type: "text" } },
        authorize: (credentials, req) => authorizePairing(credentials?.token, credentials?.name, req.headers),
      }),
    ],
    // The cookie's Expires follows the login it carries (authOptionsFor); the token inside has the same absolute expiry.
    session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds },
    jwt: { encode: encodeSession, decode: decodeSession },
    cookies: {
      sessionToken: { name: SESSION_COOKIE, options: cookieOptions },
      csrfToken: { name: CSRF_COOKIE, options: cookieOptions },
      callbackUrl: { name: CALLBACK_URL_COOKIE, options: cookieOptions },
    },
    pages: { signIn: "/login", error: "/login" },
    callbacks: {
      jwt({ token, user }) {
        // On sign-in, replace next-auth's default claims with ours; afterwards the token passes through unchanged.
        if (isSessionUser(user)) return { ...user.claims, sub: user.claims.kind === "device" ? user.claims.sub : "desktop" };
        return token;
      },
      session({ session, token }) {
        const name = token.kind === "device" && typeof token.name === "string" ? token.name : "Desktop";
        return { expires: session.expires, user: { name } };
      },
    },
    events: {
      async signOut({ token }) {
        // A phone that logs out is done with its pairing: revoke it so the device list stays truthful.
        if (token?.kind === "device" && typeof token.sub === "string") await revokeDevice(getDb(), token.sub);
        // A desktop login is ended on the server, so a copy of its cookie stops working too.
        if (token?.kind === "desktop" && typeof token.sid === "string" && typeof token.expiresAt === "number") await endSession(getDb(), token.sid, token.expiresAt);
        log.info({ kind: token?.kind, deviceId: token?.kind === "device" ? token.sub : undefined }, "logged out");
      },
    },
    logger: {
      error: (code, metadata) => log.error({ code, metadata }, "next-auth error"),
      warn: (code) => log.warn({ code }, "next-auth warning"),
      debug: () => undefined,
    },
  };
}

/**
 * How long the session cookie set by this request may live: a new passphrase login its session hours, a new
 * pairing its device days, and a refresh of an existing session (next-auth's session route re-sets the cookie)
 * what that session has left. So the cookie's Expires is the session's own end, never 30 days for a 12-hour login.
 */
export async function sessionMaxAgeFor(request: Request, config: Pick<Config, "SUMPPUMP_SESSION_HOURS" | "SUMPPUMP_DEVICE_SESSION_DAYS">, secret: string): Promise<number> {
  const path = new URL(request.url).pathname;
  if (path.endsWith("/callback/passphrase")) return config.SUMPPUMP_SESSION_HOURS * 3600;
  if (path.endsWith("/callback/pairing")) return config.SUMPPUMP_DEVICE_SESSION_DAYS * 24 * 3600;
  const cookie = /(?:^|;\s*)sumppump\.session=([^;]+)/.exec(request.headers.get("cookie") ?? "")?.[1];
  const claims = await readSessionCookie(cookie, secret);
  return claims ? Math.max(1, claims.expiresAt - nowSeconds()) : 1;
}

/** next-auth options for one request to /api/auth/*. */
export async function authOptionsFor(request: Request): Promise<AuthOptions> {
  const secret = await getAuthSecret();
  return buildAuthOptions({
    secret,
    secureCookies: requestProtocol(request.headers, request.url) === "https",
    sessionMaxAgeSeconds: await sessionMaxAgeFor(request, getConfig(), secret),
  });
}
