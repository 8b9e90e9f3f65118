/** `npm run db:migrate`: applies pending migrations to the configured database. */
import { ConfigError, databaseFile, getConfig } from "../lib/config";
import { applyMigrations } from "../lib/migrate";

try {
  const file = databaseFile(getConfig());
  const { applied, alreadyApplied } = applyMigrations(file);
  console.log(applied.length ? `Applied ${applied.join(", ")} to ${file}.` : `${file} is up to date (${alreadyApplied} migrations).`);
} catch (error) {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
  process.exit(1);
}
