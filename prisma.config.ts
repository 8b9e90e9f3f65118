import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma's native schema engine is a download this project never needs: migrations are applied by
// lib/migrate.ts. Pointing the CLI at a stub lets `prisma generate` run offline.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "scripts", "no-schema-engine.sh");

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/sumppump.db" },
});
