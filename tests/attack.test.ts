/**
 * The attack suite: the running app (built, started as npm start does, on its built-in simulator) probed the way
 * someone on the LAN or a confused model would. Every route and page against every credential; forged forwarded
 * headers, guessing, copied cookies, foreign origins, crafted cursors, concurrent account reads, a huge history,
 * malformed requests; then a small fuzz of MCP calls and REST bodies. Throughout: no 5xx, and no order reaches the
 * simulator without the trader's approval (read from the simulator itself, over a TWS connection of its own).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ib } from "@/lib/ib/ib";
import { login, logout, rawRequest, startApp, tryLogin, waitForConnected, type RawResponse, type RunningApp } from "@/lib/testing/app-process";

let app: RunningApp;
let simPort: number;
let session: string;
let loggedOut: string;
/** Every response with a 5xx status, whatever asked for it. */
const serverErrors: string[] = [];

beforeAll(async () => {
  app = await startApp();
  await waitForConnected(app.url);
  simPort = Number(/simulator on 127\.0\.0\.1:(\d+)/.exec(app.output())?.[1]);
  session = await login(app);
  loggedOut = await login(app, app.passphrase, "127.0.0.9");
  expect((await logout(app.url, loggedOut)).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

async function call(method: string, path: string, headers: Record<string, string> = {}, body?: string, from?: string): Promise<RawResponse> {
  const response = await rawRequest(app.url, { method, path, headers, body, localAddress: from });
  if (response.status >= 500) serverErrors.push(`${method} ${path} → ${response.status} ${response.body.slice(0, 120)}`);
  return response;
}

const browser = (extra: Record<string, string> = {}): Record<string, string> => ({ Cookie: session, Origin: app.url, "Content-Type": "application/json", ...extra });

/** The order references the simulator holds (open, completed or executed), read as another API client would. */
async function ordersAtSimulator(): Promise<Set<string>> {
  const ib = new Ib({ host: "127.0.0.1", port: simPort, clientId: 901, connectTimeoutMs: 3_000, requestTimeoutMs: 8_000 });
  ib.start();
  try {
    await ib.client.whenReady();
    const [open, completed, { executions }] = await Promise.all([ib.openOrders(), ib.completedOrders().catch(() => []), ib.executions()]);
    return new Set([...open.map((o) => o.orderRef), ...completed.map((o) => o.orderRef), ...executions.map((e) => e.orderRef)].filter(Boolean));
  } finally {
    ib.stop();
  }
}

async function mcp(body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return call(
    "POST",
    "/api/mcp",
    { Authorization: `Bearer ${app.token}`, "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
    typeof body === "string" ? body : JSON.stringify(body),
  );
}

/** A tool's result from an SSE or JSON answer. */
function toolResult(response: RawResponse): { isError?: boolean; structuredContent?: Record<string, unknown>; content?: Array<{ text: string }> } {
  const json = response.body.startsWith("event:") ? response.body.split("\n").find((l) => l.startsWith("data: "))!.slice(6) : response.body;
  return (JSON.parse(json) as { result: ReturnType<typeof toolResult> }).result;
}

let nextId = 1;
const tool = async (name: string, args: unknown) => toolResult(await mcp({ jsonrpc: "2.0", id: nextId++, method: "tools/call", params: { name, arguments: args } }));

// --- The auth matrix ---------------------------------------------------------------------------------------

const PAGES = ["/", "/inbox", "/orders", "/positions", "/devices", "/chain", "/chain/SPY", "/strategy"];
const READS = ["/api/status", "/api/account", "/api/positions", "/api/quote?symbol=SPY", "/api/chain/SPY/expiries", "/api/proposals", "/api/devices", "/api/kill-switch"];
const WRITES: Array<[string, string]> = [
  ["POST", "/api/proposals"],
  ["POST", "/api/proposals/p-none/approve"],
  ["POST", "/api/proposals/p-none/reject"],
  ["POST", "/api/proposals/p-none/cancel"],
  ["POST", "/api/proposals/p-none/keep"],
  ["POST", "/api/proposals/p-none/settle"],
  ["POST", "/api/proposals/p-none/stop-loss"],
  ["POST", "/api/kill-switch"],
  ["POST", "/api/devices/pairings"],
  ["DELETE", "/api/devices/d-none"],
  ["POST", "/api/strategy/analyse"],
];

type Credential = "none" | "mcp token" | "session" | "logged-out session" | "wrong origin";
const CREDENTIALS: Credential[] = ["none", "mcp token", "session", "logged-out session", "wrong origin"];

function headersFor(credential: Credential): Record<string, string> {
  switch (credential) {
    case "none":
      return { Origin: app.url, "Content-Type": "application/json" };
    case "mcp token":
      return { Authorization: `Bearer ${app.token}`, Origin: app.url, "Content-Type": "application/json" };
    case "session":
      return browser();
    case "logged-out session":
      return browser({ Cookie: loggedOut });
    case "wrong origin":
      return browser({ Origin: app.url.replace("http://", "https://") });
  }
}

describe("auth matrix: every page and route against every credential", () => {
  it.each(CREDENTIALS)("%s", async (credential) => {
    const headers = headersFor(credential);
    const opens = credential === "session";
    for (const page of PAGES) {
      const r = await call("GET", page, headers);
      // /chain sends a logged-in trader on to a symbol's chain.
      if (opens) expect([r.status, r.status === 307 && !String(r.headers.location).includes("/login")], page).toEqual(page === "/chain" ? [307, true] : [200, false]);
      else if (credential === "wrong origin") expect(r.status, page).toBe(403);
      else expect([r.status, String(r.headers.location)], page).toEqual([307, expect.stringMatching(/\/login/)]);
    }
    for (const path of READS) {
      const r = await call("GET", path, headers);
      expect(r.status, path).toBe(opens ? 200 : credential === "wrong origin" ? 403 : 401);
    }
    for (const [method, path] of WRITES) {
      const r = await call(method, path, headers, "{}");
      if (opens) expect(r.status, `${method} ${path}`).toBeOneOf([200, 400, 404, 409]);
      else expect(r.status, `${method} ${path}`).toBe(credential === "wrong origin" ? 403 : 401);
    }
    const tools = await call("POST", "/api/mcp", { ...headers, Accept: "application/json, text/event-stream" }, JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }));
    expect(tools.status).toBe(credential === "mcp token" ? 200 : credential === "wrong origin" ? 403 : 401);
    // Open to everyone, and saying nothing of the account.
    const health = await call("GET", "/api/health", credential === "wrong origin" ? {} : headers);
    expect(health.status).toBe(200);
    expect(health.body).not.toMatch(/DU\d|account/i);
  });
});

// --- The findings, one by one --------------------------------------------------------------------------------

describe("login guessing", () => {
  it("X-Forwarded-For from a client is ignored: a new one per guess does not reset the backoff", async () => {
    for (let i = 0; i < 5; i++) await tryLogin(app.url, `wrong ${i}`, "127.0.0.20", { "X-Forwarded-For": `203.0.113.${i}` });
    const spoofed = await tryLogin(app.url, app.passphrase, "127.0.0.20", { "X-Forwarded-For": "203.0.113.99" });
    expect(spoofed).toMatchObject({ ok: false, error: /^Too many wrong passphrases from this address\. Wait \d+ seconds and try again\.$/ });
  });

  it("thirty wrong guesses from six addresses lock out none but themselves: the owner still logs in", async () => {
    const guessers = Array.from({ length: 6 }, (_, i) => `127.0.1.${i + 1}`);
    for (const from of guessers) for (let i = 0; i < 5; i++) await tryLogin(app.url, `guess ${from} ${i}`, from);
    expect(await tryLogin(app.url, app.passphrase, guessers[0])).toMatchObject({ ok: false, error: /Wait \d+ seconds/ });
    expect(await tryLogin(app.url, app.passphrase, "127.0.0.30")).toMatchObject({ ok: true });
    // An open session is never affected by anyone's guessing.
    expect((await call("GET", "/api/status", browser())).status).toBe(200);
  }, 180_000);
});

describe("sessions", () => {
  it("a copy of a cookie that logged out opens nothing", async () => {
    const r = await call("GET", "/api/account", { Cookie: loggedOut });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toMatchObject({ code: "logged_out" });
  });

  it("the session cookie expires when the login does (12 hours), not in 30 days", async () => {
    const result = await tryLogin(app.url, app.passphrase, "127.0.0.31");
    const line = result.ok ? result.setCookie.find((c) => c.startsWith("sumppump.session=")) : undefined;
    const expires = Date.parse(/Expires=([^;]+)/.exec(line ?? "")?.[1] ?? "");
    expect(Math.abs(expires - Date.now() - 12 * 3600_000)).toBeLessThan(120_000);
  });
});

describe("origins", () => {
  it.each(["https", "ftp", "ws"])("an approval from %s://<this host:port> is refused and sends nothing", async (scheme) => {
    const r = await call("POST", "/api/proposals/p-none/approve", browser({ Origin: app.url.replace("http", scheme) }), "{}");
    expect(r.status).toBe(403);
  });
});

describe("malformed requests answer 4xx", () => {
  it.each([
    ["TRACE", "/", 405],
    ["PROPFIND", "/api/status", 405],
    ["GET", "/pair/%ZZ", 400],
    ["GET", "/api/chain/%25/expiries", 400],
    ["GET", "/api/proposals/%ZZ", 400],
    ["POST", "/api/proposals/%ZZ/approve", 400],
  ])("%s %s → %i", async (method, path, status) => {
    expect((await call(method, path, browser(), method === "POST" ? "{}" : undefined)).status).toBe(status);
  });

  it.each(["{not json", "", "[]", "null", '"x"', "{}", '{"jsonrpc":"2.0","id":{},"method":"ping"}', '{"jsonrpc":"2.0","id":1,"method":"tools/call"}', "\u0000".repeat(10)])(
    "a malformed JSON-RPC body %j gets no 5xx",
    async (body) => {
      expect((await mcp(body)).status).toBeLessThan(500);
    },
  );
});

describe("chain cursors", () => {
  it("a crafted cursor (four expiries of ±50 strikes) is refused", async () => {
    const listed = await tool("get_options_chain", { symbol: "SPY" });
    const expiries = (listed.structuredContent!.expiries as Array<{ expiry: string }>).slice(0, 4).map((e) => e.expiry);
    const greedy = { symbol: "SPY", expiries, from: 0, perPage: 4, rights: "both", strikesEachSide: 50 };
    for (const cursor of [`chain1.${Buffer.from(JSON.stringify(greedy)).toString("base64url")}`, `chain2.${Buffer.from(JSON.stringify(greedy)).toString("base64url")}.AAAA`]) {
      const result = await tool("get_options_chain", { symbol: "SPY", cursor });
      expect(result.isError).toBe(true);
      expect(result.content!.map((c) => c.text).join(" ")).toMatch(/cursor is not a next_cursor/);
    }
  });
});

describe("account reads at once", () => {
  it("three /api/account, four /api/positions and three get_account_summary together all succeed", async () => {
    const all = await Promise.all([
      ...Array.from({ length: 3 }, () => call("GET", "/api/account", browser())),
      ...Array.from({ length: 4 }, () => call("GET", "/api/positions", browser())),
      ...Array.from({ length: 3 }, () => mcp({ jsonrpc: "2.0", id: nextId++, method: "tools/call", params: { name: "get_account_summary", arguments: {} } })),
    ]);
    expect(all.map((r) => r.status)).toEqual(Array(10).fill(200));
    for (const r of all.slice(7)) expect(toolResult(r).isError).toBeFalsy();
  });
});

describe("a huge history request", () => {
  it("six months of 1-minute bars: /api/health keeps answering quickly meanwhile", async () => {
    /** /api/health's latencies, sorted, while `during` runs (or for `count` polls). */
    async function healthLatencies(during?: Promise<unknown>, count = 40): Promise<number[]> {
      let done = false;
      void during?.finally(() => (done = true));
      const latencies: number[] = [];
      while (during ? !done : latencies.length < count) {
        const started = performance.now();
        await fetch(`${app.url}/api/health`);
        latencies.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 25));
      }
      return latencies.sort((a, b) => a - b);
    }
    const p95 = (l: number[]): number => l[Math.floor(l.length * 0.95)]!;
    // What this machine gives an idle app (it may be busy with other work), then the same during the history.
    const idle = await healthLatencies();
    const history = tool("get_historical_data", { symbol: "SPY", duration: "6 M", bar_size: "1 min" });
    const busy = await healthLatencies(history);
    const result = await history;
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent!.summary as { bars: number }).bars).toBeGreaterThan(40_000);
    console.log(
      `health during 6 M of 1-minute bars: ${busy.length} polls, p95 ${p95(busy).toFixed(0)} ms, worst ${busy.at(-1)!.toFixed(0)} ms (idle: p95 ${p95(idle).toFixed(0)} ms, worst ${idle.at(-1)!.toFixed(0)} ms)`,
    );
    // It once waited minutes. Each window's answer now holds the loop well under 100 ms on a quiet machine; the
    // bounds leave room for a busy one (the simulator builds each window's bars on the same two cores).
    expect(p95(busy)).toBeLessThan(p95(idle) + 250);
    expect(busy.at(-1)!).toBeLessThan(1_000);
  }, 240_000);
});

// --- Fuzz ----------------------------------------------------------------------------------------------------

const TOOLS = [
  "get_quote",
  "get_options_chain",
  "get_historical_data",
  "get_news",
  "get_account_summary",
  "calculate_strategy",
  "suggest_strategies",
  "backtest_strategy",
  "execute_trade",
  "get_order_status",
  "list_orders",
  "cancel_order",
  "set_stop_loss",
  "no_such_tool",
];

describe("fuzz", () => {
  it("150 MCP calls with arbitrary arguments: no 5xx, no protocol crash", async () => {
    const cases = fc.sample(
      fc.record({
        name: fc.constantFrom(...TOOLS),
        args: fc.oneof(
          fc.object(),
          fc.dictionary(fc.constantFrom("symbol", "expiry", "legs", "quantity", "limit_price", "id", "cursor", "duration", "bar_size", "order_type"), fc.jsonValue()),
          fc.jsonValue(),
        ),
      }),
      { numRuns: 150, seed: 18 },
    );
    for (const { name, args } of cases) {
      const r = await mcp({ jsonrpc: "2.0", id: nextId++, method: "tools/call", params: { name, arguments: args } });
      expect(r.status, `${name} ${JSON.stringify(args).slice(0, 200)}`).toBeLessThan(500);
    }
  }, 300_000);

  it("REST bodies and paths with arbitrary content: no 5xx", async () => {
    const bodies = fc.sample(fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), fc.string({ maxLength: 200 })), { numRuns: 40, seed: 18 });
    for (const body of bodies) {
      for (const [method, path] of WRITES.filter(([, p]) => p !== "/api/kill-switch" && p !== "/api/devices/pairings")) {
        expect((await call(method, path, browser(), body)).status, `${method} ${path} ${body.slice(0, 80)}`).toBeLessThan(500);
      }
    }
    const segments = fc.sample(fc.string({ maxLength: 30 }), { numRuns: 60, seed: 18 });
    for (const segment of segments) {
      const encoded = encodeURIComponent(segment);
      for (const path of [`/api/chain/${encoded}/expiries`, `/api/proposals/${encoded}`, `/api/quote?symbol=${encoded}`, `/chain/${encoded}`]) {
        expect((await call("GET", path, browser())).status, path).toBeLessThan(500);
      }
    }
  }, 300_000);

  it("after all of it: not one 5xx, and not one order at the simulator (none was approved)", async () => {
    expect(serverErrors).toEqual([]);
    expect([...(await ordersAtSimulator())]).toEqual([]);
  });
});
