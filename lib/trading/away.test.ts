/**
 * What became of orders while SumpPump was away, read on restart from the simulator over a real socket: a fill
 * is a fill (with its price while TWS's executions still reach back to it, its quantity alone after TWS's day
 * rolled over) and prompts for a stop loss; a cancel or a refusal is that, in TWS's words; an order TWS no longer
 * reports anything of is of unknown outcome, never guessed cancelled and never sent again.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { EventName, IBApi, OrderAction, OrderType, SecType } from "@stoqey/ib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../../sim/server";
import type { SimOrder } from "../../sim/trading/order-types";
import type { LegInput } from "../analysis/legs";
import { openDatabase } from "../db";
import type { PrismaClient } from "../generated/prisma/client";
import type { Ib } from "../ib/ib";
import { marketableSpread, newTestDesk, until } from "../testing/desk-harness";
import type { TradingDesk } from "./desk";
import { tradeRequestSchema } from "./trade-request";
import type { ProposalView } from "./views";

let sim: Awaited<ReturnType<typeof startSimulator>>;
let db: PrismaClient;
let ib: Ib;
let desk: TradingDesk;
let legs: LegInput[];
let limit: number;
const clientId = 61;

async function startDesk(adjust: (ib: Ib) => void = () => {}): Promise<void> {
  ({ ib, desk } = newTestDesk(sim.port, db, clientId, {}, adjust));
  await ib.client.whenReady();
  await desk.start();
  await until("reconciled", async () => (desk.ready() ? true : undefined));
}

function stopDesk(): void {
  desk.stop();
  ib.stop();
}

const ordersFor = (id: string): SimOrder[] => [...sim.simulator.orders.orders.values()].filter((o) => !o.req.whatIf && o.req.orderRef === id);

async function propose(): Promise<ProposalView> {
  const request = tradeRequestSchema.parse({ symbol: "SPY", legs, quantity: 1, order_type: "LMT", limit_price: limit, tif: "GTC" });
  return (await desk.propose(request, "mcp")).view;
}

/** An approved order working at TWS (nothing fills meanwhile), then SumpPump stops. */
async function workingWhenSumpPumpStops(): Promise<{ view: ProposalView; atSim: SimOrder }> {
  sim.control.stopFilling();
  const view = await propose();
  await desk.approve(view.id, { contentHash: view.content_hash, revision: view.revision }, "desktop");
  const atSim = await until("the order working at the simulator", () => ordersFor(view.id).find((o) => o.status === "Submitted"));
  stopDesk();
  return { view, atSim };
}

/** While SumpPump is away, the order fills at TWS. */
async function fillsWhileAway(atSim: SimOrder): Promise<void> {
  sim.control.resumeFilling();
  await until("the fill at the simulator", () => (atSim.status === "Filled" ? true : undefined));
}

/** Another API client (by default with SumpPump's client id, while SumpPump is away), acting at TWS. */
async function otherClient(id = clientId): Promise<{ api: IBApi; nextId: number }> {
  const api = new IBApi({ host: "127.0.0.1", port: sim.port });
  api.on(EventName.error, () => {});
  const nextId = await new Promise<number>((resolve) => {
    api.once(EventName.nextValidId, resolve);
    api.connect(id);
  });
  return { api, nextId };
}

async function settled(id: string, statuses: readonly string[]): Promise<ProposalView> {
  return until(`${id} to settle`, async () => {
    const v = await desk.view(id, true);
    return statuses.includes(v.status) ? v : undefined;
  });
}

beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 8 });
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "sumppump-away-")), "app.db"));
  await startDesk();
  ({ legs, limit } = await marketableSpread(ib));
}, 30_000);

afterAll(async () => {
  desk?.stop();
  ib?.stop();
  sim?.control.resumeFilling();
  await db?.$disconnect();
  await sim?.close();
});

describe("orders that ended while SumpPump was away", () => {
  it("a GTC order filled while away is filled on restart, at TWS's average price, and prompts for a stop loss", async () => {
    const { view, atSim } = await workingWhenSumpPumpStops();
    await fillsWhileAway(atSim);
    await startDesk();
    const done = await settled(view.id, ["stop_loss_prompted"]);
    expect(done.order.filled).toBe(1);
    expect(done.order.avg_fill_price).toBeCloseTo(atSim.avgFillPrice, 6);
    expect(done.stop_loss?.open).toBe(true);
    expect(done.stop_loss?.suggested_stop).toBeCloseTo(Math.round(atSim.avgFillPrice * 50) / 100, 2);
    expect(done.history!.map((h) => h.to).filter(Boolean)).toEqual(["proposed", "pending_approval", "approved", "transmitted", "filled", "stop_loss_prompted"]);
    expect(ordersFor(view.id)).toHaveLength(1);
  });

  it("after TWS's day rolled over (its executions forgotten), the completed order still tells the fill: quantity, no invented price, the stop-loss prompt", async () => {
    const { view, atSim } = await workingWhenSumpPumpStops();
    await fillsWhileAway(atSim);
    sim.control.forgetExecutions();
    await startDesk();
    const done = await settled(view.id, ["stop_loss_prompted"]);
    expect(done.order.filled).toBe(1);
    // TWS's completed orders carry no fill price: SumpPump says so instead of making one up.
    expect(done.order.avg_fill_price).toBeNull();
    expect(done.order.message).toMatch(/^Filled 1\. .*trade log/);
    expect(done.stop_loss).toMatchObject({ open: true, suggested_stop: null });
    const filled = done.history!.find((h) => h.to === "filled");
    expect(filled?.detail).toMatchObject({ filled: 1, avgFillPrice: null, from: "completed orders" });
    expect(ordersFor(view.id)).toHaveLength(1);

    // The trader looks the price up and sets the stop: it is a proposal like any other.
    await expect(desk.proposeStopLoss({ proposal_id: view.id }, "mcp")).rejects.toThrow(/fill price is not known/);
    const stop = await desk.proposeStopLoss({ proposal_id: view.id, stop_price: Math.round(atSim.avgFillPrice * 50) / 100 }, "mcp");
    expect(stop.status).toBe("pending_approval");
    expect(ordersFor(stop.id)).toHaveLength(0);
  });

  it("an order cancelled at TWS while away is cancelled, in TWS's words", async () => {
    const { view, atSim } = await workingWhenSumpPumpStops();
    const other = await otherClient();
    other.api.cancelOrder(atSim.orderId);
    await until("the cancel at the simulator", () => (atSim.status === "Cancelled" ? true : undefined));
    other.api.disconnect();
    sim.control.resumeFilling();
    sim.control.forgetExecutions();
    await startDesk();
    const done = await settled(view.id, ["cancelled"]);
    expect(done.order.filled).toBe(0);
    expect(done.order.message).toBe("Cancelled at TWS: Cancelled by Trader.");
    expect(done.history!.at(-1)).toMatchObject({ actor: "tws", action: "cancelled", detail: { reason: "Cancelled by Trader", from: "completed orders" } });
  });

  it("an order TWS refused after it was sent (SumpPump stopped before hearing why) is rejected with TWS's reason", async () => {
    const view = await propose();
    stopDesk();
    const other = await otherClient();
    // As a crash would leave it: approved, its id claimed and sent, the refusal never processed.
    await db.proposal.update({ where: { id: view.id }, data: { status: "approved", approvedBy: "desktop", approvedAt: new Date(), orderId: other.nextId } });
    sim.control.rejectNextOrder("test refusal while away");
    other.api.placeOrder(
      other.nextId,
      { symbol: "SPY", secType: SecType.STK, exchange: "SMART", currency: "USD" },
      { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 1, totalQuantity: 1, orderRef: view.id, transmit: true },
    );
    await until("the refusal at the simulator", () => (sim.simulator.orders.rejected.some((o) => o.req.orderRef === view.id) ? true : undefined));
    other.api.disconnect();
    await startDesk();
    const done = await settled(view.id, ["rejected"]);
    expect(done.order.message).toBe("Rejected by TWS: Order rejected - reason:test refusal while away");
    expect(ordersFor(view.id)).toHaveLength(0);
  });

  it("an order TWS no longer reports anything of is of unknown outcome: not cancelled, not sent again, shown with where to look, looked for again", async () => {
    const { view, atSim } = await workingWhenSumpPumpStops();
    await fillsWhileAway(atSim);
    sim.control.forgetExecutions();
    sim.control.forgetCompletedOrders();
    await startDesk();
    const unknown = await settled(view.id, ["outcome_unknown"]);
    expect(unknown.final).toBe(false);
    expect(unknown.order.message).toMatch(/^Outcome unknown: TWS no longer lists this order.*check TWS's trade log\.$/);
    expect(unknown.order.tws_status).toBeNull();
    expect(unknown.history!.at(-1)).toMatchObject({ actor: "system", action: "outcome_unknown", from: "transmitted", to: "outcome_unknown", detail: { lastTwsStatus: "Submitted" } });
    expect(ordersFor(view.id)).toHaveLength(1);
    expect((await desk.list({ statuses: ["outcome_unknown"], limit: 10 })).map((v) => v.id)).toContain(view.id);

    // Each reconnection looks again: once TWS reports how it ended, that is what it becomes.
    const other = await otherClient(clientId + 1);
    sim.control.stopFilling();
    other.api.placeOrder(
      other.nextId,
      { symbol: "SPY", secType: SecType.STK, exchange: "SMART", currency: "USD" },
      { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 1, totalQuantity: 1, orderRef: view.id, transmit: true },
    );
    await until("the order at the simulator", () => (ordersFor(view.id).length === 2 ? true : undefined));
    other.api.cancelOrder(other.nextId);
    await until("its cancel", () => (ordersFor(view.id).every((o) => o.status !== "Submitted" && o.status !== "PreSubmitted") ? true : undefined));
    other.api.disconnect();
    sim.control.resumeFilling();
    sim.control.dropAllConnections();
    const later = await settled(view.id, ["cancelled"]);
    expect(later.order.message).toBe("Cancelled at TWS: Cancelled by Trader.");
    expect(later.history!.at(-1)).toMatchObject({ from: "outcome_unknown", to: "cancelled" });
  });

  it("when TWS will not give its completed orders, reconciliation still completes; what the rest does not explain is of unknown outcome", async () => {
    const view = await propose();
    stopDesk();
    // Sent and received long ago (a low id), and nothing at TWS mentions it.
    await db.proposal.update({ where: { id: view.id }, data: { status: "transmitted", approvedBy: "desktop", approvedAt: new Date(), orderId: 1, transmittedAt: new Date() } });
    await startDesk((fresh) => {
      // As a read-only API connection answers reqCompletedOrders: with a refusal.
      fresh.completedOrders = () => Promise.reject(new Error("TWS refused the completed orders"));
    });
    expect(desk.ready()).toBe(true);
    const unknown = await settled(view.id, ["outcome_unknown"]);
    expect(unknown.order.message).toMatch(/check TWS's trade log/);
    expect(ordersFor(view.id)).toHaveLength(0);
  });
});
