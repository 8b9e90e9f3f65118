/**
 * Every setting, read once from the environment (with `.env` and `.env.local` as defaults) and validated.
 * A bad value stops start-up with one line that names the variable and says what it expects.
 */
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

const port = (fallback: number) =>
  z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535")
    .default(fallback);

const positiveMs = (fallback: number) =>
  z.coerce.number({ error: "must be a number of milliseconds" }).int("must be a whole number of milliseconds").positive("must be positive").default(fallback);

const optionalAmount = (what: string) =>
  z.coerce.number({ error: `must be ${what}` }).positive("must be positive (leave it unset for no limit)").optional();

const flag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0"], { error: 'must be "true" or "false"' })
    .default(fallback ? "true" : "false")
    .transform((v) => v === "true" || v === "1");

const hostName = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .regex(/^[A-Za-z0-9.:\-[\]]+$/, "must be a host name or IP address");

const envSchema = z.object({
  PORT: port(8765).describe("HTTP port for the web app and the MCP endpoint"),
  HOST: hostName.default("0.0.0.0").describe("Address to listen on; 0.0.0.0 lets a phone on the LAN reach the inbox"),
  SUMPPUMP_MODE: z
    .enum(["sim", "live"], { error: 'must be "sim" (built-in simulator) or "live" (TWS / IB Gateway)' })
    .default("sim")
    .describe("sim starts the built-in TWS simulator; live connects to TWS or IB Gateway"),
  IB_HOST: hostName.default("127.0.0.1").describe("TWS / IB Gateway host (live mode)"),
  IB_PORT: port(7497).describe("TWS / IB Gateway API port (live mode; 7497 paper TWS, 7496 live TWS, 4002/4001 Gateway)"),
  IB_CLIENT_ID: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(0, "must be 0 or more")
    .max(2147483647, "must fit in 32 bits")
    .default(1)
    .describe("API client id; must differ from every other API client connected to the same TWS"),
  IB_CONNECT_TIMEOUT_MS: positiveMs(10_000).describe("How long to wait for TWS to accept a connection"),
  IB_REQUEST_TIMEOUT_MS: positiveMs(15_000).describe("How long a request to TWS may go unanswered before it fails"),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^file:.+/, 'must be a SQLite URL such as "file:./data/sumppump.db"')
    .default("file:./data/sumppump.db")
    .describe("SQLite database file"),
  SUMPPUMP_MCP_TOKEN: z
    .string()
    .trim()
    .min(24, "must be at least 24 characters (leave it unset to have one generated)")
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
    .optional()
    .describe("Bearer token Claude must send to /api/mcp; generated and stored on first start if unset"),
  SUMPPUMP_PASSPHRASE: z
    .string()
    .trim()
    .min(12, "must be at least 12 characters (leave it unset to have one generated)")
    .max(200, "must be at most 200 characters")
    .optional()
    .describe("Passphrase for logging in to the web app; generated, stored hashed and printed once by npm start if unset"),
  NEXTAUTH_SECRET: z
    .string()
    .trim()
    .min(32, "must be at least 32 characters (leave it unset to have one generated)")
    .optional()
    .describe("Key that signs and encrypts login sessions; generated and stored on first start if unset"),
  SUMPPUMP_SESSION_HOURS: z.coerce
    .number({ error: "must be a number of hours" })
    .int("must be a whole number of hours")
    .min(1, "must be between 1 and 720 hours")
    .max(720, "must be between 1 and 720 hours")
    .default(12)
    .describe("How long a passphrase login lasts before the browser must log in again"),
  SUMPPUMP_DEVICE_SESSION_DAYS: z.coerce
    .number({ error: "must be a number of days" })
    .int("must be a whole number of days")
    .min(1, "must be between 1 and 365 days")
    .max(365, "must be between 1 and 365 days")
    .default(30)
    .describe("How long a paired phone stays logged in before it must be paired again"),
  SUMPPUMP_SIM_PORT: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535")
    .optional()
    .describe("Port of the built-in simulator (sim mode); npm start picks a free one and sets it"),
  SUMPPUMP_MARKET_DATA: z
    .enum(["delayed", "live-only"], { error: 'must be "delayed" (fall back to delayed data where not subscribed) or "live-only"' })
    .default("delayed")
    .describe("Where the login has no live market-data subscription: use delayed data (marked as such) or fail"),
  SUMPPUMP_CHAIN_CACHE_SECONDS: z.coerce
    .number({ error: "must be a number of seconds" })
    .int("must be a whole number of seconds")
    .min(0, "must be 0 (no reuse) or more")
    .max(3600, "must be at most 3600 seconds")
    .default(60)
    .describe("How long an option chain's expiries and strikes are reused before TWS is asked again"),
  SUMPPUMP_SIM_SEED: z.coerce.number({ error: "must be a number" }).int("must be a whole number").default(42).describe("Seed of the simulated market (sim mode)"),
  SUMPPUMP_ALLOWED_HOSTS: z
    .string()
    .default("")
    .transform((s) => s.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean))
    .describe("Extra host names (comma-separated) the app answers to besides localhost and the machine's LAN addresses"),
  SUMPPUMP_TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((s) => s.split(",").map((a) => a.trim().toLowerCase()).filter(Boolean))
    .refine((list) => list.every((a) => isIP(a) !== 0), "must be IP addresses, comma-separated (the reverse proxies in front of SumpPump)")
    .describe("Addresses of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (unset: none, the headers are ignored)"),
  SUMPPUMP_PROPOSAL_TTL_MINUTES: z.coerce
    .number({ error: "must be a number of minutes" })
    .int("must be a whole number of minutes")
    .min(1, "must be between 1 and 1440 minutes")
    .max(1440, "must be between 1 and 1440 minutes")
    .default(15)
    .describe("How long a proposal waits for approval before it expires"),
  SUMPPUMP_MAX_DRIFT_PCT: z.coerce
    .number({ error: "must be a percentage" })
    .positive("must be positive")
    .max(50, "must be at most 50 (percent)")
    .default(1)
    .describe("If the underlying moved more than this many percent since the trader last saw a proposal, approval is refused and the figures refreshed"),
  SUMPPUMP_LIMIT_BAND_PCT: z.coerce
    .number({ error: "must be a percentage" })
    .min(0, "must be 0 or more (percent of the order's mid)")
    .max(1000, "must be at most 1000 (percent)")
    .default(25)
    .describe("A limit further beyond the market (past the natural, or past the other side) than this percentage of the order's mid is refused"),
  SUMPPUMP_MAX_CONTRACTS: z.coerce
    .number({ error: "must be a number of contracts" })
    .int("must be a whole number")
    .positive("must be positive")
    .default(20)
    .describe("Most option contracts one proposal may trade"),
  SUMPPUMP_MAX_LOSS_PER_TRADE: optionalAmount("an amount in USD").describe("Largest max loss one proposal may carry, USD (unset: no limit)"),
  SUMPPUMP_MAX_NOTIONAL: optionalAmount("an amount in USD").describe("Largest underlying notional one proposal may carry, USD (unset: no limit)"),
  SUMPPUMP_DAILY_LOSS_LIMIT: optionalAmount("an amount in USD").describe("Once the day's loss reaches this, USD, no new trade is approved (unset: no limit)"),
  SUMPPUMP_KILL_SWITCH: flag(false).describe("Start with the kill switch on: nothing is transmitted until the trader turns it off in the inbox"),
  SUMPPUMP_MCP_MAY_CANCEL_WORKING: flag(false).describe("Let cancel_order cancel a working order at TWS without the trader's approval"),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "must be one of fatal, error, warn, info, debug, trace, silent" })
    .default("info")
    .describe("Log level"),
  SUMPPUMP_LOG_FILE: z.string().trim().min(1).default("logs/sump_pump.log").describe("Log file (JSON lines); stdout gets the same lines"),
});

export type Config = z.infer<typeof envSchema>;

/** The variables the app reads, with their descriptions; used by docs and the .env.example check. */
export const CONFIG_VARIABLES: ReadonlyArray<{ name: keyof Config; description: string }> = Object.entries(
  envSchema.shape,
).map(([name, schema]) => ({ name: name as keyof Config, description: schema.description ?? "" }));

const SECRET_VARIABLES: ReadonlySet<string> = new Set(["SUMPPUMP_MCP_TOKEN", "SUMPPUMP_PASSPHRASE", "NEXTAUTH_SECRET"]);

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    readonly variable: string,
    problem: string,
    readonly received: unknown,
  ) {
    super(`Invalid configuration: ${variable} ${problem}${received === undefined ? "" : ` (got ${JSON.stringify(received)})`}.`);
  }
}

/** Validates a set of environment variables. Pure: pass `process.env` or a test's own record. */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  // An empty variable means "unset", as in most shells' `VAR= cmd` and in .env files.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const result = envSchema.safeParse(present);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const variable = String(issue.path[0] ?? "configuration");
  // A secret that fails validation is still someone's secret: name the variable, never echo the value.
  throw new ConfigError(variable, issue.message, SECRET_VARIABLES.has(variable) ? undefined : present[variable]);
}

let loaded: Config | undefined;

/** Reads `.env.local` then `.env` (never overriding the real environment) once, and validates everything. */
export function getConfig(): Config {
  if (loaded) return loaded;
  for (const file of [".env.local", ".env"]) {
    try {
      process.loadEnvFile(path.join(/*turbopackIgnore: true*/ process.cwd(), file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  loaded = parseConfig(process.env);
  return loaded;
}

/** Absolute path of the SQLite file named by DATABASE_URL (relative paths are relative to the working directory). */
export function databaseFile(config: Pick<Config, "DATABASE_URL">): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), config.DATABASE_URL.replace(/^file:/, ""));
}
