/**
 * Phone pairing. The desktop asks for a pairing link (`/pair/<token>`, one-time, 5 minutes); the phone that opens
 * it and names itself becomes a Device with its own session. Only the SHA-256 of a token is stored, and redeeming
 * marks it used in the same statement that checks it, so a link works once even if two phones race.
 */
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { InputError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import { AuthError, AuthErrorCode } from "./errors";

export const PAIRING_TTL_MS = 5 * 60_000;

export const deviceNameSchema = z
  .string({ error: "Give this device a name." })
  .trim()
  .min(1, "Give this device a name, e.g. “Pixel 7”.")
  .max(40, "Keep the name under 40 characters.")
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, "The name contains characters that cannot be shown.");

/** Pairing tokens: 32 random bytes, base64url (43 characters). */
export const pairingTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This is not a pairing link.");

export function hashPairingToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

export interface NewPairing {
  token: string;
  expiresAt: Date;
}

/** Stores a new pairing token (hashed) and forgets pairing tokens that ended more than a day ago. */
export async function createPairing(db: PrismaClient, now = new Date(), ttlMs = PAIRING_TTL_MS): Promise<NewPairing> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + ttlMs);
  await db.pairingToken.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 24 * 3600_000) } } });
  await db.pairingToken.create({ data: { tokenHash: hashPairingToken(token), createdAt: now, expiresAt } });
  return { token, expiresAt };
}

export type PairingState = { state: "valid"; expiresAt: Date } | { state: "used" | "expired" | "unknown" };

/** What a pairing link is now, without using it up. */
export async function pairingState(db: PrismaClient, token: string, now = new Date()): Promise<PairingState> {
  if (!pairingTokenSchema.safeParse(token).success) return { state: "unknown" };
  const row = await db.pairingToken.findUnique({ where: { tokenHash: hashPairingToken(token) } });
  if (!row) return { state: "unknown" };
  if (row.usedAt) return { state: "used" };
  if (row.expiresAt <= now) return { state: "expired" };
  return { state: "valid", expiresAt: row.expiresAt };
}

const PAIRING_MESSAGES: Record<Exclude<PairingState["state"], "valid">, string> = {
  used: "This pairing link has already been used. Open Devices on the desktop for a new one.",
  expired: "This pairing link has expired (links last 5 minutes). Open Devices on the desktop for a new one.",
  unknown: "This is not a valid pairing link. Open Devices on the desktop for a new one.",
};

export function pairingProblem(state: Exclude<PairingState["state"], "valid">): string {
  return PAIRING_MESSAGES[state];
}

export interface PairedDevice {
  id: string;
  name: string;
  expiresAt: Date;
}

/**
 * Uses up a pairing token and creates the device it pairs, in one transaction. Throws AuthError(PairingInvalid)
 * saying whether the link was used, expired or never valid, or InputError for a bad name (the link stays usable);
 * the token is consumed only when a device is created.
 */
export async function redeemPairing(
  db: PrismaClient,
  input: { token: string; name: string; userAgent?: string },
  deviceSessionMs: number,
  now = new Date(),
): Promise<PairedDevice> {
  const parsedName = deviceNameSchema.safeParse(input.name);
  if (!parsedName.success) throw new InputError(parsedName.error.issues[0]!.message);
  const name = parsedName.data;
  if (!pairingTokenSchema.safeParse(input.token).success) throw new AuthError(AuthErrorCode.PairingInvalid, pairingProblem("unknown"));
  const tokenHash = hashPairingToken(input.token);
  const device = await db.$transaction(async (tx) => {
    const claimed = await tx.pairingToken.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (claimed.count !== 1) return null;
    const created = await tx.device.create({
      data: { name, userAgent: input.userAgent?.slice(0, 300), createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + deviceSessionMs) },
    });
    await tx.pairingToken.update({ where: { tokenHash }, data: { deviceId: created.id } });
    return created;
  });
  if (!device) {
    const state = await pairingState(db, input.token, now);
    throw new AuthError(AuthErrorCode.PairingInvalid, pairingProblem(state.state === "valid" ? "used" : state.state));
  }
  return { id: device.id, name: device.name, expiresAt: device.expiresAt };
}
