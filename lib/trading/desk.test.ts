/**
 * The trading desk against the simulator over a real socket: a proposal is only a proposal until approved;
 * an approval sends exactly one order; fills, commissions and the stop-loss prompt follow; refusals change
 * nothing; reconciliation after a restart neither loses nor doubles an order.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulator } from "../../sim/server";
import type { LegInput } from "../analysis/legs";
import { openDatabase } from "../db";
import { TradingError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import { optionStreamKey, type Ib } from "../ib/ib";
import { marketableSpread, newTestDesk, until } from "../testing/desk-harness";
import type { TradingDesk, DeskOptions } from "./desk";
import { tradeRequestSchema } from "./trade-request";
import type { ProposalView } from "./views";

let sim: Awaited<ReturnType<typeof startSimulator>>;
let db: PrismaClient;
let dbFile: string;
let ib: Ib;
let desk: TradingDesk;
let legs: LegInput[];
let limit: number;
const clientId = 60;

function newDesk(overrides: Partial<DeskOptions> = {}, id = clientId): { ib: Ib; desk: TradingDesk } {
  return newTestDesk(sim.port, db, id, overrides);
}

const simOrders = () => [...sim.simulator.orders.orders.values()].filter((o) => !o.req.whatIf);
const ordersAtSim = (): Array<{ orderRef: string }> => simOrders().map((o) => ({ orderRef: o.req.orderRef }));

async function propose(extra: Record<string, unknown> = {}): Promise<ProposalView> {
  const request = tradeRequestSchema.parse({ symbol: "SPY", legs, quantity: 1, order_type: "LMT", limit_price: limit, ...extra });
  return (await desk.propose(request, "mcp")).view;
}

beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 5 });
  dbFile = path.join(mkdtempSync(path.join(tmpdir(), "sumppump-desk-")), "app.db");
  db = openDatabase(dbFile);
  ({ ib, desk } = newDesk());
  await ib.client.whenReady();
  await desk.start();
  await until("reconciled", async () => (desk.ready() ? true : undefined));
  ({ legs, limit } = await marketableSpread(ib));
}, 30_000);

afterAll(async () => {
  desk?.stop();
  ib?.stop();
  await db?.$disconnect();
  await sim?.close();
});

describe("trading desk", () => {
  it("stores a proposal with its analysis at the limit price and sends nothing", async () => {
    const before = ordersAtSim().length;
    const view = await propose({ reasoning: "bullish into earnings" });
    expect(view.status).toBe("pending_approval");
    expect(view.strategy).toMatch(/^Bull call spread/);
    // A debit spread at a limit loses at most what it pays: the limit × 100.
    expect(view.analysis.max_loss).toBeCloseTo(limit * 100, 2);
    expect(view.analysis.breakevens[0]).toBeCloseTo(legs[0]!.type === "call" ? (legs[0] as { strike: number }).strike + limit : 0, 2);
    expect(view.content_hash).toMatch(/^[0-9a-f]{64}$/);
    // Paying the debit (and commission) lowers buying power by that times TWS's buying-power multiple.
    const [account] = await ib.accountSummaries();
    const multiple = account!.buyingPower! / account!.availableFunds!;
    const drop = account!.buyingPower! - view.analysis.buying_power_after!;
    expect(drop).toBeGreaterThanOrEqual(view.analysis.net_debit * multiple - 1);
    expect(drop).toBeLessThanOrEqual((view.analysis.net_debit + (view.analysis.commission ?? 0) + 1) * multiple);
    expect(ordersAtSim().length).toBe(before);
  });

  it("returns the same proposal for a retry with the same client request id", async () => {
    const a = await propose({ client_request_id: "retry-test-0001" });
    const b = await propose({ client_request_id: "retry-test-0001" });
    expect(b.id).toBe(a.id);
  });

  it("refuses what the permission policy forbids, and a trade over the limits, storing nothing", async () => {
    const count = await db.proposal.count();
    const naked = tradeRequestSchema.parse({ symbol: "SPY", legs: [{ ...legs[1]! }], order_type: "LMT", limit_price: 1 });
    await expect(desk.propose(naked, "mcp")).rejects.toThrow(/Not allowed/);
    const big = tradeRequestSchema.parse({ symbol: "SPY", legs, quantity: 15, order_type: "LMT", limit_price: limit });
    await expect(desk.propose(big, "mcp")).rejects.toThrow(/limit of 20/);
    // Paying more than the spread's width can never make money.
    const width = (legs[1] as { strike: number }).strike - (legs[0] as { strike: number }).strike;
    const hopeless = tradeRequestSchema.parse({ symbol: "SPY", legs, order_type: "LMT", limit_price: width + 0.5 });
    await expect(desk.propose(hopeless, "mcp")).rejects.toThrow(/cannot make money/);
    expect(await db.proposal.count()).toBe(count);
  });

  it("says so on the card when TWS gives no P&L for today to check the daily loss limit against", async () => {
    const other = newDesk({ limits: { maxContracts: 20, dailyLossLimit: 5_000 } }, clientId + 7);
    try {
      await other.ib.client.whenReady();
      const request = tradeRequestSchema.parse({ symbol: "SPY", legs, quantity: 1, order_type: "LMT", limit_price: limit });
      const known = (await other.desk.propose(request, "mcp")).view;
      expect(known.analysis.notes.join(" ")).not.toMatch(/no P&L for today/);
      vi.spyOn(other.ib, "accountPnl").mockResolvedValue({ daily: undefined, unrealized: undefined, realized: undefined });
      const unknown = (await other.desk.propose({ ...request, client_request_id: "daily-pnl-unknown" }, "mcp")).view;
      expect(unknown.analysis.notes.join(" ")).toMatch(/TWS gave no P&L for today/);
      // When TWS cannot be asked at all, the limit cannot be checked: the proposal is refused, nothing stored.
      const count = await db.proposal.count();
      vi.spyOn(other.ib, "accountPnl").mockRejectedValue(new Error("no P&L subscription"));
      await expect(other.desk.propose({ ...request, client_request_id: "daily-pnl-failed" }, "mcp")).rejects.toThrow(
        /daily loss limit could not be checked \(no P&L subscription\); nothing was proposed/,
      );
      vi.spyOn(other.ib, "accountSummaries").mockRejectedValue(new Error("Maximum number of account summary requests exceeded"));
      await expect(other.desk.propose({ ...request, client_request_id: "summary-failed" }, "mcp")).rejects.toThrow(/could not be checked \(Maximum number/);
      expect(await db.proposal.count()).toBe(count);
    } finally {
      other.desk.stop();
      other.ib.stop();
    }
  });

  it("refuses a proposal whose margin check cannot run, saying why", async () => {
    const other = newDesk({}, clientId + 8);
    try {
      await other.ib.client.whenReady();
      const request = tradeRequestSchema.parse({ symbol: "SPY", legs, quantity: 1, order_type: "LMT", limit_price: limit });
      const count = await db.proposal.count();
      const whatIf = vi.spyOn(other.ib, "whatIf").mockRejectedValue(new Error("TWS did not answer the what-if"));
      await expect(other.desk.propose({ ...request, client_request_id: "what-if-failed" }, "mcp")).rejects.toThrow(/Margin could not be checked .*TWS did not answer the what-if.*nothing was proposed/);
      whatIf.mockRestore();
      vi.spyOn(other.ib, "accountSummaries").mockRejectedValue(new Error("Maximum number of account summary requests exceeded"));
      await expect(other.desk.propose({ ...request, client_request_id: "funds-failed" }, "mcp")).rejects.toThrow(/Margin against available funds could not be checked/);
      expect(await db.proposal.count()).toBe(count);
    } finally {
      other.desk.stop();
      other.ib.stop();
    }
  });

  it("refuses an approval with a wrong hash or revision, changing nothing", async () => {
    const view = await propose();
    await expect(desk.approve(view.id, { contentHash: "0".repeat(64), revision: view.revision }, "desktop")).rejects.toThrow(/content hash/);
    await expect(desk.approve(view.id, { contentHash: view.content_hash, revision: view.revision + 1 }, "desktop")).rejects.toThrow(/figures changed/);
    expect((await desk.view(view.id)).status).toBe("pending_approval");
    expect(ordersAtSim().some((o) => o.orderRef === view.id)).toBe(false);
  });

  it("approves, sends one order, tracks the fill and prompts for a stop loss", async () => {
    const view = await propose();
    const approved = await desk.approve(view.id, { contentHash: view.content_hash, revision: view.revision }, "desktop");
    expect(["transmitted", "partially_filled", "filled", "stop_loss_prompted"]).toContain(approved.status);
    const done = await until("the stop-loss prompt", async () => {
      const v = await desk.view(view.id, true);
      return v.status === "stop_loss_prompted" && v.order.commission > 0 ? v : undefined;
    });
    expect(done.order.filled).toBe(1);
    expect(done.order.avg_fill_price).toBeGreaterThan(0);
    expect(done.order.avg_fill_price).toBeLessThanOrEqual(limit);
    expect(done.order.executions.some((e) => e.sec_type === "BAG")).toBe(true);
    expect(done.stop_loss?.open).toBe(true);
    expect(done.stop_loss?.suggested_stop).toBeCloseTo(Math.round(done.order.avg_fill_price! * 50) / 100, 2);
    expect(done.history!.map((h) => h.to).filter(Boolean)).toEqual(["proposed", "pending_approval", "approved", "transmitted", "filled", "stop_loss_prompted"]);
    expect(ordersAtSim().filter((o) => o.orderRef === view.id)).toHaveLength(1);

    // The stop loss is itself a proposal: nothing goes to TWS until it is approved.
    const stop = await desk.proposeStopLoss({ proposal_id: view.id, stop_price: done.stop_loss!.suggested_stop! }, "mcp");
    expect(stop.kind).toBe("stop_loss");
    expect(stop.order_type).toBe("STP");
    expect(ordersAtSim().some((o) => o.orderRef === stop.id)).toBe(false);
    expect((await desk.view(view.id)).stop_loss?.open).toBe(false);
    const working = await desk.approve(stop.id, { contentHash: stop.content_hash, revision: stop.revision }, "desktop");
    expect(working.status).toBe("transmitted");
    const atSim = await until("the stop at the simulator", async () => simOrders().find((o) => o.req.orderRef === stop.id));
    expect(atSim.req.orderType).toBe("STP");
    expect(atSim.req.action).toBe("SELL");
    expect(atSim.req.auxPrice).toBeCloseTo(done.stop_loss!.suggested_stop!, 2);
  });

  it("a bracket sends the entry and its protective stop together, approved once", async () => {
    const stopAt = Math.round(limit * 50) / 100;
    const view = await propose({ stop_loss_price: stopAt });
    expect(view.stop_price).toBe(stopAt);
    expect(view.analysis.notes.some((n) => /Bracket/.test(n))).toBe(true);
    await desk.approve(view.id, { contentHash: view.content_hash, revision: view.revision }, "desktop");
    const filled = await until("the entry's fill", async () => {
      const v = await desk.view(view.id);
      return v.status === "stop_loss_prompted" ? v : undefined;
    });
    // The stop exists already: no prompt to set one, just its id.
    expect(filled.stop_loss?.open).toBe(false);
    const stopId = filled.stop_loss!.proposal_id!;
    const stop = await desk.view(stopId, true);
    expect(stop.kind).toBe("stop_loss");
    expect(stop.approved_by).toBe("desktop");
    expect(stop.status).toBe("transmitted");
    const [entryAtSim, stopAtSim] = [ordersAtSim().filter((o) => o.orderRef === view.id), simOrders().filter((o) => o.req.orderRef === stopId)];
    expect(entryAtSim).toHaveLength(1);
    expect(stopAtSim).toHaveLength(1);
    expect(stopAtSim[0]!.req.orderType).toBe("STP");
    expect(stopAtSim[0]!.req.action).toBe("SELL");
    expect(stopAtSim[0]!.req.auxPrice).toBeCloseTo(stopAt, 2);
    expect(stopAtSim[0]!.req.parentId).toBe(filled.order.order_id);
  });

  it("sends one order when 50 approvals of the same proposal race", async () => {
    const view = await propose();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => desk.approve(view.id, { contentHash: view.content_hash, revision: view.revision }, `device:${i}`)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(TradingError);
    await until("the fill", async () => ((await desk.view(view.id)).order.filled === 1 ? true : undefined));
    expect(ordersAtSim().filter((o) => o.orderRef === view.id)).toHaveLength(1);
  });

  it("a pending proposal is withdrawn for free; Claude's cancel of a working order waits for the trader", async () => {
    const pending = await propose();
    expect((await desk.cancel(pending.id, "mcp", "mcp")).outcome).toBe("cancelled");
    sim.control.stopFilling();
    try {
      const view = await propose();
      await desk.approve(view.id, { contentHash: view.content_hash, revision: view.revision }, "desktop");
      const asked = await desk.cancel(view.id, "mcp", "mcp");
      expect(asked.outcome).toBe("awaiting_trader");
      expect(asked.view.cancel_requested_by).toBe("mcp");
      expect((await desk.view(view.id)).status).toBe("transmitted");
      // The trader may decline: the request is cleared and the decision kept in the audit trail.
      const kept = await desk.keepWorking(view.id, "desktop");
      expect(kept.cancel_requested_by).toBeNull();
      expect((await desk.view(view.id, true)).history!.some((h) => h.action === "keep_working" && h.actor === "desktop")).toBe(true);
      await expect(desk.keepWorking(view.id, "desktop")).rejects.toThrow(/no cancel request/);
      expect((await desk.cancel(view.id, "desktop", "human")).outcome).toBe("cancel_sent");
      await until("the cancel", async () => ((await desk.view(view.id)).status === "cancelled" ? true : undefined));
    } finally {
      sim.control.resumeFilling();
    }
  });

  it("an order TWS refuses ends rejected, with TWS's reason for the trader", async () => {
    const view = await propose();
    sim.control.rejectNextOrder("test refusal");
    await desk.approve(view.id, { contentHash: view.content_hash, revision: view.revision }, "desktop");
    const rejected = await until("the rejection", async () => {
      const v = await desk.view(view.id);
      return v.status === "rejected" ? v : undefined;
    });
    expect(rejected.order.message).toMatch(/TWS 201: .*test refusal/);
  });

  it("with the kill switch on, approval is refused and nothing is sent", async () => {
    const view = await propose();
    await desk.setKillSwitch(true, "desktop");
    try {
      await expect(desk.approve(view.id, { contentHash: view.content_hash, revision: view.revision }, "desktop")).rejects.toThrow(/kill switch/);
      expect((await desk.view(view.id)).status).toBe("pending_approval");
    } finally {
      await desk.setKillSwitch(false, "desktop");
    }
  });

  it("refuses an approval when the market moved beyond the drift limit, and refreshes the figures for review", async () => {
    const strict = newDesk({ maxDrift: 1e-9 }, clientId + 1);
    try {
      await strict.ib.client.whenReady();
      await strict.desk.start();
      await until("reconciled", async () => (strict.desk.ready() ? true : undefined));
      const view = await propose();
      // The simulated market moves: wait until the price differs from the one the proposal was judged at.
      // The approval reads the underlying's stream: wait until the price there differs from the card's.
      await until("the market to move", () => {
        const streamed = strict.ib.streamedPrice("SPY", 1_000);
        return streamed !== undefined && streamed !== view.analysis.spot ? true : undefined;
      }, 20_000);
      const refused = await strict.desk.approve(view.id, { contentHash: view.content_hash, revision: view.revision }, "desktop").catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(TradingError);
      expect((refused as Error).message).toMatch(/moved .*%.*approve again/);
      const after = await desk.view(view.id, true);
      expect(after.status).toBe("pending_approval");
      expect(after.revision).toBe(view.revision + 1);
      expect(after.history!.some((h) => h.action === "refresh_figures")).toBe(true);
      expect(ordersAtSim().some((o) => o.orderRef === view.id)).toBe(false);
    } finally {
      strict.desk.stop();
      strict.ib.stop();
    }
  });

  it("keeps a pending proposal's underlying and legs streaming, and its approval's checks read those live quotes without asking TWS", async () => {
    const view = await propose();
    await until("SPY streaming", () => ib.streamedPrice("SPY", 1_000));
    const optionLegs = legs.filter((l) => l.type !== "stock");
    await until("its legs streaming", () =>
      optionLegs.every((l) => ib.streamedQuote(optionStreamKey("SPY", l.expiry, l.strike, l.type === "call" ? "C" : "P"), 1_000)?.bid !== undefined) ? true : undefined,
    );
    const fetched = vi.spyOn(ib, "spot");
    const fetchedLegs = vi.spyOn(ib, "optionQuote");
    try {
      const approved = await desk.approve(view.id, { contentHash: view.content_hash, revision: view.revision }, "desktop");
      expect(approved.status).not.toBe("pending_approval");
      expect(fetched).not.toHaveBeenCalled();
      expect(fetchedLegs).not.toHaveBeenCalled();
      await until("the order at TWS", () => (ordersAtSim().some((o) => o.orderRef === view.id) ? true : undefined));
    } finally {
      fetched.mockRestore();
      fetchedLegs.mockRestore();
    }
  });

  it("refuses an approval when the underlying's streamed quote is stale and TWS gives no fresh one, sending nothing", async () => {
    const strict = newDesk({ quoteMaxAgeMs: 200 }, clientId + 2);
    try {
      await strict.ib.client.whenReady();
      await strict.desk.start();
      await until("reconciled", async () => (strict.desk.ready() ? true : undefined));
      const view = await propose();
      await until("SPY streaming", () => strict.ib.streamedPrice("SPY", 1_000));
      sim.control.pauseMarketData();
      await new Promise((r) => setTimeout(r, 300));
      const refused = await strict.desk.approve(view.id, { contentHash: view.content_hash, revision: view.revision }, "desktop").catch((e: unknown) => e);
      expect((refused as Error).message).toMatch(/No live price for SPY: its streamed quote is .* s old and TWS gave no fresh quote/);
      expect((await desk.view(view.id)).status).toBe("pending_approval");
      expect(ordersAtSim().some((o) => o.orderRef === view.id)).toBe(false);
    } finally {
      sim.control.resumeMarketData();
      strict.desk.stop();
      strict.ib.stop();
    }
  });

  it("after a restart, an approved order TWS never received is sent once, one it has is not sent again, one it no longer knows is of unknown outcome", async () => {
    // Two approved proposals as a crash would leave them: one never reached TWS, one did (placed under its orderRef).
    const lost = await propose();
    const reached = await propose();
    for (const p of [lost, reached]) {
      await db.proposal.update({ where: { id: p.id }, data: { status: "approved", approvedBy: "desktop", approvedAt: new Date(), orderId: 900_000 + Math.floor(Math.random() * 1000) } });
    }
    // Sent, but the connection dropped with it still in flight: its id is above any TWS received.
    const inFlight = await propose();
    // Sent and received long ago (a low id), then gone from TWS with nothing reported of it: never guessed cancelled.
    const gone = await propose();
    await db.proposal.update({ where: { id: inFlight.id }, data: { status: "transmitted", approvedBy: "desktop", approvedAt: new Date(), orderId: 950_000 } });
    await db.proposal.update({ where: { id: gone.id }, data: { status: "transmitted", approvedBy: "desktop", approvedAt: new Date(), orderId: 1 } });
    desk.stop();
    ib.stop();
    const { IBApi, EventName, OrderAction, OrderType, SecType } = await import("@stoqey/ib");
    const other = new IBApi({ host: "127.0.0.1", port: sim.port });
    other.on(EventName.error, () => {});
    const orderId = await new Promise<number>((resolve) => {
      other.once(EventName.nextValidId, resolve);
      other.connect(clientId);
    });
    sim.control.stopFilling();
    other.placeOrder(
      orderId,
      { symbol: "SPY", secType: SecType.STK, exchange: "SMART", currency: "USD" },
      { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 1, totalQuantity: 1, orderRef: reached.id, transmit: true },
    );
    await until("the order at the simulator", async () => (ordersAtSim().some((o) => o.orderRef === reached.id) ? true : undefined));
    other.disconnect();
    try {
      ({ ib, desk } = newDesk());
      await desk.start();
      await until("reconciled", async () => (desk.ready() ? true : undefined));
      await until("both settled", async () => {
        const [a, b] = await Promise.all([desk.view(lost.id), desk.view(reached.id)]);
        return a.status === "transmitted" && b.status === "transmitted" ? true : undefined;
      });
      await until("the lost orders at the simulator", async () => (ordersAtSim().some((o) => o.orderRef === lost.id) && ordersAtSim().some((o) => o.orderRef === inFlight.id) ? true : undefined));
      expect(ordersAtSim().filter((o) => o.orderRef === lost.id)).toHaveLength(1);
      expect(ordersAtSim().filter((o) => o.orderRef === inFlight.id)).toHaveLength(1);
      expect(ordersAtSim().filter((o) => o.orderRef === gone.id)).toHaveLength(0);
      const goneView = await desk.view(gone.id);
      expect(goneView.status).toBe("outcome_unknown");
      expect(goneView.order.message).toMatch(/no longer lists .*check TWS's trade log/);
      expect(ordersAtSim().filter((o) => o.orderRef === reached.id)).toHaveLength(1);
    } finally {
      sim.control.resumeFilling();
    }
  });
});
