/**
 * POST /api/proposals/[id]/settle through the running app (a build is needed, as for every app test): the trader's
 * browser session settles an order of unknown outcome; the MCP token, another origin and bad bodies are refused
 * and change nothing; MCP offers no way to do it. The app connects to a simulator this test owns, as to TWS.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "@/sim/server";
import type { LegInput } from "@/lib/analysis/legs";
import { analyseStrategy } from "@/lib/analysis/strategy";
import { openDatabase } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { Ib } from "@/lib/ib/ib";
import { suggestedStop } from "@/lib/trading/stop-loss";
import { login, startApp, waitForConnected, type RunningApp } from "@/lib/testing/app-process";
import type { ProposalView } from "@/lib/trading/views";

let sim: Awaited<ReturnType<typeof startSimulator>>;
let app: RunningApp;
let cookie: string;
let dbUrl: string;
let db: PrismaClient;
let legs: Array<Record<string, unknown>>;
let limit: number;

const ordersFor = (id: string) => [...sim.simulator.orders.orders.values()].filter((o) => !o.req.whatIf && o.req.orderRef === id);

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A request from the trader's browser: the session cookie and this app's own Origin. */
function asTrader(pathname: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${app.url}${pathname}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Cookie: cookie, Origin: app.url, "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

const settle = (id: string, body: unknown, headers?: Record<string, string>) => asTrader(`/api/proposals/${id}/settle`, body, headers);

async function view(id: string): Promise<ProposalView & { history: NonNullable<ProposalView["history"]> }> {
  const r = await asTrader(`/api/proposals/${id}`);
  expect(r.status).toBe(200);
  return ((await r.json()) as { proposal: ProposalView & { history: NonNullable<ProposalView["history"]> } }).proposal;
}

/**
 * An order of unknown outcome: proposed on a page, then made to look sent long ago (a low order id TWS received)
 * with none of TWS's reports mentioning it; the reconciliation after a dropped connection finds it so.
 */
async function unknownOrder(quantity = 1): Promise<ProposalView> {
  const made = await asTrader("/api/proposals", { symbol: "SPY", legs, quantity, order_type: "LMT", limit_price: limit, tif: "GTC" });
  expect(made.status, await made.clone().text()).toBe(200);
  const { proposal } = (await made.json()) as { proposal: ProposalView };
  await db.proposal.update({
    where: { id: proposal.id },
    data: { status: "transmitted", approvedBy: "desktop", approvedAt: new Date(), orderId: 1, transmittedAt: new Date() },
  });
  sim.control.dropAllConnections();
  const unknown = await until("outcome unknown", async () => {
    const v = await view(proposal.id);
    return v.status === "outcome_unknown" ? v : undefined;
  });
  expect(ordersFor(proposal.id)).toHaveLength(0);
  return unknown;
}

async function snapshot(id: string): Promise<unknown> {
  return { row: await db.proposal.findUnique({ where: { id } }), events: await db.auditEvent.count({ where: { proposalId: id } }) };
}

beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 12 });
  // Order ids up to 100 were handed out before: an order sent with id 1 is one TWS received (see unknownOrder).
  sim.simulator.orders.markUsed(100);
  dbUrl = `file:${path.join(mkdtempSync(path.join(tmpdir(), "sumppump-settle-app-")), "app.db")}`;
  app = await startApp({ SUMPPUMP_MODE: "live", IB_HOST: "127.0.0.1", IB_PORT: String(sim.port), DATABASE_URL: dbUrl });
  await waitForConnected(app.url);
  cookie = await login(app);
  db = openDatabase(dbUrl.slice("file:".length));
  // The spread's strikes and a marketable limit, read over a connection of the test's own (another client id).
  const ib = new Ib({ host: "127.0.0.1", port: sim.port, clientId: 77, connectTimeoutMs: 3_000, requestTimeoutMs: 8_000 });
  ib.start();
  try {
    await ib.client.whenReady();
    const info = await ib.optionChainInfo("SPY");
    const spot = await ib.spot("SPY");
    const expiry = info.expirations.find((e) => Number(e) > Number(new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10).replace(/-/g, "")))!;
    const atm = info.strikes.reduce((best, k) => (Math.abs(k - spot) < Math.abs(best - spot) ? k : best));
    const upper = info.strikes.find((k) => k >= atm + 10)!;
    legs = [
      { type: "call", action: "buy", strike: atm, expiry, quantity: 1 },
      { type: "call", action: "sell", strike: upper, expiry, quantity: 1 },
    ];
    const analysis = await analyseStrategy(ib, "SPY", legs as unknown as LegInput[]);
    limit = Math.round((analysis.netDebitNatural! / 100 + 0.1) * 100) / 100;
  } finally {
    ib.stop();
  }
}, 180_000);

afterAll(async () => {
  await db?.$disconnect();
  await app?.stop();
  await sim?.close();
});

describe("POST /api/proposals/[id]/settle", () => {
  it("the MCP token gets 401, another origin 403, and MCP lists no tool that settles an order: nothing changes", async () => {
    const p = await unknownOrder();
    const before = await snapshot(p.id);
    const body = { filled: true, quantity: 1, avg_price: 2.91 };
    const bearer = await fetch(`${app.url}/api/proposals/${p.id}/settle`, {
      method: "POST",
      headers: { Authorization: `Bearer ${app.token}`, Origin: app.url, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(bearer.status).toBe(401);
    expect((await settle(p.id, body, { Origin: "http://evil.example" })).status).toBe(403);
    const crossSite = await fetch(`${app.url}/api/proposals/${p.id}/settle`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/json", "Sec-Fetch-Site": "cross-site" },
      body: JSON.stringify(body),
    });
    expect(crossSite.status).toBe(403);
    expect(await snapshot(p.id)).toEqual(before);

    const mcp = new Client({ name: "settle-test", version: "1.0.0" });
    await mcp.connect(new StreamableHTTPClientTransport(new URL(`${app.url}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${app.token}` } } }));
    try {
      const { tools } = await mcp.listTools();
      expect(tools.length).toBeGreaterThan(0);
      expect(tools.map((t) => t.name).filter((name) => /settle|outcome|record_fill/i.test(name))).toEqual([]);
    } finally {
      await mcp.close();
    }
  });

  it("refuses bad bodies with a clear 400, changing nothing", async () => {
    const p = await unknownOrder(2);
    const before = await snapshot(p.id);
    const cases: Array<[unknown, RegExp]> = [
      [{}, /filled must be true \(with quantity and avg_price\) or false/],
      ["not json", /filled must be true/],
      [{ filled: "yes" }, /filled must be true/],
      [{ filled: true }, /quantity must be a number of units; avg_price must be a number/],
      [{ filled: true, quantity: 1.5, avg_price: 2 }, /quantity must be a whole number/],
      [{ filled: true, quantity: 0, avg_price: 2 }, /quantity must be at least 1/],
      [{ filled: true, quantity: 3, avg_price: 2 }, /quantity 3 is more than the order's 2 unit/],
      [{ filled: true, quantity: 1, avg_price: 0 }, /avg_price must be above 0/],
      [{ filled: true, quantity: 1, avg_price: "2.91" }, /avg_price must be a number/],
      [{ filled: true, quantity: 1, avg_price: 2, price: 2 }, /Unrecognized key: "price"/],
      [{ filled: false, quantity: 1 }, /Unrecognized key: "quantity"/],
    ];
    for (const [body, message] of cases) {
      const r = await settle(p.id, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(((await r.json()) as { error: string }).error, JSON.stringify(body)).toMatch(message);
    }
    expect(await snapshot(p.id)).toEqual(before);
  });

  it("filled: the fill with its price, the stop-loss prompt with a suggested stop, the trader named in the audit trail; then 409", async () => {
    const p = await unknownOrder();
    const r = await settle(p.id, { filled: true, quantity: 1, avg_price: 2.91 });
    expect(r.status, await r.clone().text()).toBe(200);
    const { proposal } = (await r.json()) as { proposal: ProposalView };
    expect(proposal).toMatchObject({ status: "stop_loss_prompted", order: { filled: 1, avg_fill_price: 2.91 }, stop_loss: { open: true, suggested_stop: suggestedStop(2.91, true) } });
    const settled = await view(p.id);
    expect(settled.history.find((h) => h.action === "settle_by_trader")).toMatchObject({
      actor: "desktop",
      from: "outcome_unknown",
      to: "filled",
      detail: { source: "trader", entered: { filled: true, quantity: 1, avg_price: 2.91 } },
    });
    expect(ordersFor(p.id)).toHaveLength(0);

    const again = await settle(p.id, { filled: false });
    expect(again.status).toBe(409);
    const refused = (await again.json()) as { error: string; current: ProposalView };
    expect(refused.error).toMatch(/only an order of unknown outcome can be settled by hand; nothing was recorded/);
    expect(refused.current.status).toBe("stop_loss_prompted");
  });

  it("did not fill: cancelled, saying the trader checked TWS", async () => {
    const p = await unknownOrder();
    const r = await settle(p.id, { filled: false });
    expect(r.status, await r.clone().text()).toBe(200);
    const { proposal } = (await r.json()) as { proposal: ProposalView };
    expect(proposal).toMatchObject({ status: "cancelled", order: { filled: 0, message: "Cancelled: the trader checked TWS's trade log, where this order did not fill." } });
    expect((await settle("prp_missing", { filled: false })).status).toBe(404);
  });
});
