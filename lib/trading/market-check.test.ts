import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkMarket, marketMoved, TICK, type MarketCheckInput, type QuotedLeg } from "./market-check";

const call = (action: "buy" | "sell", strike: number, bid: number | undefined, ask: number | undefined, quantity = 1): QuotedLeg => ({
  type: "call",
  action,
  strike,
  expiry: "20270115",
  quantity,
  bid,
  ask,
  marketData: "live",
});

const base = (over: Partial<MarketCheckInput>): MarketCheckInput => ({
  symbol: "SPY",
  legs: [call("buy", 600, 13.0, 13.2)],
  units: 1,
  limit: 13.1,
  side: "debit",
  bandPct: 25,
  asOf: "2027-01-04T15:00:00.000Z",
  ...over,
});

const codes = (c: ReturnType<typeof checkMarket>) => c.warnings.map((w) => w.code);

describe("the limit against the market", () => {
  it("a single call: mid, natural, ticks and % of natural", () => {
    const c = checkMarket(base({ limit: 13.15 }));
    expect(c.mid).toBe(13.1);
    expect(c.natural).toBe(13.2);
    expect(c.far).toBe(13.0);
    expect(c.ticks_from_mid).toBe(5);
    expect(c.pct_of_natural).toBe(99.6);
    expect(c.warnings).toEqual([]);
    expect(c.refused).toBe(false);
    expect(c.legs[0]).toMatchObject({ bid: 13, ask: 13.2, mid: 13.1, zero_bid: false, wide: false, stale: false });
  });

  it("31.30 on a call trading 13.00 × 13.20 is refused; 13.40 warns of overpaying by 0.20 ($20)", () => {
    const far = checkMarket(base({ limit: 31.3 }));
    expect(far.refused).toBe(true);
    expect(codes(far)[0]).toBe("outside_band");
    // 25% of the 13.10 mid beyond the market: 13.20 + 3.275 and 13.00 − 3.275.
    expect(far.band).toEqual({ pct: 25, low: 9.73, high: 16.47 });
    const over = checkMarket(base({ limit: 13.4 }));
    expect(over.refused).toBe(false);
    expect(codes(over)).toEqual(["overpaying"]);
    expect(over.warnings[0]!.message).toContain("0.20 per unit (20.00 USD in all)");
    expect(over.pct_of_natural).toBe(101.5);
  });

  it("1.00 on the same call is refused; 12.50 is accepted but unlikely to fill", () => {
    expect(checkMarket(base({ limit: 1 })).refused).toBe(true);
    const low = checkMarket(base({ limit: 12.5 }));
    expect(low.refused).toBe(false);
    expect(codes(low)).toEqual(["unlikely_to_fill"]);
    expect(low.ticks_from_mid).toBe(-60);
  });

  it("a credit spread: receiving less than the natural credit is overpaying", () => {
    // Sell 600 at 5.00 × 5.20, buy 610 at 2.00 × 2.10: mid credit 3.05, natural 2.90, far 3.20.
    const legs = [call("sell", 600, 5.0, 5.2), call("buy", 610, 2.0, 2.1)];
    const c = checkMarket(base({ legs, side: "credit", limit: 2.8 }));
    expect(c.mid).toBe(3.05);
    expect(c.natural).toBe(2.9);
    expect(c.far).toBe(3.2);
    expect(codes(c)).toEqual(["overpaying"]);
    expect(c.ticks_from_mid).toBe(25);
    expect(checkMarket(base({ legs, side: "credit", limit: 3.3 })).warnings[0]!.code).toBe("unlikely_to_fill");
    expect(checkMarket(base({ legs, side: "credit", limit: 3.0 })).warnings).toEqual([]);
  });

  it("ratios and units: a 2-unit 1×2 spread is priced per unit", () => {
    const legs = [call("buy", 600, 4.0, 4.2, 2), call("sell", 610, 1.0, 1.1, 4)];
    const c = checkMarket(base({ legs, units: 2, limit: 2.0 }));
    expect(c.mid).toBeCloseTo(2.0, 9);
    expect(c.natural).toBeCloseTo(2.2, 9);
  });

  it("flags zero bids, wide markets, stale and missing quotes", () => {
    const stale = { ...call("buy", 700, 0, 0.05), marketData: "frozen" as const };
    const c = checkMarket(base({ legs: [stale], limit: 0.05 }));
    expect(codes(c)).toEqual(expect.arrayContaining(["zero_bid", "stale_quote"]));
    expect(c.legs[0]).toMatchObject({ zero_bid: true, stale: true });
    const wide = checkMarket(base({ legs: [call("buy", 600, 10, 14)], limit: 12 }));
    expect(codes(wide)).toContain("wide_market");
    const none = checkMarket(base({ legs: [call("buy", 600, undefined, 1.0)], limit: 0.5 }));
    expect(codes(none)).toEqual(["no_market"]);
    expect(none.natural).toBeNull();
    expect(none.refused).toBe(false);
  });

  it("a market order has no limit to place but still gets the market and its flags", () => {
    const c = checkMarket(base({ limit: null }));
    expect(c.natural).toBe(13.2);
    expect(c.ticks_from_mid).toBeNull();
    expect(c.refused).toBe(false);
  });
});

const quote = fc
  .record({ bid: fc.integer({ min: 0, max: 3000 }), width: fc.integer({ min: 0, max: 200 }) })
  .map(({ bid, width }) => ({ bid: bid / 100, ask: (bid + width) / 100 }));

const order = fc.record({
  legs: fc.array(fc.record({ action: fc.constantFrom<"buy" | "sell">("buy", "sell"), strike: fc.integer({ min: 1, max: 20 }), ratio: fc.integer({ min: 1, max: 3 }), q: quote }), { minLength: 1, maxLength: 4 }),
  units: fc.integer({ min: 1, max: 5 }),
  limitCents: fc.integer({ min: 1, max: 6000 }),
  bandPct: fc.integer({ min: 0, max: 100 }),
});

type Order = { legs: Array<{ action: "buy" | "sell"; strike: number; ratio: number; q: { bid: number; ask: number } }>; units: number; limitCents: number; bandPct: number };

function inputOf(o: Order, moved = 0): MarketCheckInput {
  const legs = o.legs.map((l) => call(l.action, 500 + l.strike * 5, Math.max(0, l.q.bid + moved), Math.max(0, l.q.ask + moved), l.ratio * o.units));
  const mid = o.legs.reduce((s, l) => s + (l.action === "buy" ? 1 : -1) * l.ratio * (l.q.bid + l.q.ask) / 2, 0);
  return base({ legs, units: o.units, limit: o.limitCents / 100, side: mid >= 0 ? "debit" : "credit", bandPct: o.bandPct });
}

describe("properties", () => {
  it("the verdict follows the numbers: overpaying iff past the natural, refused iff outside the band, % of natural is limit ÷ natural", () => {
    fc.assert(
      fc.property(order, (o) => {
        const c = checkMarket(inputOf(o));
        if (c.natural === null || c.mid === null || c.far === null) return;
        const sign = c.side === "debit" ? 1 : -1;
        const paid = sign * o.limitCents / 100;
        const natural = sign * c.natural;
        if (!c.refused) {
          expect(codes(c).includes("overpaying")).toBe(paid > natural + 1e-9);
          expect(c.band!.low - 0.005).toBeLessThanOrEqual(o.limitCents / 100);
          expect(o.limitCents / 100).toBeLessThanOrEqual(c.band!.high + 0.005);
        } else {
          expect(codes(c)[0]).toBe("outside_band");
        }
        // A limit at the natural or anywhere between the two sides of the market is never refused.
        const inside = checkMarket({ ...inputOf(o), limit: Math.abs(c.natural) });
        expect(inside.refused).toBe(false);
        if (c.natural !== 0 && c.pct_of_natural !== null) expect(c.pct_of_natural).toBeCloseTo((o.limitCents / 100 / Math.abs(c.natural)) * 100, 0);
        expect(Math.abs(c.ticks_from_mid! * TICK - (paid - sign * c.mid))).toBeLessThanOrEqual(TICK / 2 + 1e-9);
      }),
      { numRuns: 500, seed: 14 },
    );
  });

  it("a card whose market has not moved is approved as shown; one that moved is refreshed", () => {
    fc.assert(
      fc.property(order, fc.integer({ min: -30, max: 30 }), (o, cents) => {
        const shown = checkMarket(inputOf(o));
        const now = checkMarket(inputOf(o, cents / 100));
        expect(marketMoved(shown, shown)).toBe(false);
        if (!marketMoved(shown, now)) {
          // What the trader approved against: the same verdict, and a natural within two ticks (or 2%) of the market now.
          expect(codes(now).sort()).toEqual(codes(shown).sort());
          if (now.natural !== null && shown.natural !== null) expect(Math.abs(now.natural - shown.natural)).toBeLessThanOrEqual(Math.max(2 * TICK, 0.02 * Math.abs(now.natural)) + 1e-9);
        }
      }),
      { numRuns: 500, seed: 41 },
    );
  });
});
