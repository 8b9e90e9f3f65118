/**
 * Applies the committed SQL migrations in prisma/migrations with better-sqlite3, recording them in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does. Prisma's own migrate command needs a
 * native engine that is downloaded at install time; this needs nothing but the SQL files.
 */
import Database from "better-sqlite3";
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** The app always runs from the project root (npm start, npm test); bundling leaves no module path to go by. */
export const MIGRATIONS_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations");

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export class MigrationError extends Error {
  override readonly name = "MigrationError";
}

const CREATE_HISTORY = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** Migration folder names in the order Prisma applies them (their timestamp prefixes sort lexically). */
export function listMigrations(dir = MIGRATIONS_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

/** Applies every pending migration to the SQLite file, each in its own transaction. Idempotent. */
export function applyMigrations(databaseFile: string, dir = MIGRATIONS_DIR): MigrationResult {
  if (databaseFile !== ":memory:") mkdirSync(path.dirname(databaseFile), { recursive: true });
  const db = new Database(databaseFile);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 5000");
    db.exec(CREATE_HISTORY);
    const done = new Map(
      db
        .prepare<[], { migration_name: string; checksum: string; finished_at: string | null }>(
          `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
        )
        .all()
        .map((row) => [row.migration_name, row]),
    );
    const applied: string[] = [];
    let alreadyApplied = 0;
    for (const name of listMigrations(dir)) {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const previous = done.get(name);
      if (previous) {
        if (!previous.finished_at) {
          throw new MigrationError(`Migration ${name} was started but never finished; restore the database from a backup.`);
        }
        if (previous.checksum !== checksum) {
          throw new MigrationError(`Migration ${name} was changed after it was applied; migrations must never be edited.`);
        }
        alreadyApplied++;
        continue;
      }
      // BEGIN IMMEDIATE takes the write lock first, so two processes starting at once cannot both apply it.
      db.transaction(() => {
        const again = db.prepare(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = ? AND rolled_back_at IS NULL`).get(name);
        if (again) return;
        db.exec(sql);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (?, ?, ?, ?, 1)`,
        ).run(randomUUID(), checksum, new Date().toISOString(), name);
        applied.push(name);
      }).immediate();
    }
    return { applied, alreadyApplied };
  } finally {
    db.close();
  }
}
