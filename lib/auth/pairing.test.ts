import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { InputError } from "../errors";
import { openDatabase } from "../db";
import { checkDevice, listDevices, revokeDevice } from "./devices";
import { AuthError, AuthErrorCode } from "./errors";
import { createPairing, hashPairingToken, pairingState, redeemPairing } from "./pairing";

const dir = mkdtempSync(path.join(tmpdir(), "sumppump-pairing-"));
const DAY = 24 * 3600_000;
let db: ReturnType<typeof openDatabase>;
let n = 0;
beforeEach(() => {
  db = openDatabase(path.join(dir, `${n++}.db`));
});
afterAll(() => db.$disconnect());

const t0 = new Date("2026-11-21T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

async function pairingError(promise: Promise<unknown>): Promise<AuthError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error("expected an AuthError");
}

describe("pairing links", () => {
  it("stores only the token's hash", async () => {
    const { token } = await createPairing(db, t0);
    expect(token).toMatch(/^[\w-]{43}$/);
    const rows = await db.pairingToken.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashPairingToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("works once: the second phone is told the link was used", async () => {
    const { token } = await createPairing(db, t0);
    const device = await redeemPairing(db, { token, name: "  Pixel 7 ", userAgent: "Mozilla/5.0 (Linux; Android 14)" }, 30 * DAY, at(60_000));
    expect(device).toMatchObject({ name: "Pixel 7", expiresAt: at(60_000 + 30 * DAY) });
    expect(await pairingState(db, token, at(61_000))).toEqual({ state: "used" });

    const second = await pairingError(redeemPairing(db, { token, name: "Other phone" }, 30 * DAY, at(62_000)));
    expect(second.code).toBe(AuthErrorCode.PairingInvalid);
    expect(second.message).toMatch(/already been used/);
    expect(await db.device.count()).toBe(1);
    expect((await db.pairingToken.findFirstOrThrow()).deviceId).toBe(device.id);
  });

  it("works for 5 minutes only", async () => {
    const { token, expiresAt } = await createPairing(db, t0);
    expect(expiresAt).toEqual(at(5 * 60_000));
    expect(await pairingState(db, token, at(5 * 60_000 - 1))).toEqual({ state: "valid", expiresAt });
    expect(await pairingState(db, token, at(5 * 60_000))).toEqual({ state: "expired" });
    const late = await pairingError(redeemPairing(db, { token, name: "Late phone" }, 30 * DAY, at(5 * 60_000 + 1)));
    expect(late.message).toMatch(/expired/);
    expect(await db.device.count()).toBe(0);
  });

  it("refuses made-up tokens", async () => {
    await createPairing(db, t0);
    expect(await pairingState(db, "x".repeat(43), t0)).toEqual({ state: "unknown" });
    expect(await pairingState(db, "../../etc/passwd", t0)).toEqual({ state: "unknown" });
    const error = await pairingError(redeemPairing(db, { token: "y".repeat(43), name: "Phone" }, DAY, t0));
    expect(error.message).toMatch(/not a valid pairing link/);
  });

  it("a bad name is an input error and leaves the link usable", async () => {
    const { token } = await createPairing(db, t0);
    await expect(redeemPairing(db, { token, name: "   " }, DAY, t0)).rejects.toThrow(InputError);
    await expect(redeemPairing(db, { token, name: "x".repeat(41) }, DAY, t0)).rejects.toThrow(/under 40/);
    await expect(redeemPairing(db, { token, name: "bad\u0000name" }, DAY, t0)).rejects.toThrow(InputError);
    expect(await pairingState(db, token, t0)).toMatchObject({ state: "valid" });
  });

  it("two phones racing for one link: exactly one wins", async () => {
    const { token } = await createPairing(db, t0);
    const results = await Promise.allSettled(["A", "B", "C"].map((name) => redeemPairing(db, { token, name }, DAY, at(1000))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.device.count()).toBe(1);
  });

  it("forgets links that ended more than a day ago", async () => {
    await createPairing(db, t0);
    await createPairing(db, at(2 * DAY));
    expect(await db.pairingToken.count()).toBe(1);
  });
});

describe("devices", () => {
  async function pair(name: string, when = t0) {
    const { token } = await createPairing(db, when);
    return redeemPairing(db, { token, name }, 30 * DAY, when);
  }

  it("a revoked device stops at its next check, and stays listed as revoked", async () => {
    const phone = await pair("Pixel 7");
    const tablet = await pair("Tablet", at(1000));
    expect(await checkDevice(db, phone.id, at(2000))).toEqual({ ok: true, name: "Pixel 7" });
    expect(await revokeDevice(db, phone.id, at(3000))).toBe(true);
    expect(await revokeDevice(db, phone.id, at(4000))).toBe(false);
    expect(await checkDevice(db, phone.id, at(5000))).toEqual({ ok: false, reason: "revoked" });
    expect(await checkDevice(db, tablet.id, at(5000))).toEqual({ ok: true, name: "Tablet" });

    const list = await listDevices(db, at(6000));
    expect(list.map((d) => [d.name, d.status])).toEqual([
      ["Tablet", "active"],
      ["Pixel 7", "revoked"],
    ]);
  });

  it("an unknown device counts as revoked; an old one as expired", async () => {
    expect(await checkDevice(db, "no-such-device", t0)).toEqual({ ok: false, reason: "revoked" });
    const phone = await pair("Old phone");
    expect(await checkDevice(db, phone.id, at(30 * DAY))).toEqual({ ok: false, reason: "expired" });
    expect((await listDevices(db, at(30 * DAY)))[0]).toMatchObject({ status: "expired" });
  });

  it("records when a device was last seen, at most once a minute", async () => {
    const phone = await pair("Pixel 7");
    await checkDevice(db, phone.id, at(30_000));
    expect((await db.device.findUniqueOrThrow({ where: { id: phone.id } })).lastSeenAt).toEqual(t0);
    await checkDevice(db, phone.id, at(90_000));
    expect((await db.device.findUniqueOrThrow({ where: { id: phone.id } })).lastSeenAt).toEqual(at(90_000));
  });
});
