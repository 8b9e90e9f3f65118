/**
 * What an order does to what is held, on the simulator: a close shows realised P&L, what remains and the risk it
 * removes (never a new max loss) and the stop already working on it; a stop sells only what is held; a second
 * stop on the same position is refused with the reason.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../../sim/server";
import { openDatabase } from "../db";
import { TradingError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import type { Ib } from "../ib/ib";
import { marketableSpread, newTestDesk, until } from "../testing/desk-harness";
import { closingLegs } from "./stop-loss";
import type { TradingDesk } from "./desk";
import { tradeRequestSchema } from "./trade-request";
import type { ProposalView } from "./views";

let sim: Awaited<ReturnType<typeof startSimulator>>;
let db: PrismaClient;
let ib: Ib;
let desk: TradingDesk;
let entry: ProposalView;

beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 11 });
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "sumppump-held-")), "app.db"));
  ({ ib, desk } = newTestDesk(sim.port, db, 72, { maxDrift: 0.5 }));
  await ib.client.whenReady();
  await desk.start();
  await until("reconciled", async () => (desk.ready() ? true : undefined));
  const { legs, limit } = await marketableSpread(ib);
  const { view } = await desk.propose(tradeRequestSchema.parse({ symbol: "SPY", legs, quantity: 3, order_type: "LMT", limit_price: limit }), "mcp");
  await desk.approve(view.id, { contentHash: view.content_hash, revision: view.revision }, "trader");
  entry = await until("the entry's fill", async () => {
    const v = await desk.view(view.id);
    return v.status === "stop_loss_prompted" && v.order.avg_fill_price !== null ? v : undefined;
  }, 20_000);
  await until("the position at TWS", async () => ((await ib.positions()).some((p) => p.symbol === "SPY" && p.quantity === 3) ? true : undefined), 10_000);
}, 60_000);

afterAll(async () => {
  desk?.stop();
  ib?.stop();
  await db?.$disconnect();
  await sim?.close();
});

describe("position awareness", () => {
  it("one stop per position: a second is refused with the reason, while the first waits and while it works", async () => {
    const first = await desk.proposeStopLoss({ proposal_id: entry.id, stop_price: entry.stop_loss!.suggested_stop! }, "mcp");
    expect(first.quantity).toBe(3);
    const waiting = await desk.proposeStopLoss({ proposal_id: entry.id }, "mcp").catch((e: unknown) => e);
    expect(waiting).toBeInstanceOf(TradingError);
    expect((waiting as Error).message).toContain(`A stop for this position is already waiting for the trader's approval (${first.id}: stop ${first.stop_price!.toFixed(2)} on 3 unit(s) of the 3 held)`);
    await desk.approve(first.id, { contentHash: first.content_hash, revision: first.revision }, "trader");
    await until("the stop working", async () => ((await desk.view(first.id)).status === "transmitted" ? true : undefined));
    const working = await desk.proposeStopLoss({ proposal_id: entry.id }, "mcp").catch((e: unknown) => e);
    expect((working as Error).message).toMatch(/already working at TWS .* A second stop is refused: to replace it, cancel prp_\S+ first/);
  });

  it("closing one of three spreads: realised P&L, what remains, the risk removed, and the stop working on it", async () => {
    const close = closingLegs(entry.legs);
    const probe = await desk.propose(tradeRequestSchema.parse({ symbol: "SPY", legs: close, quantity: 1, order_type: "MKT" }), "mcp");
    const natural = probe.view.market!.natural!;
    await desk.cancel(probe.view.id, "trader", "human");
    const { view } = await desk.propose(tradeRequestSchema.parse({ symbol: "SPY", legs: close, quantity: 1, order_type: "LMT", limit_price: natural }), "mcp");
    const position = view.position!;
    expect(position.closes_only).toBe(true);
    expect(position.legs.map((l) => [l.held, l.closes, l.remains])).toEqual([
      [3, -1, 2],
      [-3, 1, -2],
    ]);
    // Sold for the limit, bought for the fill: (limit − fill) × 100, less the commissions TWS folds into its average cost.
    const gross = (natural - entry.order.avg_fill_price!) * 100;
    expect(position.realised_pnl!).toBeLessThanOrEqual(gross + 0.01);
    expect(position.realised_pnl!).toBeGreaterThan(gross - 10);
    // The risk removed: what one spread is worth at the mid now (a debit spread can lose what it is worth).
    expect(position.risk_removed!).toBeCloseTo(view.market!.mid! * 100, -1);
    expect(view.working_same_contracts.map((w) => [w.kind, w.status, w.quantity])).toEqual([["stop_loss", "transmitted", 3]]);
    // That stop sells 3 and only 2 will be left: the card says so.
    expect(view.analysis.notes.some((n) => /sells 3 unit\(s\); after this close 2 remain/.test(n))).toBe(true);
    // Never a new max loss, for the card or for Claude.
    expect(view.analysis.max_loss).toBeNull();
  });
});
