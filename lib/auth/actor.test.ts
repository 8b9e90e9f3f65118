import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db";
import { actorFromSessionCookie } from "./actor";
import { revokeDevice } from "./devices";
import { AuthError, AuthErrorCode } from "./errors";
import { createPairing, redeemPairing } from "./pairing";
import { hashPassphrase, PASSPHRASE_HASH_KEY, passphraseVersion } from "./passphrase";
import { claimsOf, decodeSession, encodeSession, type SessionClaims } from "./tokens";
import { endSession, sessionEnded } from "./ended-sessions";

const SECRET = "a-test-secret-that-is-long-enough-0123456789";
const now = () => Math.floor(Date.now() / 1000);
const db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "sumppump-actor-")), "a.db"));
afterAll(() => db.$disconnect());

const seal = (claims: SessionClaims, secret = SECRET) => encodeSession({ token: claims, secret, maxAge: 30 * 86400 });

async function codeOf(promise: Promise<unknown>): Promise<AuthErrorCode> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AuthError) return error.code;
    throw error;
  }
  throw new Error("expected an AuthError");
}

const SID = "0123456789abcdefghijkl";

describe("session tokens", () => {
  it("round-trip, and the JWT's own exp is the session's absolute expiry", async () => {
    const claims: SessionClaims = { kind: "desktop", pv: "v1", sid: SID, expiresAt: now() + 3600 };
    const token = await seal(claims);
    const decoded = await decodeSession({ token, secret: SECRET });
    expect(claimsOf(decoded)).toEqual(claims);
    expect(decoded?.exp).toBe(claims.expiresAt);
  });

  it("an expired session, a wrong key or a tampered token reads as nothing", async () => {
    const expired = await seal({ kind: "desktop", pv: "v1", sid: SID, expiresAt: now() - 1 });
    expect(await decodeSession({ token: expired, secret: SECRET })).toBeNull();
    const fine = await seal({ kind: "desktop", pv: "v1", sid: SID, expiresAt: now() + 3600 });
    expect(await decodeSession({ token: fine, secret: "another-secret-that-is-long-enough-000000" })).toBeNull();
    expect(await decodeSession({ token: `${fine.slice(0, -4)}AAAA`, secret: SECRET })).toBeNull();
    expect(await decodeSession({ token: "not-a-jwt", secret: SECRET })).toBeNull();
  });

  it("claims must say who: next-auth's default token is not a session", () => {
    expect(claimsOf({ name: "x", sub: "desktop" })).toBeNull();
    expect(claimsOf({ kind: "device", sub: "d1", expiresAt: now() + 10 })).toBeNull();
  });
});

describe("actorFromSessionCookie", () => {
  it("a desktop login holds while the passphrase stays the same", async () => {
    const hash = await hashPassphrase("first passphrase", { N: 1024, r: 8, p: 1 });
    await db.setting.upsert({ where: { key: PASSPHRASE_HASH_KEY }, create: { key: PASSPHRASE_HASH_KEY, value: hash }, update: { value: hash } });
    const cookie = await seal({ kind: "desktop", pv: passphraseVersion(hash), sid: SID, expiresAt: now() + 3600 });
    expect(await actorFromSessionCookie(cookie, { db, secret: SECRET })).toEqual({ kind: "desktop", label: "Desktop" });

    const changed = await hashPassphrase("second passphrase", { N: 1024, r: 8, p: 1 });
    await db.setting.update({ where: { key: PASSPHRASE_HASH_KEY }, data: { value: changed } });
    expect(await codeOf(actorFromSessionCookie(cookie, { db, secret: SECRET }))).toBe(AuthErrorCode.PassphraseChanged);
  });

  it("a desktop login that logged out opens nothing more, though its token has not expired", async () => {
    const hash = await hashPassphrase("first passphrase", { N: 1024, r: 8, p: 1 });
    await db.setting.upsert({ where: { key: PASSPHRASE_HASH_KEY }, create: { key: PASSPHRASE_HASH_KEY, value: hash }, update: { value: hash } });
    const other = await seal({ kind: "desktop", pv: passphraseVersion(hash), sid: "another-login-0000000000", expiresAt: now() + 3600 });
    const cookie = await seal({ kind: "desktop", pv: passphraseVersion(hash), sid: SID, expiresAt: now() + 3600 });
    await endSession(db, SID, now() + 3600);
    expect(await codeOf(actorFromSessionCookie(cookie, { db, secret: SECRET }))).toBe(AuthErrorCode.LoggedOut);
    expect(await actorFromSessionCookie(other, { db, secret: SECRET })).toEqual({ kind: "desktop", label: "Desktop" });
  });

  it("an ended login's record is dropped once the login would have expired anyway", async () => {
    await endSession(db, "short-lived-login-00000", now() + 1);
    await endSession(db, "a-later-logout-000000000", now() + 3600, new Date(Date.now() + 5_000));
    expect(await sessionEnded(db, "short-lived-login-00000")).toBe(false);
    expect(await sessionEnded(db, "a-later-logout-000000000")).toBe(true);
  });

  it("a device session ends when the device is revoked", async () => {
    const { token } = await createPairing(db);
    const device = await redeemPairing(db, { token, name: "Pixel 7" }, 86400_000);
    const cookie = await seal({ kind: "device", sub: device.id, name: device.name, expiresAt: now() + 3600 });
    expect(await actorFromSessionCookie(cookie, { db, secret: SECRET })).toEqual({ kind: "device", deviceId: device.id, deviceName: "Pixel 7", label: "Pixel 7" });
    await revokeDevice(db, device.id);
    expect(await codeOf(actorFromSessionCookie(cookie, { db, secret: SECRET }))).toBe(AuthErrorCode.Revoked);
  });

  it("no cookie, or an expired one, is a 401", async () => {
    expect(await codeOf(actorFromSessionCookie(undefined, { db, secret: SECRET }))).toBe(AuthErrorCode.Unauthenticated);
    const expired = await seal({ kind: "desktop", pv: "x", sid: SID, expiresAt: now() - 5 });
    const error = await actorFromSessionCookie(expired, { db, secret: SECRET }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe(AuthErrorCode.Expired);
    expect((error as AuthError).toResponse().status).toBe(401);
  });
});
