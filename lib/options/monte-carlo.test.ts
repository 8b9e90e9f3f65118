import { describe, expect, it } from "vitest";
import { bsmPrice } from "./black-scholes";
import { probabilityOfProfit, probabilityAbove, probabilityOfTouch } from "./probability";
import { expectTerminal, simulateTerminal, stopLossProbability, touchProbability } from "./monte-carlo";
import { SeededRandom } from "./random";
import type { Leg } from "./types";

const spec = { spot: 100, rate: 0.04, dividendYield: 0.01, vol: 0.3, years: 0.5, paths: 200_000, seed: 42 };
/** Agreement within this many standard errors (a 4.5σ miss has odds below 1 in 100 000). */
const Z = 4.5;

describe("seeded random numbers", () => {
  it("are deterministic per seed and look uniform and normal", () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    const c = new SeededRandom(8);
    const xs = Array.from({ length: 5 }, () => a.nextDouble());
    expect(xs).toEqual(Array.from({ length: 5 }, () => b.nextDouble()));
    expect(xs).not.toEqual(Array.from({ length: 5 }, () => c.nextDouble()));
    const r = new SeededRandom(123);
    let sum = 0;
    let sumSq = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const z = r.nextNormal();
      sum += z;
      sumSq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(Z / Math.sqrt(n));
    expect(Math.abs(sumSq / n - 1)).toBeLessThan((Z * Math.sqrt(2)) / Math.sqrt(n));
  });
});

describe("Monte Carlo against the closed forms", () => {
  it("prices a call and a put within the Monte Carlo error", () => {
    const discount = Math.exp(-spec.rate * spec.years);
    for (const [right, strike] of [
      ["call", 110],
      ["put", 90],
      ["call", 95],
    ] as const) {
      const e = expectTerminal(spec, (s) => Math.max(right === "call" ? s - strike : strike - s, 0));
      const exact = bsmPrice(right, 100, strike, spec.years, spec.rate, spec.dividendYield, spec.vol);
      expect(Math.abs(discount * e.value - exact)).toBeLessThan(Z * discount * e.standardError);
      expect(e.standardError).toBeGreaterThan(0);
    }
  });

  it("matches the probability of finishing above and the probability of profit", () => {
    const market = { spot: 100, years: spec.years, rate: spec.rate, dividendYield: spec.dividendYield };
    const above = expectTerminal(spec, (s) => (s > 115 ? 1 : 0));
    expect(Math.abs(above.value - probabilityAbove(market, 115, spec.vol))).toBeLessThan(Z * above.standardError);
    const legs: Leg[] = [
      { kind: "option", right: "call", strike: 100, expiry: "20260620", quantity: 1, price: 8 },
      { kind: "option", right: "put", strike: 100, expiry: "20260620", quantity: 1, price: 7 },
    ];
    const pop = expectTerminal(spec, (s) => (Math.max(s - 100, 0) + Math.max(100 - s, 0) - 15 > 0 ? 1 : 0));
    expect(Math.abs(pop.value - probabilityOfProfit(legs, market, spec.vol))).toBeLessThan(Z * pop.standardError);
  });

  it("touch: daily monitoring agrees with the continuous formula once the barrier is shifted (Broadie–Glasserman–Kou)", () => {
    const daily = { ...spec, paths: 40_000, steps: 126 };
    const market = { spot: 100, years: spec.years, rate: spec.rate, dividendYield: spec.dividendYield };
    const shift = Math.exp(0.5826 * spec.vol * Math.sqrt(spec.years / 126));
    for (const barrier of [120, 85]) {
      const mc = touchProbability(daily, barrier);
      const continuous = probabilityOfTouch(market, barrier, spec.vol);
      expect(mc.value).toBeLessThan(continuous);
      const shifted = probabilityOfTouch(market, barrier > 100 ? barrier * shift : barrier / shift, spec.vol);
      expect(Math.abs(mc.value - shifted)).toBeLessThan(Z * mc.standardError + 2e-3);
    }
  });

  it("is reproducible for a seed and different across seeds", () => {
    expect(simulateTerminal({ ...spec, paths: 10 })).toEqual(simulateTerminal({ ...spec, paths: 10 }));
    expect(simulateTerminal({ ...spec, paths: 10 })).not.toEqual(simulateTerminal({ ...spec, paths: 10, seed: 43 }));
    expect(() => simulateTerminal({ ...spec, vol: 0 })).toThrow(/Monte Carlo/);
  });
});

describe("stop-loss simulation", () => {
  const now = Date.UTC(2026, 0, 5, 20);
  const horizon = Date.UTC(2026, 1, 20, 20);
  const market = { spot: 100, rate: 0.04, dividendYield: 0.01, nowMs: now, vol: 0.3 };

  it("a stop on the underlying is the discrete touch probability", () => {
    const stock: Leg[] = [{ kind: "stock", quantity: 100, price: 100 }];
    const run = { vol: 0.3, paths: 20_000, seed: 9, steps: 46 };
    const stop = stopLossProbability(stock, market, run, horizon, { kind: "underlying_below", level: 92 });
    const years = (horizon - now) / (365 * 86_400_000);
    const touch = touchProbability({ ...run, spot: 100, rate: 0.04, dividendYield: 0.01, years }, 92);
    expect(stop.hit.value).toBeCloseTo(touch.value, 12);
  });

  it("a loss stop on a long call is hit more often the tighter it is", () => {
    const call: Leg[] = [{ kind: "option", right: "call", strike: 100, expiry: "20260320", quantity: 1, price: 6, iv: 0.3 }];
    const run = { vol: 0.3, paths: 4_000, seed: 5, steps: 23 };
    const tight = stopLossProbability(call, market, run, horizon, { kind: "loss", amount: 150 });
    const loose = stopLossProbability(call, market, run, horizon, { kind: "loss", amount: 450 });
    expect(tight.hit.value).toBeGreaterThan(loose.hit.value);
    expect(tight.hit.value).toBeGreaterThan(0.2);
    // A stopped path records its P&L when the stop hit: about the stop amount, never the whole premium.
    expect(tight.expectedPnl.value).toBeGreaterThan(-600);
  });
});
