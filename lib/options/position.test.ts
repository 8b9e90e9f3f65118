import { describe, expect, it } from "vitest";
import { bsmPrice } from "./black-scholes";
import { bsmGreeks } from "./greeks";
import { horizonAnalysis } from "./horizon";
import { analyzePayoff, expiryPnl } from "./payoff";
import { pnlCurve, pnlGrid, priceAxis } from "./pnl-grid";
import { positionGreeks } from "./position-greeks";
import { expiryInstantMs, yearFraction } from "./time";
import type { Leg } from "./types";

const NOW = Date.UTC(2026, 0, 5, 15);
const FRONT = "20260220";
const BACK = "20260320";
const market = { spot: 100, rate: 0.04, dividendYield: 0.01, nowMs: NOW, vol: 0.25 };

describe("position greeks", () => {
  it("sum quantity × multiplier × per-share greeks, with stock adding its shares to delta", () => {
    const legs: Leg[] = [
      { kind: "option", right: "call", strike: 105, expiry: BACK, quantity: 2, iv: 0.3, price: 3 },
      { kind: "option", right: "put", strike: 95, expiry: FRONT, quantity: -1, multiplier: 10 },
      { kind: "stock", quantity: 50, price: 99 },
    ];
    const g = positionGreeks(legs, market);
    const tBack = yearFraction(NOW, BACK);
    const tFront = yearFraction(NOW, FRONT);
    const c = bsmGreeks("call", 100, 105, tBack, 0.04, 0.01, 0.3);
    const p = bsmGreeks("put", 100, 95, tFront, 0.04, 0.01, 0.25);
    expect(g.delta).toBeCloseTo(200 * c.delta - 10 * p.delta + 50, 10);
    expect(g.gamma).toBeCloseTo(200 * c.gamma - 10 * p.gamma, 12);
    expect(g.vegaPerPoint).toBeCloseTo(2 * c.vega - 0.1 * p.vega, 10);
    expect(g.thetaPerDay).toBeCloseTo((200 * c.theta - 10 * p.theta) / 365, 10);
    expect(g.value).toBeCloseTo(200 * c.price - 10 * p.price + 5000, 9);
    expect(g.legs).toHaveLength(3);
    expect(g.pnl).toBeNull();
  });

  it("reports the model P&L when every leg is priced, and intrinsic value for expired legs", () => {
    const legs: Leg[] = [{ kind: "option", right: "call", strike: 90, expiry: "20260102", quantity: 1, price: 8 }];
    const g = positionGreeks(legs, market);
    expect(g.value).toBe(1000);
    expect(g.delta).toBe(100);
    expect(g.gamma).toBe(0);
    expect(g.pnl).toBe(200);
    expect(() => positionGreeks([{ kind: "option", right: "call", strike: 90, expiry: BACK, quantity: 1 }], { ...market, vol: undefined })).toThrow(
      /no implied volatility/,
    );
  });
});

describe("P&L grid", () => {
  const spread: Leg[] = [
    { kind: "option", right: "call", strike: 100, expiry: FRONT, quantity: 1, price: 4.1, iv: 0.26 },
    { kind: "option", right: "call", strike: 110, expiry: FRONT, quantity: -1, price: 1.2, iv: 0.24 },
  ];

  it("its expiry row is the exact expiry P&L and its first row the model P&L now", () => {
    const prices = priceAxis(100, 0.25, 0.2, { include: [100, 110] });
    expect(prices).toContain(100);
    expect(prices).toContain(110);
    const expiry = expiryInstantMs(FRONT);
    const grid = pnlGrid({ legs: spread, market, prices, datesMs: [NOW, expiry] });
    const n = prices.length;
    for (let i = 0; i < n; i++) {
      const s = prices[i]!;
      expect(grid.pnl[n + i]).toBeCloseTo(expiryPnl(spread, s), 9);
      const t = yearFraction(NOW, FRONT);
      const now = 100 * (bsmPrice("call", s, 100, t, 0.04, 0.01, 0.26) - bsmPrice("call", s, 110, t, 0.04, 0.01, 0.24)) - 290;
      expect(grid.pnl[i]).toBeCloseTo(now, 9);
    }
    expect(grid.netDebit).toBeCloseTo(290, 12);
  });

  it("an IV shift raises the value of a long option and lowers a short one", () => {
    const long: Leg[] = [{ kind: "option", right: "put", strike: 100, expiry: BACK, quantity: 1, price: 5, iv: 0.3 }];
    const short: Leg[] = [{ ...long[0]!, quantity: -1 } as Leg];
    const base = pnlCurve(long, market, [90, 100, 110], NOW);
    const up = pnlCurve(long, market, [90, 100, 110], NOW, 0.05);
    const shortUp = pnlCurve(short, market, [90, 100, 110], NOW, 0.05);
    for (let i = 0; i < 3; i++) {
      expect(up[i]!).toBeGreaterThan(base[i]!);
      expect(shortUp[i]).toBeCloseTo(-up[i]!, 9);
    }
  });
});

describe("horizon analysis", () => {
  it("agrees with the exact expiry analysis for a single-expiry position at its expiry", () => {
    const legs: Leg[] = [
      { kind: "option", right: "call", strike: 100, expiry: FRONT, quantity: 1, price: 5 },
      { kind: "option", right: "put", strike: 100, expiry: FRONT, quantity: 1, price: 4 },
    ];
    const h = horizonAnalysis(legs, market, expiryInstantMs(FRONT), 0.25);
    const exact = analyzePayoff(legs);
    expect(h.breakevens).toHaveLength(2);
    expect(h.breakevens[0]).toBeCloseTo(exact.breakevens[0]!, 9);
    expect(h.breakevens[1]).toBeCloseTo(exact.breakevens[1]!, 9);
    expect(h.maxLossEstimate).toBeCloseTo(exact.maxLoss, 9);
  });

  it("finds the profit tent of a calendar at the front expiry", () => {
    const legs: Leg[] = [
      { kind: "option", right: "call", strike: 100, expiry: FRONT, quantity: -1, price: 3.2, iv: 0.25 },
      { kind: "option", right: "call", strike: 100, expiry: BACK, quantity: 1, price: 4.6, iv: 0.25 },
    ];
    const h = horizonAnalysis(legs, market, expiryInstantMs(FRONT), 0.25);
    expect(h.breakevens).toHaveLength(2);
    expect(h.breakevens[0]!).toBeLessThan(100);
    expect(h.breakevens[1]!).toBeGreaterThan(100);
    expect(h.maxLossEstimate).toBeLessThanOrEqual(140 + 1e-9);
    expect(h.probabilityOfProfit).toBeGreaterThan(0.2);
    expect(h.probabilityOfProfit).toBeLessThan(0.9);
  });
});
