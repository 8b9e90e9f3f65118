import { describe, expect, it } from "vitest";
import { OptionsError } from "./errors";
import { analyzePayoff, expiryPnl, pnlFromPoints, profitIntervals } from "./payoff";
import type { Leg, OptionLeg } from "./types";

const E = "20260320";
function call(strike: number, quantity: number, price: number): OptionLeg {
  return { kind: "option", right: "call", strike, expiry: E, quantity, price };
}
function put(strike: number, quantity: number, price: number): OptionLeg {
  return { kind: "option", right: "put", strike, expiry: E, quantity, price };
}

describe("exact expiry payoff", () => {
  it("long call: loss limited to the premium, unlimited profit, one breakevens", () => {
    const a = analyzePayoff([call(100, 1, 5)]);
    expect(a.maxLoss).toBe(500);
    expect(a.unlimitedProfit).toBe(true);
    expect(a.maxProfit).toBe(Infinity);
    expect(a.unlimitedLoss).toBe(false);
    expect(a.breakevens).toEqual([105]);
    expect(a.netDebit).toBe(500);
    expect(a.maxLossAt).toEqual([0, 100]);
  });

  it("naked short call: unlimited loss is detected from the slope, not by sampling", () => {
    const a = analyzePayoff([call(100, -1, 5)]);
    expect(a.unlimitedLoss).toBe(true);
    expect(a.maxLoss).toBe(Infinity);
    expect(a.maxProfit).toBe(500);
    expect(a.slopeAbove).toBe(-100);
  });

  it("short put: large but finite loss, at zero", () => {
    const a = analyzePayoff([put(50, -2, 1.5)]);
    expect(a.unlimitedLoss).toBe(false);
    expect(a.maxLoss).toBeCloseTo((50 - 1.5) * 200, 9);
    expect(a.maxLossAt).toEqual([0]);
    expect(a.breakevens).toEqual([48.5]);
  });

  it("bull call spread: max loss = debit, max profit = width − debit", () => {
    const a = analyzePayoff([call(100, 1, 6), call(110, -1, 2)]);
    expect(a.maxLoss).toBeCloseTo(400, 9);
    expect(a.maxProfit).toBeCloseTo(600, 9);
    expect(a.unlimitedProfit || a.unlimitedLoss).toBe(false);
    expect(a.breakevens).toEqual([104]);
    expect(a.maxProfitAt).toEqual([110]);
  });

  it("long straddle: two breakevens", () => {
    const a = analyzePayoff([call(100, 1, 5), put(100, 1, 4)]);
    expect(a.maxLoss).toBe(900);
    expect(a.breakevens).toEqual([91, 109]);
    expect(a.unlimitedProfit).toBe(true);
    expect(profitIntervals(a)).toEqual([
      [0, 91],
      [109, Infinity],
    ]);
  });

  it("covered call: stock legs count shares, capped upside, loss at zero", () => {
    const legs: Leg[] = [{ kind: "stock", quantity: 100, price: 100 }, call(110, -1, 2)];
    const a = analyzePayoff(legs);
    expect(a.maxProfit).toBeCloseTo(1200, 9);
    expect(a.maxLoss).toBeCloseTo(9800, 9);
    expect(a.slopeAbove).toBe(0);
    expect(a.breakevens).toEqual([98]);
  });

  it("ratio call spread with more short calls: unlimited loss; with equal: none", () => {
    expect(analyzePayoff([call(100, 1, 5), call(110, -2, 2)]).unlimitedLoss).toBe(true);
    expect(analyzePayoff([call(100, 2, 5), call(110, -2, 2)]).unlimitedLoss).toBe(false);
    expect(analyzePayoff([{ kind: "stock", quantity: -50, price: 20 }]).unlimitedLoss).toBe(true);
  });

  it("long call butterfly: profit peaks at the body, breakevens inside the wings", () => {
    const a = analyzePayoff([call(90, 1, 12), call(100, -2, 5.5), call(110, 1, 1.5)]);
    expect(a.maxLoss).toBeCloseTo(250, 9);
    expect(a.maxProfit).toBeCloseTo(750, 9);
    expect(a.maxProfitAt).toEqual([100]);
    expect(a.breakevens[0]).toBeCloseTo(92.5, 12);
    expect(a.breakevens[1]).toBeCloseTo(107.5, 12);
  });

  it("the kinks reproduce the P&L everywhere", () => {
    const legs = [call(95, 3, 4.2), put(105, -1, 6.1), call(120, -2, 0.8), { kind: "stock", quantity: 30, price: 101 } as Leg];
    const a = analyzePayoff(legs);
    for (let s = 0; s < 200; s += 0.37) {
      expect(pnlFromPoints(a.points, a.slopeAbove, s)).toBeCloseTo(expiryPnl(legs, s), 8);
    }
    for (const b of a.breakevens) expect(Math.abs(expiryPnl(legs, b))).toBeLessThan(1e-9);
  });

  it("flags mixed expiries and refuses unpriced or empty positions", () => {
    expect(analyzePayoff([call(100, 1, 3), { ...call(100, -1, 1), expiry: "20260220" }]).mixedExpiries).toBe(true);
    expect(() => analyzePayoff([])).toThrow(OptionsError);
    expect(() => analyzePayoff([{ kind: "option", right: "call", strike: 100, expiry: E, quantity: 1 }])).toThrow(/price/);
    expect(() => analyzePayoff([call(100, 0, 1)])).toThrow(/quantity/);
  });
});
