/**
 * The key next-auth signs and encrypts session cookies with: NEXTAUTH_SECRET, or one generated on first start and
 * kept in the Setting table. `npm start` resolves it and hands it to the Next server in its environment.
 */
import { randomBytes } from "node:crypto";
import type { Config } from "../config";
import type { PrismaClient } from "../generated/prisma/client";

const AUTH_SECRET_KEY = "nextauth_secret";

export interface AuthSecret {
  secret: string;
  source: "environment" | "stored";
  /** True when this call generated it (first start). */
  created: boolean;
}

/** The configured secret, or the stored one, or a new one stored for next time. Safe to call concurrently. */
export async function resolveAuthSecret(db: PrismaClient, config: Pick<Config, "NEXTAUTH_SECRET">): Promise<AuthSecret> {
  if (config.NEXTAUTH_SECRET) return { secret: config.NEXTAUTH_SECRET, source: "environment", created: false };
  const existing = await db.setting.findUnique({ where: { key: AUTH_SECRET_KEY } });
  if (existing) return { secret: existing.value, source: "stored", created: false };
  const candidate = randomBytes(32).toString("base64url");
  const stored = await db.setting.upsert({ where: { key: AUTH_SECRET_KEY }, create: { key: AUTH_SECRET_KEY, value: candidate }, update: {} });
  return { secret: stored.value, source: "stored", created: stored.value === candidate };
}
