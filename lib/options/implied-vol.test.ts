import { describe, expect, it } from "vitest";
import { bsmPrice } from "./black-scholes";
import { NoImpliedVolatility, NoImpliedVolatilityReason } from "./errors";
import { bsmGreeks } from "./greeks";
import { impliedVolatility, impliedVolatilityOrThrow } from "./implied-vol";
import { normalisedBlack, normalisedVega } from "./kernel/normalised-black";
import { normalisedImpliedVolatility, type NormalisedSolveStats } from "./kernel/normalised-implied-vol";
import type { OptionRight } from "./types";

function grid(from: number, to: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => from * Math.pow(to / from, i / (n - 1)));
}

const MONEYNESS = grid(0.5, 2, 25);
const YEARS = grid(1 / 365, 3, 12);
const VOLS = grid(0.01, 5, 25);

describe("implied volatility over the whole practical domain", () => {
  it("recovers the volatility of every BSM price (moneyness 0.5–2, 1 day–3 years, 1%–500% vol)", () => {
    const failures: string[] = [];
    let strict = 0;
    for (const right of ["call", "put"] as OptionRight[]) {
      for (const m of MONEYNESS) {
        for (const T of YEARS) {
          for (const sigma of VOLS) {
            const S = 100;
            const K = S / m;
            const r = 0.03;
            const q = 0.01;
            const g = bsmGreeks(right, S, K, T, r, q, sigma);
            const sd = S * Math.exp(-q * T);
            const kd = K * Math.exp(-r * T);
            const timeValue = g.price - Math.max(right === "call" ? sd - kd : kd - sd, 0);
            if (!(timeValue > 1e-10 * S)) continue;
            const result = impliedVolatility(right, g.price, S, K, T, r, q);
            if (!result.ok) {
              failures.push(`${result.error.code}: ${right} K=${K} T=${T} σ=${sigma}`);
              continue;
            }
            const error = Math.abs(result.vol - sigma) / sigma;
            // Deep in the money, one rounding of the price already moves the volatility by ε·price/vega.
            const conditioning = (Number.EPSILON * g.price) / (g.vega * sigma);
            if (conditioning <= 1e-10) strict++;
            if (!(error <= Math.max(1e-10, 2 * conditioning))) {
              failures.push(`${right} K=${K} T=${T} σ=${sigma}: got ${result.vol} (rel ${error})`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(strict).toBeGreaterThan(7000);
  });

  it("is exact to a few ulps for out-of-the-money options", () => {
    let worst = 0;
    for (const m of MONEYNESS) {
      for (const T of YEARS) {
        for (const sigma of VOLS) {
          const K = 100 / m;
          const right: OptionRight = K >= 100 ? "call" : "put";
          const g = bsmGreeks(right, 100, K, T, 0, 0, sigma);
          if (!(g.price > 1e-10 * 100)) continue;
          const result = impliedVolatility(right, g.price, 100, K, T, 0, 0);
          if (!result.ok) throw result.error;
          // Near the upper bound (price → spot) one rounding of the price is ε·price/vega of volatility.
          const allowed = Math.max(1e-13, (4 * Number.EPSILON * g.price) / (g.vega * sigma));
          worst = Math.max(worst, Math.abs(result.vol - sigma) / sigma / allowed);
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it("needs at most two Householder iterations in normalised coordinates", () => {
    const counts = [0, 0, 0, 0];
    for (const x of [-1.5, -0.7, -0.2, -0.03, -1e-4, 0, 1e-4, 0.03, 0.2, 0.7, 1.5]) {
      for (const s of grid(1e-3, 8, 60)) {
        for (const theta of [1, -1]) {
          const beta = normalisedBlack(x, s, theta);
          const intrinsic = theta * x > 0 ? 2 * Math.sinh(0.5 * theta * x) : 0;
          if (!(beta - intrinsic > 1e-12)) continue;
          const stats: NormalisedSolveStats = { iterations: -1 };
          const got = normalisedImpliedVolatility(beta, x, theta, stats);
          // Backward error: the price of the result equals β to the rounding of β.
          const tolerance = 1e-12 * s + (4 * Number.EPSILON * beta) / normalisedVega(x, s);
          expect(Math.abs(got - s)).toBeLessThan(tolerance);
          counts[Math.min(stats.iterations, 3)]! += 1;
        }
      }
    }
    expect(counts[3]).toBe(0);
    expect(counts[2]).toBeGreaterThan(0);
  });

  it("takes one Householder step from the tabulated curves (|x| from 0.01 to 3.24)", () => {
    const counts = [0, 0, 0, 0];
    let worst = 0;
    for (const ax of grid(0.011, 3.2, 40)) {
      const sc = Math.sqrt(2 * ax);
      // The tabulated stretch: s_c/1.6¹⁰ to s_c·1.4¹⁰.
      for (const s of grid(sc / 100, sc * 25, 60)) {
        const beta = normalisedBlack(-ax, s, 1);
        // Prices that round to the bound carry no volatility.
        if (!(beta > 1e-300) || !(beta < Math.exp(-0.5 * ax) * (1 - 1e-12))) continue;
        const stats: NormalisedSolveStats = { iterations: -1 };
        const got = normalisedImpliedVolatility(beta, -ax, 1, stats);
        const tolerance = 1e-14 * s + (4 * Number.EPSILON * beta) / normalisedVega(-ax, s);
        worst = Math.max(worst, Math.abs(got - s) / tolerance);
        counts[Math.min(stats.iterations, 3)]! += 1;
      }
    }
    expect(worst).toBeLessThan(1);
    expect(counts[3]).toBe(0);
    // A few starts near the table's edges take a second step.
    expect(counts[1]! / (counts[1]! + counts[2]!)).toBeGreaterThan(0.95);
  });

  it("falls back to two steps beyond the tables: at the money, far from it, extreme volatilities", () => {
    const counts = [0, 0, 0, 0];
    let worst = 0;
    for (const ax of [0, 1e-9, 1e-6, 1e-3, 0.005, 0.0099, 3.25, 4, 6, 10]) {
      for (const s of grid(1e-4, 40, 80)) {
        const beta = normalisedBlack(-ax, s, 1);
        if (!(beta > 1e-300) || !(beta < Math.exp(-0.5 * ax) * (1 - 1e-12))) continue;
        const stats: NormalisedSolveStats = { iterations: -1 };
        const got = normalisedImpliedVolatility(beta, -ax, 1, stats);
        const tolerance = 1e-14 * s + (4 * Number.EPSILON * beta) / normalisedVega(-ax, s);
        worst = Math.max(worst, Math.abs(got - s) / tolerance);
        counts[Math.min(stats.iterations, 3)]! += 1;
      }
    }
    expect(worst).toBeLessThan(1);
    expect(counts[3]).toBe(0);
  });
});

describe("no implied volatility", () => {
  const cases: [string, () => ReturnType<typeof impliedVolatility>, NoImpliedVolatilityReason][] = [
    ["price below intrinsic", () => impliedVolatility("call", 9, 110, 100, 0.5, 0, 0), NoImpliedVolatilityReason.BelowIntrinsic],
    ["price above the spot (call)", () => impliedVolatility("call", 101, 100, 100, 0.5, 0, 0), NoImpliedVolatilityReason.AboveMaximum],
    ["price above the discounted strike (put)", () => impliedVolatility("put", 99, 100, 100, 1, 0.05, 0), NoImpliedVolatilityReason.AboveMaximum],
    ["price equal to intrinsic", () => impliedVolatility("put", 10, 90, 100, 0.5, 0, 0), NoImpliedVolatilityReason.NoTimeValue],
    ["a price of 1e-200", () => impliedVolatility("call", 1e-200, 100, 150, 0.5, 0.01, 0), NoImpliedVolatilityReason.NoTimeValue],
    ["zero price", () => impliedVolatility("call", 0, 100, 150, 0.5, 0.01, 0), NoImpliedVolatilityReason.NoTimeValue],
    ["expired", () => impliedVolatility("call", 1, 100, 100, 0, 0.01, 0), NoImpliedVolatilityReason.Expired],
    ["negative price", () => impliedVolatility("call", -1, 100, 100, 1, 0.01, 0), NoImpliedVolatilityReason.InvalidInput],
    ["NaN spot", () => impliedVolatility("call", 1, Number.NaN, 100, 1, 0.01, 0), NoImpliedVolatilityReason.InvalidInput],
    ["infinite rate", () => impliedVolatility("put", 1, 100, 100, 1, Infinity, 0), NoImpliedVolatilityReason.InvalidInput],
  ];

  it.each(cases)("%s", (_, run, reason) => {
    const result = run();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(NoImpliedVolatility);
      expect(result.error.code).toBe(reason);
      expect(result.error.message).toMatch(/^No implied volatility/);
    }
  });

  it("lets the caller raise the time-value floor, and throws on request", () => {
    const price = bsmPrice("call", 100, 130, 0.1, 0.02, 0, 0.2);
    expect(price).toBeLessThan(1e-3);
    expect(impliedVolatility("call", price, 100, 130, 0.1, 0.02, 0).ok).toBe(true);
    const refused = impliedVolatility("call", price, 100, 130, 0.1, 0.02, 0, { minTimeValueRatio: 1e-5 });
    expect(refused.ok ? null : refused.error.code).toBe(NoImpliedVolatilityReason.NoTimeValue);
    expect(() => impliedVolatilityOrThrow("call", 200, 100, 130, 0.1, 0.02, 0)).toThrow(NoImpliedVolatility);
    expect(impliedVolatilityOrThrow("call", price, 100, 130, 0.1, 0.02, 0)).toBeCloseTo(0.2, 12);
  });
});
