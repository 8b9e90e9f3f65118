/**
 * Honest order state against the simulator over a real socket, where other programs and outages get in the way:
 * an order refused only for its id goes again once under a fresh id (one order at TWS per approval), an order TWS
 * refused or does not hold is never shown working, a cancel TWS does not know ends in reconciliation, and an
 * approval while the line to TWS is down is refused at once with the reason, sending nothing then or later.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../../sim/server";
import type { LegInput } from "../analysis/legs";
import { openDatabase } from "../db";
import { TradingError } from "../errors";
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

const atSim = (ref: string) => [...sim.simulator.orders.orders.values()].filter((o) => !o.req.whatIf && o.req.orderRef === ref);

async function propose(extra: Record<string, unknown> = {}): Promise<ProposalView> {
  const request = tradeRequestSchema.parse({ symbol: "SPY", legs, quantity: 1, order_type: "LMT", limit_price: limit, ...extra });
  return (await desk.propose(request, "mcp")).view;
}

const approve = (v: ProposalView): Promise<ProposalView> => desk.approve(v.id, { contentHash: v.content_hash, revision: v.revision }, "desktop");

/** Another API program on the same TWS uses up order ids: SumpPump's next one is among them. Returns the highest. */
async function otherProgramTakesIds(): Promise<number> {
  return Math.max(...sim.control.takeOrderIds(5));
}

async function settled(id: string, statuses: string[]): Promise<ProposalView> {
  return until(`${id} to be ${statuses.join(" or ")}`, async () => {
    const v = await desk.view(id, true);
    return statuses.includes(v.status) ? v : undefined;
  });
}

beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 9 });
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "sumppump-order-state-")), "app.db"));
  ({ ib, desk } = newTestDesk(sim.port, db, 70));
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

describe("an order refused for its id (TWS 103)", () => {
  it("is sent again once under a fresh id from TWS, with the same orderRef: one order at TWS", async () => {
    const taken = await otherProgramTakesIds();
    const view = await propose();
    const first = await approve(view);
    const refusedId = first.order.order_id!;
    expect(refusedId).toBeLessThan(taken);
    const resent = await until("the order sent again", async () => {
      const v = await desk.view(view.id, true);
      return v.order.order_id !== refusedId && v.status !== "approved" ? v : undefined;
    });
    expect(resent.order.order_id).toBeGreaterThan(taken);
    expect(resent.order.message).toMatch(new RegExp(`refused order id ${refusedId} as already used .*sent again as order id ${resent.order.order_id}`));
    expect(resent.history!.filter((h) => h.action === "resend_after_id_in_use")).toHaveLength(1);
    expect(resent.history!.filter((h) => h.action === "send_order")).toHaveLength(2);
    const done = await settled(view.id, ["stop_loss_prompted"]);
    expect(done.order.filled).toBe(1);
    expect(atSim(view.id)).toHaveLength(1);
  });

  it("ends rejected, never working, when its approval is too old to send again", async () => {
    const { ib: ib2, desk: desk2 } = newTestDesk(sim.port, db, 72, { resumeWindowMs: -1 });
    try {
      await ib2.client.whenReady();
      await desk2.start();
      await until("second desk reconciled", async () => (desk2.ready() ? true : undefined));
      await otherProgramTakesIds();
      const view = await propose();
      await desk2.approve(view.id, { contentHash: view.content_hash, revision: view.revision }, "desktop");
      const rejected = await until("the rejection", async () => {
        const v = await desk2.view(view.id);
        return v.status === "rejected" ? v : undefined;
      });
      expect(rejected.order.message).toMatch(/TWS refused order id \d+ as already used .*approval is too old.*Nothing is working at TWS/);
      expect(atSim(view.id)).toHaveLength(0);
      expect((await desk2.list({ statuses: ["approved", "transmitted", "partially_filled"], limit: 50 })).map((p) => p.id)).not.toContain(view.id);
    } finally {
      desk2.stop();
      ib2.stop();
    }
  });
});

/** TWS's 103 for `orderId`, as if SumpPump had just sent an order under it. */
function duplicateIdFor(orderId: number): void {
  for (const c of sim.simulator.connections) c.sendError(orderId, 103, "Duplicate order id");
}

describe("a 103 that the reports contradict, or a second one", () => {
  it("a working order TWS lists is followed, not rejected, whatever 103 says", async () => {
    sim.control.stopFilling();
    try {
      const view = await propose();
      await approve(view);
      // (Its first id may have been refused already, ids having been taken above: the one TWS lists is what counts.)
      const working = await until("working at TWS", async () => {
        const v = await desk.view(view.id, true);
        return v.order.tws_status === "Submitted" ? v : undefined;
      });
      const sends = working.history!.filter((h) => h.action === "send_order").length;
      duplicateIdFor(working.order.order_id!);
      await until("TWS's message recorded", async () => ((await desk.view(view.id)).order.message?.startsWith("TWS 103") ? true : undefined));
      await new Promise((r) => setTimeout(r, 500));
      const after = await desk.view(view.id, true);
      expect(after.status).toBe("transmitted");
      expect(after.order.order_id).toBe(working.order.order_id);
      expect(after.history!.filter((h) => h.action === "send_order")).toHaveLength(sends);
      expect(atSim(view.id)).toHaveLength(1);
      await desk.cancel(view.id, "desktop", "human");
      await settled(view.id, ["cancelled"]);
    } finally {
      sim.control.resumeFilling();
    }
  });

  it("an order already sent again once is not sent a third time: rejected, saying so", async () => {
    const view = await propose();
    // As after a first 103 and a resend whose fresh id TWS refused as well: nothing of it at TWS.
    const orderId = ib.takeOrderId();
    await db.proposal.update({ where: { id: view.id }, data: { status: "transmitted", approvedBy: "desktop", approvedAt: new Date(), orderId, transmittedAt: new Date() } });
    await db.auditEvent.create({ data: { proposalId: view.id, actor: "system", action: "resend_after_id_in_use", detailJson: JSON.stringify({ refusedOrderId: orderId - 1 }) } });
    duplicateIdFor(orderId);
    const rejected = await settled(view.id, ["rejected"]);
    expect(rejected.order.message).toMatch(/sent again under a fresh id once already, and is not sent a third time\. Nothing is working at TWS/);
    expect(atSim(view.id)).toHaveLength(0);
  });
});

describe("orders TWS does not hold are never shown working", () => {
  it("an order TWS rejects (201) ends rejected with TWS's words", async () => {
    const view = await propose();
    sim.control.rejectNextOrder("no trading permissions");
    await approve(view);
    const rejected = await settled(view.id, ["rejected"]);
    expect(rejected.order.message).toMatch(/no trading permissions/);
    expect((await desk.list({ statuses: ["transmitted", "partially_filled"], limit: 50 })).map((p) => p.id)).not.toContain(view.id);
  });

  it("a cancel of an order TWS does not know (10147) leads to reconciliation: cancelled, never 'cancel sent' for good", async () => {
    const view = await propose();
    // As after a send lost on the way: SumpPump holds it as at TWS under an id TWS never saw.
    const orderId = ib.takeOrderId();
    await db.proposal.update({ where: { id: view.id }, data: { status: "transmitted", approvedBy: "desktop", approvedAt: new Date(), orderId, transmittedAt: new Date() } });
    const { outcome } = await desk.cancel(view.id, "desktop", "human");
    expect(outcome).toBe("cancel_sent");
    const cancelled = await settled(view.id, ["cancelled"]);
    expect(cancelled.order.message).toMatch(/TWS does not hold this order .*nothing is working/);
    expect(cancelled.history!.some((h) => h.action === "tws_message" && (h.detail as { code: number }).code === 10147)).toBe(true);
    // Never sent again, although approved moments ago: the trader asked to cancel it.
    expect(atSim(view.id)).toHaveLength(0);
  });
});

describe("approvals while the line to TWS is down", () => {
  it("during TWS's lost link to IB (1100): refused at once with the reason, nothing sent; approved once TWS reports it restored", async () => {
    const view = await propose();
    sim.control.connectivityLost();
    try {
      await until("link lost", () => (ib.status().ibLink === "lost" ? true : undefined));
      expect(desk.notReadyReason()).toMatch(/lost its connection to IB's servers/);
      const started = Date.now();
      const refusal = await approve(view).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(TradingError);
      expect((refusal as TradingError).kind).toBe("unavailable");
      expect((refusal as TradingError).message).toMatch(/^Not sent: TWS lost its connection to IB's servers at .* \(TWS 1100\)/);
      expect(Date.now() - started).toBeLessThan(500);
      expect((await desk.view(view.id)).status).toBe("pending_approval");
    } finally {
      sim.control.connectivityRestored(true);
    }
    await until("ready again", () => (desk.ready() ? true : undefined));
    const approved = await approve(view);
    expect(["transmitted", "partially_filled", "filled", "stop_loss_prompted"]).toContain(approved.status);
    await until("the order at the simulator", () => (atSim(view.id).length > 0 ? true : undefined));
    expect(atSim(view.id)).toHaveLength(1);
  });

  it("the link lost while the approval reads its price: refused at once, and nothing goes out when the link returns", async () => {
    const view = await propose();
    sim.control.pauseMarketData();
    const pending = approve(view).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 300));
    const lostAt = Date.now();
    sim.control.connectivityLost();
    const refusal = await pending;
    expect(Date.now() - lostAt).toBeLessThan(1_000);
    expect(refusal).toBeInstanceOf(TradingError);
    expect((refusal as TradingError).message).toMatch(/^Not sent: TWS lost its connection to IB's servers.*while SumpPump was reading the price of SPY/);
    sim.control.connectivityRestored(true);
    await until("ready again", () => (desk.ready() ? true : undefined));
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await desk.view(view.id)).status).toBe("pending_approval");
    expect(atSim(view.id)).toHaveLength(0);
  });

  it("while TWS answers nothing: refused with the reason; approvals work again once it answers", async () => {
    const view = await propose();
    sim.control.hang(7_000);
    await until("not responding", () => (ib.status().responding ? undefined : true), 6_000);
    const refusal = await approve(view).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(TradingError);
    expect((refusal as TradingError).message).toMatch(/^Not sent: TWS has not answered since .* \(hung, busy, or waiting on a dialog in TWS\)/);
    await until("ready again", () => (desk.ready() ? true : undefined), 15_000);
    expect((await desk.view(view.id)).status).toBe("pending_approval");
    expect(atSim(view.id)).toHaveLength(0);
  }, 30_000);
});
