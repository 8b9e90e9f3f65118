/**
 * Who is behind a session cookie, checked against the database: a desktop login must have been made with the
 * current passphrase, and a device must still exist, be unrevoked and unexpired. Used by the proxy gate on every
 * request and by route handlers and server components through lib/auth/session.ts.
 */
import { getConfig } from "../config";
import { getDb } from "../db";
import type { PrismaClient } from "../generated/prisma/client";
import { checkDevice } from "./devices";
import { sessionEnded } from "./ended-sessions";
import { AuthError, AuthErrorCode } from "./errors";
import { passphraseVersion, storedPassphraseHash } from "./passphrase";
import { resolveAuthSecret } from "./secret";
import { readSessionCookie } from "./tokens";

/** The human behind a request. Approving an order records this. */
export interface Actor {
  kind: "desktop" | "device";
  /** Device.id, for a paired device. */
  deviceId?: string;
  /** The name the device was given when it was paired. */
  deviceName?: string;
  /** For logs and the audit trail: "Desktop" or the device's name. */
  label: string;
}

const LOG_IN_AGAIN = "Log in to SumpPump first.";

/** Validates a session cookie's value and returns its actor; throws AuthError (401) saying why not. */
export async function actorFromSessionCookie(value: string | undefined, deps: { db: PrismaClient; secret: string; now?: Date }): Promise<Actor> {
  if (!value) throw new AuthError(AuthErrorCode.Unauthenticated, LOG_IN_AGAIN);
  const now = deps.now ?? new Date();
  const claims = await readSessionCookie(value, deps.secret);
  if (!claims) throw new AuthError(AuthErrorCode.Expired, "Your session has expired: log in again.");
  if (claims.kind === "desktop") {
    const hash = await storedPassphraseHash(deps.db);
    if (!hash || passphraseVersion(hash) !== claims.pv) {
      throw new AuthError(AuthErrorCode.PassphraseChanged, "The passphrase has changed since you logged in: log in again.");
    }
    if (await sessionEnded(deps.db, claims.sid)) throw new AuthError(AuthErrorCode.LoggedOut, "This session was logged out: log in again.");
    return { kind: "desktop", label: "Desktop" };
  }
  const device = await checkDevice(deps.db, claims.sub, now);
  if (!device.ok) {
    throw device.reason === "revoked"
      ? new AuthError(AuthErrorCode.Revoked, "This device was revoked. Pair it again from the desktop's Devices page.")
      : new AuthError(AuthErrorCode.Expired, "This device's pairing has expired. Pair it again from the desktop's Devices page.");
  }
  return { kind: "device", deviceId: claims.sub, deviceName: device.name, label: device.name };
}

const globalForSecret = globalThis as typeof globalThis & { sumppumpAuthSecret?: Promise<string> };

/** NEXTAUTH_SECRET, or the generated one stored in the database (npm start also passes it in the environment). */
export function getAuthSecret(): Promise<string> {
  const fromEnv = getConfig().NEXTAUTH_SECRET;
  if (fromEnv) return Promise.resolve(fromEnv);
  globalForSecret.sumppumpAuthSecret ??= resolveAuthSecret(getDb(), getConfig()).then((s) => s.secret);
  return globalForSecret.sumppumpAuthSecret;
}

/** The actor for a session cookie value, using the process-wide database and secret. */
export async function actorFor(cookieValue: string | undefined): Promise<Actor> {
  return actorFromSessionCookie(cookieValue, { db: getDb(), secret: await getAuthSecret() });
}
