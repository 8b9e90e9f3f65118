/**
 * Desktop logins ended on the server. A session cookie is a sealed token that carries its own expiry, so logging
 * out must also tell the server: the login's id is recorded here until the token would have expired anyway, and a
 * copy of the cookie (kept by whoever saw it) opens nothing from then on. Paired phones end by revoking their
 * device row instead (lib/auth/devices.ts).
 */
import type { PrismaClient } from "../generated/prisma/client";

const PREFIX = "session.ended:";

/** Records a login as ended; its entry is dropped once the login would have expired (seconds since the epoch). */
export async function endSession(db: PrismaClient, sid: string, expiresAt: number, now = new Date()): Promise<void> {
  await db.setting.upsert({ where: { key: `${PREFIX}${sid}` }, create: { key: `${PREFIX}${sid}`, value: String(expiresAt) }, update: {} });
  // Entries of logins that have expired by now are no longer needed: the token's own expiry refuses them.
  const ended = await db.setting.findMany({ where: { key: { startsWith: PREFIX } }, select: { key: true, value: true } });
  const stale = ended.filter((e) => Number(e.value) * 1000 <= now.getTime()).map((e) => e.key);
  if (stale.length > 0) await db.setting.deleteMany({ where: { key: { in: stale } } });
}

export async function sessionEnded(db: PrismaClient, sid: string): Promise<boolean> {
  return (await db.setting.findUnique({ where: { key: `${PREFIX}${sid}` }, select: { key: true } })) !== null;
}
