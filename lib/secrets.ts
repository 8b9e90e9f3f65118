/**
 * Secrets the app generates for itself on first start and keeps in the database (never in git or in logs):
 * the MCP bearer token unless SUMPPUMP_MCP_TOKEN sets one.
 */
import { randomBytes } from "node:crypto";
import type { Config } from "./config";
import type { PrismaClient } from "./generated/prisma/client";

const MCP_TOKEN_KEY = "mcp_token";

export interface McpToken {
  token: string;
  source: "environment" | "generated";
  /** True when this call created it (first start). */
  created: boolean;
}

/** The configured token, or the stored one, or a new one stored for next time. Safe to call concurrently. */
export async function resolveMcpToken(db: PrismaClient, config: Pick<Config, "SUMPPUMP_MCP_TOKEN">): Promise<McpToken> {
  if (config.SUMPPUMP_MCP_TOKEN) return { token: config.SUMPPUMP_MCP_TOKEN, source: "environment", created: false };
  const existing = await db.setting.findUnique({ where: { key: MCP_TOKEN_KEY } });
  if (existing) return { token: existing.value, source: "generated", created: false };
  const candidate = randomBytes(32).toString("base64url");
  // upsert with an empty update keeps whichever token was stored first if two processes race.
  const stored = await db.setting.upsert({ where: { key: MCP_TOKEN_KEY }, create: { key: MCP_TOKEN_KEY, value: candidate }, update: {} });
  return { token: stored.value, source: "generated", created: stored.value === candidate };
}
