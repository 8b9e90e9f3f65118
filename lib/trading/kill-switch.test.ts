/**
 * The kill switch against orders already on their way: an approved order that waits for its turn to be written
 * to TWS's socket is held back if the switch goes on meanwhile, however late; "cancel working orders" also covers
 * an approved order whose id is claimed. Against the simulator over a real socket.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../../sim/server";
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

const sentToSim = (id: string): number => [...sim.simulator.orders.orders.values()].filter((o) => !o.req.whatIf && o.req.orderRef === id).length;

async function propose(): Promise<ProposalView> {
  const request = tradeRequestSchema.parse({ symbol: "SPY", legs, quantity: 1, order_type: "LMT", limit_price: limit });
  return (await desk.propose(request, "mcp")).view;
}

beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 9 });
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "sumppump-kill-")), "app.db"));
  ({ ib, desk } = newTestDesk(sim.port, db, 71));
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

describe("kill switch", () => {
  it("holds back an approved order still waiting for its turn at the socket, and says so", async () => {
    // Each order finds the send budget paused as it is placed (as when TWS asked to slow down): it waits in line.
    const place = ib.placeOrder.bind(ib);
    ib.placeOrder = (orderId, spec, mayGo) => {
      ib.client.throttle.backOff(300);
      return place(orderId, spec, mayGo);
    };
    try {
      for (let round = 0; round < 3; round++) {
        const view = await propose();
        const approving = desk.approve(view.id, { contentHash: view.content_hash, revision: view.revision }, "desktop");
        await until("the order id to be claimed", async () => ((await db.proposal.findUnique({ where: { id: view.id } }))?.orderId ?? undefined), 10_000);
        await desk.setKillSwitch(true, "desktop");
        const after = await approving;
        expect(after.status).toBe("rejected");
        expect(after.order.message).toMatch(/kill switch .* before the order reached TWS/);
        expect(sentToSim(view.id)).toBe(0);
        await desk.setKillSwitch(false, "desktop");
      }
      // Nothing held back is sent later either: reconciliation finds them ended, not approved.
      await desk.reconcile();
      const held = await db.proposal.findMany({ where: { statusMessage: { contains: "before the order reached TWS" } } });
      expect(held).toHaveLength(3);
      for (const p of held) expect(sentToSim(p.id)).toBe(0);
    } finally {
      ib.placeOrder = place;
      await desk.setKillSwitch(false, "desktop");
    }
  });

  it("'cancel working orders' covers an approved order whose id is claimed", async () => {
    const view = await propose();
    sim.control.stopFilling();
    try {
      const approved = await desk.approve(view.id, { contentHash: view.content_hash, revision: view.revision }, "desktop");
      expect(approved.status).toBe("transmitted");
      // As if the kill switch came between the send and its record: the order is at TWS, its row still approved.
      await db.proposal.update({ where: { id: view.id }, data: { status: "approved" } });
      await desk.setKillSwitch(true, "desktop");
      expect(await desk.cancelAllWorking("desktop")).toContain(view.id);
      await until("TWS to cancel it", () => ([...sim.simulator.orders.orders.values()].find((o) => o.req.orderRef === view.id && !o.req.whatIf)?.status === "Cancelled" ? true : undefined));
    } finally {
      sim.control.resumeFilling();
      await desk.setKillSwitch(false, "desktop");
    }
  });

  it("is read back from the database when the desk starts", async () => {
    await desk.setKillSwitch(true, "desktop");
    const other = newTestDesk(sim.port, db, 72);
    try {
      await other.ib.client.whenReady();
      await other.desk.start();
      expect(await other.desk.killSwitch()).toBe(true);
      expect((other.desk as unknown as { latch: { on: boolean } }).latch.on).toBe(true);
    } finally {
      other.desk.stop();
      other.ib.stop();
      await desk.setKillSwitch(false, "desktop");
    }
  });
});
