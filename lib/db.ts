/**
 * The Prisma client for SumpPump's SQLite database, through the better-sqlite3 driver adapter (no query
 * engine binary). Pending migrations are applied before the first client is handed out.
 */
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { databaseFile, getConfig } from "./config";
import { PrismaClient } from "./generated/prisma/client";
import { applyMigrations } from "./migrate";

const globalForDb = globalThis as typeof globalThis & { sumppumpDb?: PrismaClient };

/** Opens a client on a SQLite file after migrating it. Tests pass their own file. */
export function openDatabase(file: string): PrismaClient {
  applyMigrations(file);
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: file, timeout: 5000 }) });
}

/** The process-wide client (kept on globalThis so Next's dev reloads reuse it). */
export function getDb(): PrismaClient {
  globalForDb.sumppumpDb ??= openDatabase(databaseFile(getConfig()));
  return globalForDb.sumppumpDb;
}
