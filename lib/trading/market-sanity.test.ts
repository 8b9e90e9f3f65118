/**
 * The limit against the market, on the simulator: the card's market figures are the simulator's quotes, an
 * off-market limit warns and beyond the band is refused, and an approval is always of the market as it stands
 * (a moved market refreshes the card instead of sending).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulator } from "../../sim/server";
import type { LegInput } from "../analysis/legs";
import { openDatabase } from "../db";
import { InputError, TradingError } from "../errors";
import type { PrismaClient } from "../generated/prisma/client";
import type { Ib } from "../ib/ib";
import { marketableSpread, newTestDesk, until } from "../testing/desk-harness";
import type { TradingDesk } from "./desk";
import { tradeRequestSchema } from "./trade-request";

let sim: Awaited<ReturnType<typeof startSimulator>>;
let db: PrismaClient;
let ib: Ib;
let desk: TradingDesk;
let legs: LegInput[];
let natural: number;

const simOrders = () => [...sim.simulator.orders.orders.values()].filter((o) => !o.req.whatIf);

function request(limit: number) {
  return tradeRequestSchema.parse({ symbol: "SPY", legs, quantity: 2, order_type: "LMT", limit_price: limit });
}

beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 7 });
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "sumppump-market-")), "app.db"));
  ({ ib, desk } = newTestDesk(sim.port, db, 71, { limitBandPct: 25, maxDrift: 0.5 }));
  await ib.client.whenReady();
  await desk.start();
  await until("reconciled", async () => (desk.ready() ? true : undefined));
  const spread = await marketableSpread(ib);
  legs = spread.legs;
  natural = Math.round((spread.limit - 0.1) * 100) / 100;
}, 30_000);

afterAll(async () => {
  desk?.stop();
  ib?.stop();
  await db?.$disconnect();
  await sim?.close();
});

describe("the limit against the market", () => {
  it("shows each leg's quote, the order's mid and natural, and the limit in ticks and % of natural", async () => {
    const { view } = await desk.propose(request(natural), "mcp");
    const m = view.market!;
    const quotes = await Promise.all(legs.map((l) => (l.type === "stock" ? undefined : ib.optionQuote("SPY", l.expiry, l.strike, l.type === "call" ? "C" : "P"))));
    // The simulator's quotes, a moment later (its market moves a cent or two meanwhile).
    m.legs.forEach((leg, i) => {
      expect(Math.abs(leg.bid! - quotes[i]!.bid!)).toBeLessThanOrEqual(0.05);
      expect(Math.abs(leg.ask! - quotes[i]!.ask!)).toBeLessThanOrEqual(0.05);
      expect(leg.mid).toBeCloseTo((leg.bid! + leg.ask!) / 2, 4);
    });
    // Bull call spread: natural = long ask − short bid; mid between the two sides.
    const [long, short] = m.legs;
    expect(m.natural).toBeCloseTo(long!.ask! - short!.bid!, 4);
    expect(m.mid).toBeCloseTo(long!.mid! - short!.mid!, 4);
    expect(Math.abs(m.ticks_from_mid! - (natural - m.mid!) * 100)).toBeLessThanOrEqual(0.5 + 1e-6);
    expect(m.pct_of_natural).toBeCloseTo((natural / m.natural!) * 100, 1);
    // The simulator's market moves: the limit overpays exactly when it is above the natural the card shows.
    expect(m.warnings.map((w) => w.code).includes("overpaying")).toBe(natural > m.natural! + 1e-9);
    // Max loss at the limit (2 units × limit × 100) beside the one at the mid.
    expect(view.analysis.max_loss).toBeCloseTo(2 * natural * 100, 2);
    expect(view.analysis.at_mid!.max_loss).toBeCloseTo(2 * m.mid! * 100, 0);
    expect(view.analysis.at_mid!.breakevens[0]).toBeCloseTo((legs[0] as { strike: number }).strike + m.mid!, 1);
  });

  it("warns of overpaying above the natural, by how much", async () => {
    const over = Math.round((natural + 0.3) * 100) / 100;
    const { view } = await desk.propose(request(over), "mcp");
    const warning = view.market!.warnings.find((w) => w.code === "overpaying");
    expect(warning?.message).toContain(`${(over - view.market!.natural!).toFixed(2)} per unit (${((over - view.market!.natural!) * 200).toFixed(2)} USD in all)`);
  });

  it("refuses a limit far beyond the market, storing nothing; and one far below it", async () => {
    const before = await db.proposal.count();
    // Far above the natural, yet below the spread's width (where it could not make money at all).
    const width = (legs[1] as { strike: number }).strike - (legs[0] as { strike: number }).strike;
    const far = Math.min(width - 0.5, Math.round(natural * 170) / 100);
    await expect(desk.propose(request(far), "mcp")).rejects.toThrow(InputError);
    await expect(desk.propose(request(far), "mcp")).rejects.toThrow(/refused\. A limit between \d+\.\d\d and \d+\.\d\d is accepted/);
    await expect(desk.propose(request(0.05), "mcp")).rejects.toThrow(/beyond the market: refused/);
    expect(await db.proposal.count()).toBe(before);
  });

  it("an approval records the market it was given against, the one the card showed", async () => {
    const { view } = await desk.propose(request(natural), "mcp");
    const sent = await desk.approve(view.id, { contentHash: view.content_hash, revision: view.revision }, "trader");
    expect(["transmitted", "filled", "stop_loss_prompted", "partially_filled"]).toContain(sent.status);
    const event = await db.auditEvent.findFirstOrThrow({ where: { proposalId: view.id, action: "approve" } });
    const detail = JSON.parse(event.detailJson!) as { market: { natural: number; mid: number; limit: number } };
    expect(detail.market.limit).toBe(natural);
    expect(Math.abs(detail.market.natural - view.market!.natural!)).toBeLessThanOrEqual(Math.max(0.02, 0.02 * view.market!.natural!) + 1e-9);
  });

  it("a market that moved since the card refreshes it instead of sending; the refreshed card can be approved", async () => {
    const { view } = await desk.propose(request(natural), "mcp");
    const before = simOrders().length;
    const real = ib.liveOptionQuote.bind(ib);
    // The long leg's market jumps 0.40 (as the approval reads it, streamed or fresh): the card's natural no longer holds.
    const spy = vi.spyOn(ib, "liveOptionQuote").mockImplementation(async (...args: Parameters<Ib["liveOptionQuote"]>) => {
      const q = await real(...args);
      return args[2] === (legs[0] as { strike: number }).strike ? { ...q, bid: q.bid! + 0.4, ask: q.ask! + 0.4 } : q;
    });
    try {
      const refused = await desk.approve(view.id, { contentHash: view.content_hash, revision: view.revision }, "trader").catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(TradingError);
      expect((refused as TradingError).message).toMatch(/The market moved since this card \(mid .* natural .*\)/);
      expect(simOrders().length).toBe(before);
      const fresh = await desk.view(view.id);
      expect(fresh.status).toBe("pending_approval");
      expect(fresh.revision).toBe(view.revision + 1);
      expect(fresh.market!.natural).toBeCloseTo(view.market!.natural! + 0.4, 1);
      // Now 0.40 under the natural: between the two sides of the market it may not fill, but it is the trader's call.
      const sent = await desk.approve(view.id, { contentHash: fresh.content_hash, revision: fresh.revision }, "trader");
      expect(sent.status).not.toBe("pending_approval");
    } finally {
      spy.mockRestore();
    }
  });
});
