/**
 * Starts the whole app the way `npm start` does (simulator, migrations, Next) on free ports with a throw-away
 * database, for tests that talk to it over HTTP. Requires a build (`npm test` builds first).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

export interface RunningApp {
  url: string;
  token: string;
  dir: string;
  output(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export const TEST_MCP_TOKEN = "test-token-0123456789-abcdefghijklmnop";

export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "sumppump-app-"));
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "start.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      SUMPPUMP_MODE: "sim",
      DATABASE_URL: `file:${path.join(dir, "app.db")}`,
      SUMPPUMP_LOG_FILE: path.join(dir, "app.log"),
      SUMPPUMP_MCP_TOKEN: TEST_MCP_TOKEN,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const url = `http://127.0.0.1:${port}`;
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });

  const deadline = Date.now() + 90_000;
  while (!output.includes("SumpPump is running.")) {
    if (child.exitCode !== null) throw new Error(`The app exited during start-up:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The app did not start within 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, token: env.SUMPPUMP_MCP_TOKEN ?? TEST_MCP_TOKEN, dir, output: () => output, stop };
}

/** Polls until the app reports a live connection to TWS (the simulator). */
export async function waitForConnected(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = (await (await fetch(`${url}/api/status`)).json()) as { ib: { state: string } };
    if (status.ib.state === "connected") return;
    if (Date.now() > deadline) throw new Error(`Still ${status.ib.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
