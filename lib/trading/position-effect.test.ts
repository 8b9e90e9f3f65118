import { describe, expect, it } from "vitest";
import type { PricedLeg } from "../analysis/strategy";
import type { Position } from "../ib/types";
import { positionEffect } from "./position-effect";

const held = (strike: number, quantity: number, averageCost: number): Position => ({
  account: "DU1",
  conId: strike,
  symbol: "SPY",
  secType: "OPT",
  expiry: "20270115",
  strike,
  right: "C",
  multiplier: 100,
  currency: "USD",
  quantity,
  averageCost,
});

const leg = (action: "buy" | "sell", strike: number, quantity: number, price: number, bid: number, ask: number): PricedLeg => ({
  type: "call",
  action,
  strike,
  expiry: "20270115",
  quantity,
  price,
  priceSource: "limit",
  bid,
  ask,
});

describe("what an order does to what is held", () => {
  // Held: 5 bull call spreads 600/610 bought for 4.00 (long at 6.00, short at 2.00 per share).
  const positions = [held(600, 5, 600), held(610, -5, 200)];

  it("closing 2 of 5 spreads: realised P&L at the limit, 3 remain, the risk removed is what 2 spreads are worth now", () => {
    // Sell the 600 at 7.50, buy back the 610 at 2.50 (limit 5.00 per spread); mids 7.40 and 2.45.
    const e = positionEffect({ symbol: "SPY", legs: [leg("sell", 600, 2, 7.5, 7.3, 7.5), leg("buy", 610, 2, 2.5, 2.4, 2.5)], positions, multiplier: 100 });
    expect(e.closes_only).toBe(true);
    // (7.50 − 6.00) × 200 + (2.00 − 2.50) × 200 = 300 − 100.
    expect(e.realised_pnl).toBe(200);
    expect(e.legs.map((l) => [l.held, l.closes, l.remains])).toEqual([
      [5, -2, 3],
      [-5, 2, -3],
    ]);
    // 2 spreads at the mid, 7.40 − 2.45 = 4.95: a debit spread can lose what it is worth.
    expect(e.risk_removed).toBeCloseTo(990, 6);
    expect(e.over_close).toEqual([]);
  });

  it("selling more than is held is not only a close, and says what it would open", () => {
    const e = positionEffect({ symbol: "SPY", legs: [leg("sell", 600, 7, 7.5, 7.3, 7.5)], positions, multiplier: 100 });
    expect(e.closes_only).toBe(false);
    expect(e.reduces).toBe(true);
    expect(e.over_close[0]).toMatch(/only 5 held, the other 2 would open a new position/);
  });

  it("adding to a position or trading other contracts is no close", () => {
    const add = positionEffect({ symbol: "SPY", legs: [leg("buy", 600, 1, 7.5, 7.3, 7.5)], positions, multiplier: 100 });
    expect(add).toMatchObject({ closes_only: false, reduces: false, realised_pnl: null, risk_removed: null });
    expect(add.legs[0]).toMatchObject({ held: 5, closes: 0, remains: 6 });
    const other = positionEffect({ symbol: "SPY", legs: [leg("buy", 620, 1, 1, 0.9, 1.1)], positions, multiplier: 100 });
    expect(other.legs).toEqual([]);
  });
});
