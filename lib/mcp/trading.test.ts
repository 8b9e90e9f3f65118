/**
 * Trading through the running app: Claude's tools over MCP (the SDK client over HTTP), the trader's routes
 * with a browser session, and a simulator this test owns (the app connects to it as to TWS), so the test can
 * count exactly which orders reached "TWS".
 *
 * What must hold: the MCP token can never approve; refused approvals change nothing; approvals, replays,
 * crashes and dropped connections never give more than one order per proposal; and no sequence of MCP calls
 * alone ever puts an order at TWS.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import fc from "fast-check";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../../sim/server";
import { openDatabase } from "../db";
import { login, startApp, waitForConnected, type RunningApp } from "../testing/app-process";
import type { ProposalView } from "../trading/views";

let sim: Awaited<ReturnType<typeof startSimulator>>;
let app: RunningApp;
let cookie: string;
let mcp: Client;
let dbUrl: string;
let legs: Array<Record<string, unknown>>;
let limit: number;

const simOrders = () => [...sim.simulator.orders.orders.values()].filter((o) => !o.req.whatIf);
const ordersFor = (id: string) => simOrders().filter((o) => o.req.orderRef === id);

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function appEnv(): Record<string, string> {
  return { SUMPPUMP_MODE: "live", IB_HOST: "127.0.0.1", IB_PORT: String(sim.port), DATABASE_URL: dbUrl };
}

async function connectMcp(): Promise<Client> {
  const client = new Client({ name: "trading-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${app.url}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${app.token}` } } }));
  return client;
}

async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await mcp.callTool({ name, arguments: args })) as CallToolResult;
}

const text = (r: CallToolResult): string => r.content.map((c) => (c.type === "text" ? c.text : "")).join("");

async function proposeSpread(extra: Record<string, unknown> = {}): Promise<ProposalView & { approval_url: string }> {
  const result = await call("execute_trade", { symbol: "SPY", legs, quantity: 1, order_type: "LMT", limit_price: limit, reasoning: "test", ...extra });
  expect(result.isError, text(result)).toBeFalsy();
  return (result.structuredContent as { proposal: ProposalView & { approval_url: string } }).proposal;
}

/** A request from the trader's browser: the session cookie and this app's own Origin. */
function asTrader(pathname: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${app.url}${pathname}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Cookie: cookie, Origin: app.url, "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const approve = (p: Pick<ProposalView, "id" | "content_hash" | "revision">, headers?: Record<string, string>) =>
  asTrader(`/api/proposals/${p.id}/approve`, { content_hash: p.content_hash, revision: p.revision }, headers);

async function status(id: string): Promise<ProposalView> {
  const r = await call("get_order_status", { proposal_id: id });
  expect(r.isError, text(r)).toBeFalsy();
  return (r.structuredContent as { proposal: ProposalView }).proposal;
}

beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 9 });
  dbUrl = `file:${path.join(mkdtempSync(path.join(tmpdir(), "sumppump-trading-app-")), "app.db")}`;
  app = await startApp(appEnv());
  await waitForConnected(app.url);
  cookie = await login(app);
  mcp = await connectMcp();
  const chain = (await call("get_options_chain", { symbol: "SPY" })).structuredContent as { expiries: Array<{ expiry: string; days_to_expiry: number }> };
  const expiry = chain.expiries.find((e) => e.days_to_expiry >= 20)!.expiry;
  const spot = ((await call("get_quote", { symbol: "SPY" })).structuredContent as { last: number }).last;
  const window = (await call("get_options_chain", { symbol: "SPY", expiry, strikes_each_side: 6 })).structuredContent as { chains: Array<{ strikes: number[] }> };
  const strikes = window.chains[0]!.strikes;
  const atm = strikes.reduce((best, k) => (Math.abs(k - spot) < Math.abs(best - spot) ? k : best));
  const upper = strikes[strikes.indexOf(atm) + 5]!;
  legs = [
    { type: "call", action: "buy", strike: atm, expiry, quantity: 1 },
    { type: "call", action: "sell", strike: upper, expiry, quantity: 1 },
  ];
  const calculated = await call("calculate_strategy", { symbol: "SPY", legs });
  if (calculated.isError) throw new Error(text(calculated));
  const analysis = calculated.structuredContent as { net_debit_natural: number };
  limit = Math.round((analysis.net_debit_natural / 100 + 0.1) * 100) / 100;
}, 180_000);

afterAll(async () => {
  await mcp?.close().catch(() => {});
  await app?.stop();
  await sim?.close();
});

describe("trading tools over MCP", () => {
  it("execute_trade stores a proposal for approval with the trader's figures, and sends nothing", async () => {
    const { tools } = await mcp.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect(byName.get("execute_trade")!.annotations?.destructiveHint).toBe(true);
    expect(byName.get("get_order_status")!.annotations?.readOnlyHint).toBe(true);
    const p = await proposeSpread();
    expect(p.status).toBe("pending_approval");
    expect(p.analysis.max_loss).toBeCloseTo(limit * 100, 2);
    expect(p.analysis.breakevens).toHaveLength(1);
    expect(p.approval_url).toBe(`${app.url}/inbox#${p.id}`);
    await new Promise((r) => setTimeout(r, 300));
    expect(ordersFor(p.id)).toHaveLength(0);
  });

  it("accepts legs as a JSON string and refuses bad requests with a clear error, storing nothing", async () => {
    const asString = await call("execute_trade", { symbol: "SPY", legs: JSON.stringify(legs), order_type: "LMT", limit_price: limit });
    expect(asString.isError, text(asString)).toBeFalsy();
    const before = ((await call("list_orders", { status: "all", limit: 100 })).structuredContent as { orders: unknown[] }).orders.length;
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ symbol: "SPY", legs, order_type: "MKT", limit_price: 1 }, /MKT order takes no limit_price/],
      [{ symbol: "SPY", legs, order_type: "LMT" }, /needs limit_price/],
      [{ symbol: "SPY", legs, limit_price: -1 }, /limit_price must be positive/],
      [{ symbol: "SPY", legs, limit_price: 1.234 }, /cents/],
      [{ symbol: "SPY", legs: [{ ...legs[0], quantity: -1 }], limit_price: 1 }, /quantity must be positive/],
      [{ symbol: "SPY", legs: [legs[1]], limit_price: 1 }, /Not allowed/],
      [{ symbol: "SPY", legs: [{ ...legs[0], strike: 1234.5 }], limit_price: 1 }, /no 1234.5 strike/],
      [{ symbol: "SPY", legs, quantity: 50, limit_price: limit }, /limit of 20/],
      [{ symbol: "SPY", legs, limit_price: limit, transmit: true }, /Unrecognized key|unrecognized/i],
    ];
    for (const [args, message] of cases) {
      const r = await call("execute_trade", args);
      expect(r.isError, JSON.stringify(args)).toBe(true);
      expect(text(r)).toMatch(message);
    }
    const after = ((await call("list_orders", { status: "all", limit: 100 })).structuredContent as { orders: unknown[] }).orders.length;
    expect(after).toBe(before);
  });

  it("a retry with the same client_request_id returns the same proposal", async () => {
    const a = await proposeSpread({ client_request_id: "mcp-retry-00001" });
    const b = await proposeSpread({ client_request_id: "mcp-retry-00001" });
    expect(b.id).toBe(a.id);
  });
});

describe("approval", () => {
  it("the MCP bearer token opens no trading route", async () => {
    const p = await proposeSpread();
    const bearer = { Authorization: `Bearer ${app.token}` };
    const routes: Array<[string, unknown]> = [
      [`/api/proposals/${p.id}/approve`, { content_hash: p.content_hash, revision: p.revision }],
      [`/api/proposals/${p.id}/reject`, {}],
      [`/api/proposals/${p.id}/cancel`, {}],
      [`/api/proposals/${p.id}/stop-loss`, { action: "dismiss" }],
      ["/api/proposals", { symbol: "SPY", legs, limit_price: limit }],
      ["/api/kill-switch", { on: false }],
    ];
    for (const [route, body] of routes) {
      const r = await fetch(`${app.url}${route}`, { method: "POST", headers: { ...bearer, Origin: app.url, "Content-Type": "application/json" }, body: JSON.stringify(body) });
      expect(r.status, route).toBe(401);
    }
    for (const route of ["/api/proposals", `/api/proposals/${p.id}`, "/api/events", "/api/kill-switch"]) {
      expect((await fetch(`${app.url}${route}`, { headers: bearer })).status, route).toBe(401);
    }
    expect((await status(p.id)).status).toBe("pending_approval");
    expect(ordersFor(p.id)).toHaveLength(0);
  });

  it("refuses cross-origin, wrong-hash, stale-revision and expired approvals, changing nothing", async () => {
    const p = await proposeSpread();
    expect((await approve(p, { Origin: "http://evil.example" })).status).toBe(403);
    const noOrigin = await fetch(`${app.url}/api/proposals/${p.id}/approve`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/json", "Sec-Fetch-Site": "cross-site" }, body: JSON.stringify({ content_hash: p.content_hash, revision: p.revision }) });
    expect(noOrigin.status).toBe(403);
    const wrongHash = await approve({ ...p, content_hash: "f".repeat(64) });
    expect(wrongHash.status).toBe(409);
    expect(((await wrongHash.json()) as { error: string }).error).toMatch(/content hash/);
    expect((await approve({ ...p, revision: p.revision + 1 })).status).toBe(409);
    expect((await approve({ ...p, content_hash: "not-a-hash" })).status).toBe(400);

    const db = openDatabase(dbUrl.slice("file:".length));
    try {
      const old = await proposeSpread();
      await db.proposal.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
      const expired = await approve(old);
      expect(expired.status).toBe(409);
      expect(((await expired.json()) as { error: string }).error).toMatch(/expired/);
      expect((await status(old.id)).status).toBe("expired");
      expect(ordersFor(old.id)).toHaveLength(0);
    } finally {
      await db.$disconnect();
    }
    expect((await status(p.id)).status).toBe("pending_approval");
    expect(ordersFor(p.id)).toHaveLength(0);
  });

  it("an approval sends one order; a replay is refused; the fill, the price and the stop-loss prompt reach Claude", async () => {
    const p = await proposeSpread();
    const first = await approve(p);
    expect(first.status, await first.clone().text()).toBe(200);
    const replay = await approve(p);
    expect(replay.status).toBe(409);
    const filled = await until("the fill", async () => {
      const s = await status(p.id);
      return s.status === "stop_loss_prompted" ? s : undefined;
    });
    expect(ordersFor(p.id)).toHaveLength(1);
    expect(filled.order.filled).toBe(1);
    expect(filled.order.avg_fill_price).toBeGreaterThan(0);
    expect(filled.order.avg_fill_price).toBeLessThanOrEqual(limit);
    expect(filled.approved_by).toBe("desktop");
    expect(filled.stop_loss?.open).toBe(true);

    const stop = await call("set_stop_loss", { proposal_id: p.id });
    expect(stop.isError, text(stop)).toBeFalsy();
    const stopView = (stop.structuredContent as { proposal: ProposalView }).proposal;
    expect(stopView.stop_price).toBe(filled.stop_loss!.suggested_stop);
    expect(stopView.status).toBe("pending_approval");
    expect(ordersFor(stopView.id)).toHaveLength(0);
  });

  it("Claude withdraws a pending proposal freely, but cancelling a working order waits for the trader", async () => {
    const pending = await proposeSpread();
    const withdrawn = await call("cancel_order", { proposal_id: pending.id });
    expect((withdrawn.structuredContent as { outcome: string }).outcome).toBe("cancelled");
    sim.control.stopFilling();
    try {
      const p = await proposeSpread();
      expect((await approve(p)).status).toBe(200);
      const asked = await call("cancel_order", { proposal_id: p.id });
      expect((asked.structuredContent as { outcome: string }).outcome).toBe("awaiting_trader");
      await new Promise((r) => setTimeout(r, 300));
      expect(ordersFor(p.id)[0]!.status).not.toBe("Cancelled");
      expect((await asTrader(`/api/proposals/${p.id}/cancel`, {})).status).toBe(200);
      await until("cancelled", async () => ((await status(p.id)).status === "cancelled" ? true : undefined));
    } finally {
      sim.control.resumeFilling();
    }
  });
});

describe("exactly once", () => {
  it("50 concurrent approvals of one proposal over HTTP give one order at TWS", async () => {
    const p = await proposeSpread();
    const answers = await Promise.all(Array.from({ length: 50 }, () => approve(p)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    await until("the fill", async () => ((await status(p.id)).order.filled > 0 ? true : undefined));
    await new Promise((r) => setTimeout(r, 300));
    expect(ordersFor(p.id)).toHaveLength(1);
  });

  it("a TWS disconnect right after approval loses nothing and doubles nothing", async () => {
    const p = await proposeSpread();
    sim.control.stopFilling();
    try {
      expect((await approve(p)).status).toBe(200);
      sim.control.dropAllConnections();
      await waitForConnected(app.url);
      sim.control.resumeFilling();
      await until("the fill after reconnecting", async () => ((await status(p.id)).status === "stop_loss_prompted" ? true : undefined), 60_000).catch(async (error: unknown) => {
        // Say where it stood: the proposal, the order at the simulator, and what the app logged.
        const view = await status(p.id).catch(() => undefined);
        throw new Error(`${String(error)}; proposal ${JSON.stringify(view?.status)} ${JSON.stringify(view?.order)}; at the simulator ${JSON.stringify(ordersFor(p.id).map((o) => o.status))}\n${app.output().slice(-3000)}`);
      });
      expect(ordersFor(p.id)).toHaveLength(1);
    } finally {
      sim.control.resumeFilling();
    }
  }, 120_000);

  it("killing the app right after an approval and restarting it gives exactly one order", async () => {
    const p = await proposeSpread();
    sim.control.stopFilling();
    try {
      // The approval and the kill race: the order may or may not have left; either way there must be one.
      const approval = approve(p).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 150));
      await app.kill();
      await approval;
      await mcp.close().catch(() => {});
      app = await startApp(appEnv());
      await waitForConnected(app.url);
      cookie = await login(app);
      mcp = await connectMcp();
      sim.control.resumeFilling();
      const s = await until("the order settled", async () => {
        const v = await status(p.id);
        return ["pending_approval", "stop_loss_prompted", "filled"].includes(v.status) ? v : undefined;
      }, 30_000);
      if (s.status === "pending_approval") {
        // Killed before the approval was recorded: nothing may have been sent.
        expect(ordersFor(p.id)).toHaveLength(0);
      } else {
        expect(ordersFor(p.id)).toHaveLength(1);
      }
    } finally {
      sim.control.resumeFilling();
    }
  }, 180_000);

  it("no sequence of MCP calls alone puts an order at TWS", async () => {
    const known: string[] = [];
    const before = simOrders().length;
    const action = fc.oneof(
      fc.record({ tool: fc.constant("execute_trade"), args: fc.record({ quantity: fc.integer({ min: -2, max: 3 }), limit_price: fc.oneof(fc.constant(limit), fc.double({ min: -1, max: 50, noNaN: true })), order_type: fc.constantFrom("LMT", "MKT", "STP", "BOGUS"), client_request_id: fc.option(fc.constantFrom("prop-fuzz-0001", "prop-fuzz-0002"), { nil: undefined }) }) }),
      fc.record({ tool: fc.constantFrom("cancel_order", "get_order_status", "set_stop_loss"), pick: fc.nat(), bogus: fc.boolean() }),
      fc.record({ tool: fc.constant("list_orders"), status: fc.constantFrom("open", "all", "filled", "nonsense") }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 6 }), async (actions) => {
        for (const a of actions) {
          if (a.tool === "execute_trade" && "args" in a) {
            const r = await call("execute_trade", { symbol: "SPY", legs, ...a.args, ...(a.args.order_type === "MKT" ? { limit_price: undefined } : {}) });
            const id = (r.structuredContent as { proposal?: { id: string } } | undefined)?.proposal?.id;
            if (id) known.push(id);
          } else if ("pick" in a) {
            const id = a.bogus || known.length === 0 ? `prp_${"x".repeat(8 + (a.pick % 5))}` : known[a.pick % known.length]!;
            await call(a.tool, { proposal_id: id });
          } else if ("status" in a) {
            await call("list_orders", { status: a.status });
          }
        }
        await new Promise((r) => setTimeout(r, 100));
        expect(simOrders().length).toBe(before);
      }),
      { numRuns: 15 },
    );
  }, 240_000);
});
