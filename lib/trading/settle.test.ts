/**
 * The trader settles an order of unknown outcome by hand, from TWS's trade log, against the simulator over a real
 * socket: a fill entered by the trader is recorded as one learnt from TWS (the stop-loss prompt with its suggested
 * stop; a partial fill with the rest gone prompts for the units held), "did not fill" is cancelled, anything else
 * is refused and changes nothing, and a reconciliation that settles the order first wins.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../../sim/server";
import type { SimOrder } from "../../sim/trading/order-types";
import type { LegInput } from "../analysis/legs";
import { openDatabase } from "../db";
import { InputError, TradingError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import type { Ib } from "../ib/ib";
import type { CompletedOrder } from "../ib/orders";
import { marketableSpread, newTestDesk, until } from "../testing/desk-harness";
import type { TradingDesk, TraderOutcome } from "./desk";
import { suggestedStop } from "./stop-loss";
import { tradeRequestSchema } from "./trade-request";
import type { ProposalView } from "./views";

let sim: Awaited<ReturnType<typeof startSimulator>>;
let db: PrismaClient;
let ib: Ib;
let desk: TradingDesk;
let legs: LegInput[];
let limit: number;
const clientId = 63;

async function startDesk(): Promise<void> {
  ({ ib, desk } = newTestDesk(sim.port, db, clientId));
  await ib.client.whenReady();
  await desk.start();
  await until("reconciled", async () => (desk.ready() ? true : undefined));
}

function stopDesk(): void {
  desk.stop();
  ib.stop();
}

const ordersFor = (id: string): SimOrder[] => [...sim.simulator.orders.orders.values()].filter((o) => !o.req.whatIf && o.req.orderRef === id);

async function propose(quantity = 1): Promise<ProposalView> {
  const request = tradeRequestSchema.parse({ symbol: "SPY", legs, quantity, order_type: "LMT", limit_price: limit, tif: "GTC" });
  return (await desk.propose(request, "mcp")).view;
}

/**
 * An order of unknown outcome without a restart: as if sent long ago (a low order id TWS received) and no longer
 * mentioned by any of TWS's reports, which the next reconciliation finds.
 */
async function unknownOrder(quantity = 1, filledBefore = 0): Promise<ProposalView> {
  const view = await propose(quantity);
  await db.proposal.update({
    where: { id: view.id },
    data: { status: "transmitted", approvedBy: "desktop", approvedAt: new Date(), orderId: 1, transmittedAt: new Date(), filledQuantity: filledBefore },
  });
  await desk.reconcile();
  const v = await desk.view(view.id, true);
  expect(v.status).toBe("outcome_unknown");
  return v;
}

/** Everything settling could change: the row and its audit trail. */
async function snapshot(id: string): Promise<unknown> {
  const row = await db.proposal.findUnique({ where: { id } });
  const events = await db.auditEvent.count({ where: { proposalId: id } });
  return { row, events };
}

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (!error) throw new Error("expected a refusal");
  return error;
}

beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 11 });
  // Order ids up to 100 were handed out before: an order sent with id 1 is one TWS received (see unknownOrder).
  sim.simulator.orders.markUsed(100);
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "sumppump-settle-")), "app.db"));
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

describe("the trader settles an order of unknown outcome", () => {
  it("filled while SumpPump was away and forgotten by TWS: the trader's fill is recorded, with the stop-loss prompt and its suggested stop", async () => {
    sim.control.stopFilling();
    const view = await propose();
    await desk.approve(view.id, { contentHash: view.content_hash, revision: view.revision }, "desktop");
    const atSim = await until("the order working at the simulator", () => ordersFor(view.id).find((o) => o.status === "Submitted"));
    stopDesk();
    sim.control.resumeFilling();
    await until("the fill at the simulator", () => (atSim.status === "Filled" ? true : undefined));
    sim.control.forgetExecutions();
    sim.control.forgetCompletedOrders();
    await startDesk();
    expect((await desk.view(view.id)).status).toBe("outcome_unknown");

    // What the trader reads in TWS's trade log: the price per unit, as the order's limit is expressed.
    const price = Math.round(atSim.avgFillPrice * 100) / 100;
    const settled = await desk.settleUnknown(view.id, { filled: true, quantity: 1, avgPrice: price }, "desktop");
    expect(settled.status).toBe("stop_loss_prompted");
    expect(settled.order.filled).toBe(1);
    expect(settled.order.avg_fill_price).toBe(price);
    expect(settled.order.tws_status).toBeNull();
    expect(settled.order.message).toBe(`Filled 1 at ${price} (from TWS's trade log, entered by the trader).`);
    expect(settled.stop_loss).toMatchObject({ open: true, suggested_stop: suggestedStop(price, true) });
    expect(settled.stop_loss!.suggested_stop).toBeGreaterThan(0);

    const history = (await desk.view(view.id, true)).history!;
    expect(history.map((h) => h.to).filter(Boolean).slice(-3)).toEqual(["outcome_unknown", "filled", "stop_loss_prompted"]);
    expect(history.at(-2)).toMatchObject({
      actor: "desktop",
      action: "settle_by_trader",
      from: "outcome_unknown",
      to: "filled",
      detail: { source: "trader", entered: { filled: true, quantity: 1, avg_price: price }, total: 1 },
    });
    expect(history.at(-1)).toMatchObject({ actor: "desktop", action: "prompt_stop_loss", detail: { suggestedStop: suggestedStop(price, true) } });

    // The prompt works as after any fill: the suggested stop becomes a proposal needing approval; nothing is sent again.
    const stop = await desk.proposeStopLoss({ proposal_id: view.id }, "desktop");
    expect(stop).toMatchObject({ status: "pending_approval", stop_price: suggestedStop(price, true) });
    expect(ordersFor(view.id)).toHaveLength(1);
    expect(ordersFor(stop.id)).toHaveLength(0);
  });

  it("N of M filled, the rest gone: the fill and its price kept, and the stop-loss prompt for the units held", async () => {
    const view = await unknownOrder(3);
    const settled = await desk.settleUnknown(view.id, { filled: true, quantity: 2, avgPrice: 2.9133 }, "device:d1 phone");
    expect(settled.status).toBe("stop_loss_prompted");
    expect(settled.order.filled).toBe(2);
    expect(settled.order.avg_fill_price).toBe(2.9133);
    expect(settled.order.message).toBe("Filled 2 of 3 at 2.91; the rest was cancelled. The trader checked TWS's trade log.");
    expect(settled.stop_loss).toMatchObject({ open: true, suggested_stop: suggestedStop(2.9133, true) });
    const history = (await desk.view(view.id, true)).history!;
    expect(history.slice(-2)).toMatchObject([
      { actor: "device:d1 phone", action: "settle_by_trader", from: "outcome_unknown", to: "partially_filled", detail: { source: "trader", entered: { filled: true, quantity: 2, avg_price: 2.9133 }, total: 3 } },
      { actor: "device:d1 phone", action: "prompt_stop_loss", from: "partially_filled", to: "stop_loss_prompted", detail: { filled: 2, of: 3, from: "trader" } },
    ]);
    // TWS holds what its trade log shows (the simulator never saw this order): two more spreads, besides the one an
    // earlier test bought, whose stop is still waiting. The new stop covers the two units, not the three ordered.
    for (const p of sim.simulator.account.positions.values()) {
      const inst = p.instrument;
      const leg = legs.find((l) => l.type !== "stock" && inst.kind === "option" && inst.strike === l.strike && inst.right === (l.type === "call" ? "C" : "P"));
      if (leg) p.quantity += (leg.action === "buy" ? 2 : -2) * leg.quantity;
    }
    const stop = await desk.proposeStopLoss({ proposal_id: view.id }, "desktop");
    expect(stop.quantity).toBe(2);
  });

  it("did not fill: cancelled, saying the trader checked TWS", async () => {
    const view = await unknownOrder();
    const settled = await desk.settleUnknown(view.id, { filled: false }, "desktop");
    expect(settled.status).toBe("cancelled");
    expect(settled.final).toBe(true);
    expect(settled.order.filled).toBe(0);
    expect(settled.order.message).toBe("Cancelled: the trader checked TWS's trade log, where this order did not fill.");
    expect((await desk.view(view.id, true)).history!.at(-1)).toMatchObject({
      actor: "desktop",
      action: "settle_by_trader",
      from: "outcome_unknown",
      to: "cancelled",
      detail: { source: "trader", entered: { filled: false } },
    });
    // Settled orders are not looked for at TWS again.
    await desk.reconcile();
    expect((await desk.view(view.id)).status).toBe("cancelled");
  });

  it("is refused from any other status, changing nothing", async () => {
    const pending = await propose();
    const cancelled = await unknownOrder();
    await desk.settleUnknown(cancelled.id, { filled: false }, "desktop");
    for (const id of [pending.id, cancelled.id]) {
      for (const outcome of [{ filled: false }, { filled: true, quantity: 1, avgPrice: 1 }] as TraderOutcome[]) {
        const before = await snapshot(id);
        const error = await refusal(desk.settleUnknown(id, outcome, "desktop"));
        expect(error).toBeInstanceOf(TradingError);
        expect((error as TradingError).kind).toBe("conflict");
        expect(error.message).toMatch(/not of unknown outcome: only an order of unknown outcome can be settled by hand; nothing was recorded/);
        expect(await snapshot(id)).toEqual(before);
      }
    }
    const missing = await refusal(desk.settleUnknown("prp_nothing", { filled: false }, "desktop"));
    expect((missing as TradingError).kind).toBe("not_found");
  });

  it("refuses a bad quantity or price, and fills SumpPump already heard of cannot be unsaid, changing nothing", async () => {
    const view = await unknownOrder(2);
    const cases: Array<[TraderOutcome, RegExp]> = [
      [{ filled: true, quantity: 0, avgPrice: 2 }, /whole number of units, at least 1/],
      [{ filled: true, quantity: 1.5, avgPrice: 2 }, /whole number of units/],
      [{ filled: true, quantity: 3, avgPrice: 2 }, /quantity 3 is more than the order's 2 unit/],
      [{ filled: true, quantity: 1, avgPrice: 0 }, /avg_price must be the average fill price per unit, above 0/],
      [{ filled: true, quantity: 1, avgPrice: -2 }, /above 0/],
      [{ filled: true, quantity: 1, avgPrice: Number.NaN }, /above 0/],
      [{ filled: true, quantity: 1, avgPrice: Number.POSITIVE_INFINITY }, /above 0/],
    ];
    for (const [outcome, message] of cases) {
      const before = await snapshot(view.id);
      const error = await refusal(desk.settleUnknown(view.id, outcome, "desktop"));
      expect(error, JSON.stringify(outcome)).toBeInstanceOf(InputError);
      expect(error.message).toMatch(message);
      expect(await snapshot(view.id)).toEqual(before);
    }

    const partly = await unknownOrder(2, 1);
    const before = await snapshot(partly.id);
    expect((await refusal(desk.settleUnknown(partly.id, { filled: false }, "desktop"))).message).toMatch(/already reported 1 unit\(s\) of this order filled: enter the fill/);
    expect((await refusal(desk.settleUnknown(partly.id, { filled: true, quantity: 0, avgPrice: 1 }, "desktop"))).message).toMatch(/at least 1/);
    expect(await snapshot(partly.id)).toEqual(before);
    expect((await desk.settleUnknown(partly.id, { filled: true, quantity: 2, avgPrice: 1.5 }, "desktop")).status).toBe("stop_loss_prompted");
  });

  it("races a reconciliation that finds the order at TWS: whichever goes first wins, the other changes nothing", async () => {
    const realCompleted = ib.completedOrders.bind(ib);
    const cancelledAtTws = (id: string): CompletedOrder => ({ permId: 0, orderRef: id, status: "Cancelled", filled: 0, completedTime: "", completedStatus: "Cancelled by Trader", secType: "BAG" });
    try {
      // Reconciliation first: the trader's fill is refused with a clear 409 and TWS's word stands.
      const a = await unknownOrder();
      ib.completedOrders = async () => [...(await realCompleted()), cancelledAtTws(a.id)];
      const [, lost] = await Promise.all([desk.reconcile(), refusal(desk.settleUnknown(a.id, { filled: true, quantity: 1, avgPrice: 2 }, "desktop"))]);
      expect((lost as TradingError).kind).toBe("conflict");
      expect(lost.message).toMatch(/^This order is cancelled, not of unknown outcome.*nothing was recorded/);
      const afterA = await desk.view(a.id, true);
      expect(afterA).toMatchObject({ status: "cancelled", order: { filled: 0, avg_fill_price: null, message: "Cancelled at TWS: Cancelled by Trader." } });
      expect(afterA.history!.filter((h) => h.from === "outcome_unknown")).toMatchObject([{ actor: "tws", to: "cancelled" }]);

      // The trader first: the fill stands, and the reconciliation behind it leaves the settled order alone.
      const b = await unknownOrder();
      ib.completedOrders = async () => [...(await realCompleted()), cancelledAtTws(b.id)];
      const [won] = await Promise.all([desk.settleUnknown(b.id, { filled: true, quantity: 1, avgPrice: 2 }, "desktop"), desk.reconcile()]);
      expect(won.status).toBe("stop_loss_prompted");
      const afterB = await desk.view(b.id, true);
      expect(afterB).toMatchObject({ status: "stop_loss_prompted", order: { filled: 1, avg_fill_price: 2 } });
      expect(afterB.history!.filter((h) => h.from === "outcome_unknown")).toMatchObject([{ actor: "desktop", action: "settle_by_trader", to: "filled" }]);
    } finally {
      ib.completedOrders = realCompleted;
    }
  });
});
