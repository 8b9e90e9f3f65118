import { describe, expect, it } from "vitest";
import { bsmPrice, yearFraction } from "../options";
import { StrategyError } from "./errors";
import { suggestStrategies, type SuggestionRequest } from "./suggest";
import type { ChainQuote } from "./types";

const NOW = Date.UTC(2026, 0, 5, 15);
const EXPIRIES = ["20260116", "20260220", "20260320"];
const market = { spot: 100, rate: 0.04, dividendYield: 0, nowMs: NOW };

/** A chain priced with a mild smile, 2% wide markets, and a few illiquid strikes. */
function chain(): ChainQuote[] {
  const quotes: ChainQuote[] = [];
  for (const expiry of EXPIRIES) {
    const t = yearFraction(NOW, expiry);
    for (let strike = 80; strike <= 120; strike += 5) {
      for (const right of ["call", "put"] as const) {
        const iv = 0.25 + 0.3 * Math.log(strike / 100) ** 2;
        const mid = bsmPrice(right, 100, strike, t, 0.04, 0, iv);
        const half = Math.max(0.01, mid * 0.01);
        const quote: ChainQuote = { expiry, strike, right, bid: mid - half, ask: mid + half, iv, openInterest: 500 };
        if (strike === 115 && right === "call" && expiry === "20260220") quote.openInterest = 0;
        if (strike === 85 && right === "put" && expiry === "20260220") {
          quote.bid = mid * 0.5;
          quote.ask = mid * 1.5;
        }
        quotes.push(quote);
      }
    }
  }
  return quotes;
}

const base: SuggestionRequest = {
  view: "bullish",
  targetPrice: 110,
  targetDateMs: Date.UTC(2026, 1, 13),
  chain: chain(),
  market,
};

describe("strike suggestion", () => {
  it("bullish: long calls and debit call spreads, ranked by score with reasons", () => {
    const result = suggestStrategies({ ...base, maxDebit: 600 });
    expect(result.expiries).toEqual(["20260220", "20260320"]);
    expect(result.suggestions.length).toBe(10);
    result.suggestions.forEach((s, i) => {
      expect(["long_call", "bull_call_spread"]).toContain(s.strategy);
      expect(s.rank).toBe(i + 1);
      expect(s.debit).toBeLessThanOrEqual(600);
      expect(s.maxLoss).toBeCloseTo(s.debit, 9);
      expect(s.why.length).toBeGreaterThanOrEqual(4);
      if (i > 0) expect(s.score).toBeLessThanOrEqual(result.suggestions[i - 1]!.score);
      if (i + 1 < result.suggestions.length) expect(s.why.at(-1)).toMatch(/^Ranks above/);
      for (const leg of s.legs) expect(leg.strike === 115 && leg.right === "call" && leg.expiry === "20260220").toBe(false);
    });
    const top = result.suggestions[0]!;
    expect(top.expectedReturn).toBeGreaterThan(0);
    expect(top.pnlAtTarget).toBeGreaterThan(0);
    expect(top.naturalDebit).toBeGreaterThan(top.debit);
  });

  it("skips illiquid quotes and says why", () => {
    const result = suggestStrategies(base);
    const reasons = result.skipped.map((s) => `${s.expiry} ${s.strike} ${s.right}: ${s.reason}`);
    expect(reasons).toContain("20260220 115 call: no open interest");
    expect(reasons.some((r) => r.startsWith("20260220 85 put: spread"))).toBe(true);
  });

  it("bearish and volatile views use puts, straddles and strangles", () => {
    const bearish = suggestStrategies({ ...base, view: "bearish", targetPrice: 90 });
    for (const s of bearish.suggestions) expect(["long_put", "bear_put_spread"]).toContain(s.strategy);
    expect(bearish.suggestions[0]!.expectedReturn).toBeGreaterThan(0);
    const volatile = suggestStrategies({ ...base, view: "volatile", targetPrice: 100 });
    for (const s of volatile.suggestions) expect(["long_straddle", "long_strangle"]).toContain(s.strategy);
  });

  it("neutral: the leader profits around the target, calendars are measured at the near expiry", () => {
    const result = suggestStrategies({ ...base, view: "neutral", targetPrice: 100, limit: 200 });
    const top = result.suggestions[0]!;
    expect(top.breakevens[0]!).toBeLessThan(100);
    expect(top.breakevens[1]!).toBeGreaterThan(100);
    const fly = result.suggestions.find((s) => s.strategy === "long_butterfly")!;
    const body = fly.legs.find((l) => l.quantity < 0)!;
    expect(Math.abs(body.strike - 100)).toBeLessThanOrEqual(5);
    const calendar = result.suggestions.find((s) => s.strategy === "long_calendar");
    expect(calendar).toBeDefined();
    expect(calendar!.maxLoss).toBeCloseTo(calendar!.debit, 9);
    expect(calendar!.probabilityOfProfit).toBeGreaterThan(0);
  });

  it("moving the target moves the leaders: a higher target favours higher strikes", () => {
    const near = suggestStrategies({ ...base, targetPrice: 104, maxRisk: 400 }).suggestions[0]!;
    const far = suggestStrategies({ ...base, targetPrice: 118, maxRisk: 400 }).suggestions[0]!;
    const topStrike = (legs: { strike: number }[]): number => Math.max(...legs.map((l) => l.strike));
    expect(topStrike(far.legs)).toBeGreaterThan(topStrike(near.legs));
  });

  it("respects the permission policy and refuses impossible requests", () => {
    const onlyCalls = suggestStrategies({ ...base, policy: { allowed: ["long_call"] } });
    for (const s of onlyCalls.suggestions) expect(s.strategy).toBe("long_call");
    const perStrike = suggestStrategies({ ...base, volatility: "per_strike" });
    expect(perStrike.suggestions[0]!.why[1]).toMatch(/per-strike/);
    expect(() => suggestStrategies({ ...base, targetDateMs: Date.UTC(2026, 5, 1) })).toThrow(StrategyError);
    expect(() => suggestStrategies({ ...base, targetPrice: -1 })).toThrow(StrategyError);
  });
});
