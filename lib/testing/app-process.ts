/**
 * Starts the whole app the way `npm start` does (simulator, migrations, Next) on free ports with a throw-away
 * database, for tests that talk to it over HTTP. Requires a build (`npm test` builds first).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

export interface RunningApp {
  url: string;
  token: string;
  /** The login passphrase the app was started with. */
  passphrase: string;
  dir: string;
  output(): string;
  stop(): Promise<void>;
  /** Kills the app and its Next server at once (SIGKILL to the process group), as a crash or power cut would. */
  kill(): Promise<void>;
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
export const TEST_PASSPHRASE = "test passphrase for the trader";

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
      SUMPPUMP_PASSPHRASE: TEST_PASSPHRASE,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so that kill() takes Next (a grandchild) down with it.
    detached: true,
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

  const kill = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
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
  return { url, token: env.SUMPPUMP_MCP_TOKEN ?? TEST_MCP_TOKEN, passphrase: env.SUMPPUMP_PASSPHRASE ?? TEST_PASSPHRASE, dir, output: () => output, stop, kill };
}

/** Polls until the app reports a live connection to TWS (the simulator). */
export async function waitForConnected(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = (await (await fetch(`${url}/api/health`)).json()) as { ib: { state: string } };
    if (status.ib.state === "connected") return;
    if (Date.now() > deadline) throw new Error(`Still ${status.ib.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request with node:http rather than fetch: any method or path as given (fetch refuses TRACE and
 * normalises paths), and an optional local address (127.x.y.z) so the app sees a client at that address.
 */
export function rawRequest(
  url: string,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: options.method ?? "GET",
        path: options.path ?? `${target.pathname}${target.search}`,
        headers: { ...(options.body !== undefined ? { "Content-Length": String(Buffer.byteLength(options.body)) } : {}), ...options.headers },
        localAddress: options.localAddress,
        agent: false,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** The `name=value` pairs of a response's Set-Cookie headers, merged into a jar. */
function collectCookies(setCookie: string[] | string | undefined, jar: Map<string, string>): void {
  for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    if (eq > 0) jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
  }
}

const cookieHeader = (jar: Map<string, string>): string => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

export type LoginResult = { ok: true; cookie: string; setCookie: string[] } | { ok: false; status: number; error: string };

/**
 * Logs in the way the login page does (next-auth's CSRF token, then the passphrase callback) and returns the
 * session cookie as a Cookie header; throws when the login is refused. `from` is a loopback address
 * (127.x.y.z) to connect from, so a test can have its failed attempts counted for an address of its own.
 */
export async function login(app: Pick<RunningApp, "url" | "passphrase">, passphrase = app.passphrase, from?: string): Promise<string> {
  const result = await tryLogin(app.url, passphrase, from);
  if (!result.ok) throw new Error(`Login refused (${result.status}): ${result.error}`);
  return result.cookie;
}

/** One login attempt; on refusal, the message the login page would show. */
export function tryLogin(url: string, passphrase: string, from?: string, headers: Record<string, string> = {}): Promise<LoginResult> {
  return signInWith(url, "passphrase", { passphrase }, from, headers);
}

/** Redeems a pairing link as the phone's page does; the result's cookie is the device's session. */
export function pairDevice(pairingUrl: string, name: string): Promise<LoginResult> {
  const { origin, pathname } = new URL(pairingUrl);
  return signInWith(origin, "pairing", { token: pathname.split("/").pop()!, name });
}

/** next-auth's CSRF token, then a POST to one of its credentials callbacks, as next-auth/react's signIn does. */
async function signInWith(
  url: string,
  provider: "passphrase" | "pairing",
  credentials: Record<string, string>,
  from?: string,
  headers: Record<string, string> = {},
): Promise<LoginResult> {
  const jar = new Map<string, string>();
  const base = { Origin: url, ...headers };
  const csrf = await rawRequest(`${url}/api/auth/csrf`, { headers: base, localAddress: from });
  collectCookies(csrf.headers["set-cookie"], jar);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const response = await rawRequest(`${url}/api/auth/callback/${provider}`, {
    method: "POST",
    headers: { ...base, "Content-Type": "application/x-www-form-urlencoded", Cookie: cookieHeader(jar) },
    body: new URLSearchParams({ ...credentials, csrfToken, callbackUrl: `${url}/`, json: "true" }).toString(),
    localAddress: from,
  });
  const setCookie = [response.headers["set-cookie"] ?? []].flat();
  collectCookies(setCookie, jar);
  let body: { url?: string } = {};
  try {
    body = JSON.parse(response.body) as { url?: string };
  } catch {
    body = {};
  }
  const error = body.url ? new URL(body.url).searchParams.get("error") : null;
  const session = jar.get("sumppump.session");
  if (response.status >= 400 || error || !session) return { ok: false, status: response.status, error: error ?? "no session cookie" };
  return { ok: true, cookie: `sumppump.session=${session}`, setCookie };
}

/** Logs a session out as the app's Log out button does (next-auth's CSRF token, then its signout route). */
export async function logout(url: string, cookie: string): Promise<Response> {
  const csrf = await fetch(`${url}/api/auth/csrf`, { headers: { Cookie: cookie } });
  const csrfCookie = csrf.headers.getSetCookie()[0]!.split(";")[0]!;
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  return fetch(`${url}/api/auth/signout`, {
    method: "POST",
    headers: { Origin: url, Cookie: `${cookie}; ${csrfCookie}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
}
