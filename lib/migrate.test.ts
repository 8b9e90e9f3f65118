import Database from "better-sqlite3";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyMigrations, listMigrations, MigrationError } from "./migrate";
import { openDatabase } from "./db";
import { resolveMcpToken } from "./secrets";

const tempDir = () => mkdtempSync(path.join(tmpdir(), "sumppump-db-"));

describe("applyMigrations", () => {
  it("creates a fresh database from the committed migrations, once", () => {
    const file = path.join(tempDir(), "nested", "app.db");
    const first = applyMigrations(file);
    expect(first.applied).toEqual(listMigrations());
    expect(first.applied.length).toBeGreaterThan(0);
    const second = applyMigrations(file);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(first.applied.length);

    const db = new Database(file, { readonly: true });
    const rows = db.prepare(`SELECT migration_name, finished_at FROM "_prisma_migrations"`).all() as { migration_name: string; finished_at: string }[];
    expect(rows.map((r) => r.migration_name)).toEqual(first.applied);
    expect(rows.every((r) => r.finished_at)).toBe(true);
    db.close();
  });

  it("refuses a migration that was edited after it was applied", () => {
    const dir = tempDir();
    const migrations = path.join(dir, "migrations");
    mkdirSync(path.join(migrations, "001_a"), { recursive: true });
    writeFileSync(path.join(migrations, "001_a", "migration.sql"), "CREATE TABLE a (id INTEGER);");
    const file = path.join(dir, "app.db");
    applyMigrations(file, migrations);
    writeFileSync(path.join(migrations, "001_a", "migration.sql"), "CREATE TABLE a (id TEXT);");
    expect(() => applyMigrations(file, migrations)).toThrow(MigrationError);
  });

  it("rolls back a failing migration and leaves no record of it", () => {
    const dir = tempDir();
    const migrations = path.join(dir, "migrations");
    mkdirSync(path.join(migrations, "001_bad"), { recursive: true });
    writeFileSync(path.join(migrations, "001_bad", "migration.sql"), "CREATE TABLE ok (id INTEGER); CREATE TABLE broken (;");
    const file = path.join(dir, "app.db");
    expect(() => applyMigrations(file, migrations)).toThrow();
    const db = new Database(file, { readonly: true });
    expect(db.prepare(`SELECT count(*) AS n FROM "_prisma_migrations"`).get()).toEqual({ n: 0 });
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'ok'`).get()).toEqual({ n: 0 });
    db.close();
  });
});

describe("resolveMcpToken", () => {
  it("generates a token on first use, keeps it, and prefers the environment's", async () => {
    const db = openDatabase(path.join(tempDir(), "app.db"));
    try {
      const first = await resolveMcpToken(db, {});
      expect(first).toMatchObject({ source: "generated", created: true });
      expect(first.token.length).toBeGreaterThanOrEqual(40);
      const again = await resolveMcpToken(db, {});
      expect(again).toEqual({ token: first.token, source: "generated", created: false });
      const fromEnv = await resolveMcpToken(db, { SUMPPUMP_MCP_TOKEN: "x".repeat(30) });
      expect(fromEnv).toEqual({ token: "x".repeat(30), source: "environment", created: false });
    } finally {
      await db.$disconnect();
    }
  });
});
