/**
 * `npm start`: validates the configuration, migrates the database, builds the app if the build is missing or
 * older than the sources, starts the built-in TWS simulator in sim mode, starts Next, and prints where
 * everything is and how to connect Claude. `npm run dev` does the same with `next dev` and no build.
 * `npm start -- --new-passphrase` replaces a generated login passphrase that was forgotten.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { networkInterfaces } from "node:os";
import path from "node:path";
import { ConfigError, databaseFile, getConfig, type Config } from "../lib/config";
import { resolvePassphrase } from "../lib/auth/passphrase";
import { resolveAuthSecret } from "../lib/auth/secret";
import { openDatabase } from "../lib/db";
import { resolveMcpToken } from "../lib/secrets";

const ROOT = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function loadConfig(): Config {
  try {
    return getConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

/** Newest modification time under the given paths (files only), skipping generated and dependency folders. */
function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string): void => {
    if (!existsSync(p)) return;
    const stat = statSync(p);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(p)) {
        if (entry === "node_modules" || entry === "generated" || entry.startsWith(".")) continue;
        if (entry.endsWith(".test.ts") || entry.endsWith(".test.tsx")) continue;
        visit(path.join(p, entry));
      }
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const p of paths) visit(path.join(ROOT, p));
  return newest;
}

function buildIfNeeded(): void {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  const sources = ["app", "components", "lib", "public", "proxy.ts", "instrumentation.ts", "next.config.ts", "package.json", "tsconfig.json"];
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestMtime(sources)) return;
  console.log(existsSync(buildId) ? "Sources changed since the last build: building…" : "No build yet: building the app (about a minute)…");
  const started = Date.now();
  const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (build.status !== 0) fail("The build failed; see the errors above.");
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

function checkPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      fail(
        error.code === "EADDRINUSE"
          ? `Port ${port} is already in use on ${host}: stop the other program or set PORT to a free port.`
          : `Cannot listen on ${host}:${port}: ${error.message}`,
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === "IPv4" && !a.internal)
    .map((a) => a!.address);
}

async function waitUntilServing(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) fail("The web server stopped during start-up; see the errors above.");
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  fail("The web server did not start within two minutes.");
}

function writeClaudeDesktopConfig(mcpUrl: string, token: string): string {
  const file = path.join(ROOT, "config", "mcp_config.json");
  mkdirSync(path.dirname(file), { recursive: true });
  const entry = {
    mcpServers: {
      sumppump: {
        command: "npx",
        args: ["-y", "mcp-remote", mcpUrl, "--allow-http", "--header", "Authorization:${AUTH_HEADER}"],
        env: { AUTH_HEADER: `Bearer ${token}` },
      },
    },
  };
  writeFileSync(file, `${JSON.stringify(entry, null, 2)}\n`, { mode: 0o600 });
  return file;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const dbFile = databaseFile(config);
  const db = openDatabase(dbFile);
  const token = await resolveMcpToken(db, config);
  const passphrase = await resolvePassphrase(db, config, { regenerate: process.argv.includes("--new-passphrase") });
  const authSecret = await resolveAuthSecret(db, config);
  await db.$disconnect();

  const publicHost = config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST;
  await checkPortFree(config.HOST, config.PORT);
  if (!dev) buildIfNeeded();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(config.PORT),
    HOSTNAME: config.HOST,
    NEXTAUTH_SECRET: authSecret.secret,
    // next-auth takes its own URL from each request's Host (already allow-listed by proxy.ts), so logging in works
    // at http://localhost and at the LAN address a phone uses; a fixed NEXTAUTH_URL would send the phone to localhost.
    AUTH_TRUST_HOST: "true",
  };
  let simulator: { port: number; close(): Promise<void> } | undefined;
  if (config.SUMPPUMP_MODE === "sim") {
    // The simulator runs in this supervisor process: a separate process from Next, reached only over TCP.
    const { startSimulator } = await import("../sim/server");
    simulator = await startSimulator({ host: "127.0.0.1", port: config.SUMPPUMP_SIM_PORT ?? 0, seed: config.SUMPPUMP_SIM_SEED });
    env.SUMPPUMP_SIM_PORT = String(simulator.port);
  }

  const child = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "--hostname", config.HOST, "--port", String(config.PORT)], {
    cwd: ROOT,
    env,
    stdio: "inherit",
  });

  let stopping = false;
  const stop = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      if (child.exitCode === null) child.kill("SIGTERM");
      await simulator?.close();
    }
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  child.on("exit", (code) => void stop(stopping ? 0 : (code ?? 1)));

  const localUrl = `http://${publicHost}:${config.PORT}`;
  await waitUntilServing(localUrl, child);

  const mcpUrl = `${localUrl}/api/mcp`;
  const desktopFile = writeClaudeDesktopConfig(mcpUrl, token.token);
  const lan = config.HOST === "0.0.0.0" ? lanAddresses().map((a) => `http://${a}:${config.PORT}`) : [];
  const lines = [
    "",
    "SumpPump is running.",
    config.SUMPPUMP_MODE === "sim"
      ? `  Market:        SIMULATED (built-in TWS simulator on 127.0.0.1:${simulator!.port}, seed ${config.SUMPPUMP_SIM_SEED})`
      : `  Market:        LIVE via TWS / IB Gateway at ${config.IB_HOST}:${config.IB_PORT} (client id ${config.IB_CLIENT_ID})`,
    `  Local:         ${localUrl}`,
    ...lan.map((url, i) => `  ${i === 0 ? "On your LAN:  " : "              "} ${url}`),
    `  MCP endpoint:  ${mcpUrl}`,
    `  MCP token:     ${token.source === "environment" ? "from SUMPPUMP_MCP_TOKEN" : token.created ? "generated now and stored in the database" : "stored in the database"}`,
    ...(passphrase.generated
      ? [
          `  Passphrase:    ${passphrase.generated}`,
          "                 (generated now and shown only this once; log in with it in the browser. To choose your own,",
          "                 set SUMPPUMP_PASSPHRASE in .env.local; to get a new one, run npm start -- --new-passphrase)",
        ]
      : []),
    "",
    "Connect Claude Code:",
    `  claude mcp add --transport http sumppump ${mcpUrl} --header "Authorization: Bearer ${token.token}"`,
    "",
    `Connect Claude Desktop: merge ${path.relative(process.cwd(), desktopFile)} into claude_desktop_config.json.`,
    "",
  ];
  console.log(lines.join("\n"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
