/** Paired devices: listing them for /devices, revoking one, and checking a device session against its row. */
import type { PrismaClient } from "../generated/prisma/client";

export interface DeviceSummary {
  id: string;
  name: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  status: "active" | "expired" | "revoked";
}

/** Devices, active ones first, newest first within each group; ended ones stay listed for 30 days. */
export async function listDevices(db: PrismaClient, now = new Date()): Promise<DeviceSummary[]> {
  const since = new Date(now.getTime() - 30 * 24 * 3600_000);
  const rows = await db.device.findMany({
    where: { OR: [{ revokedAt: null, expiresAt: { gt: since } }, { revokedAt: { gt: since } }] },
    orderBy: { createdAt: "desc" },
  });
  const summaries = rows.map((d): DeviceSummary => ({
    id: d.id,
    name: d.name,
    createdAt: d.createdAt,
    lastSeenAt: d.lastSeenAt,
    expiresAt: d.expiresAt,
    revokedAt: d.revokedAt,
    status: d.revokedAt ? "revoked" : d.expiresAt <= now ? "expired" : "active",
  }));
  return [...summaries.filter((d) => d.status === "active"), ...summaries.filter((d) => d.status !== "active")];
}

/** Revokes a device; its session stops working at its next request. False when there is no such active device. */
export async function revokeDevice(db: PrismaClient, id: string, now = new Date()): Promise<boolean> {
  const result = await db.device.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
  return result.count === 1;
}

export type DeviceCheck = { ok: true; name: string } | { ok: false; reason: "revoked" | "expired" };

const TOUCH_INTERVAL_MS = 60_000;

/**
 * Whether a device's session may continue; records it as seen (at most once a minute, so a busy page does not
 * write on every request). A deleted device counts as revoked.
 */
export async function checkDevice(db: PrismaClient, id: string, now = new Date()): Promise<DeviceCheck> {
  const device = await db.device.findUnique({ where: { id }, select: { name: true, revokedAt: true, expiresAt: true, lastSeenAt: true } });
  if (!device || device.revokedAt) return { ok: false, reason: "revoked" };
  if (device.expiresAt <= now) return { ok: false, reason: "expired" };
  if (now.getTime() - device.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    await db.device.updateMany({ where: { id, lastSeenAt: { lt: new Date(now.getTime() - TOUCH_INTERVAL_MS + 1) } }, data: { lastSeenAt: now } });
  }
  return { ok: true, name: device.name };
}
