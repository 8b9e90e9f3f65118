import { describe, expect, it } from "vitest";
import { bsmPrice } from "../black-scholes";
import { bsmGreeks } from "../greeks";
import { impliedVolatility } from "../implied-vol";
import type { OptionRight } from "../types";
import { referenceGreeks, referenceImpliedVolatility, referencePrice } from "./bsm";

/** A grid where the textbook formulas keep their precision: moneyness within ±40%, σ√T from 0.05 to 1. */
function* grid(): Generator<[OptionRight, number, number, number, number, number, number]> {
  for (const right of ["call", "put"] as const) {
    for (const strike of [70, 85, 95, 100, 105, 120, 140]) {
      for (const years of [0.05, 0.25, 1, 3]) {
        for (const vol of [0.1, 0.25, 0.6]) {
          for (const [rate, dividendYield] of [[0, 0], [0.05, 0.02], [-0.01, 0.03]] as const) {
            const s = vol * Math.sqrt(years);
            if (s < 0.05 || s > 1) continue;
            yield [right, 100, strike, years, rate, dividendYield, vol];
          }
        }
      }
    }
  }
}

const TOLERANCE = 1e-12;
/** |a − b| within 1e-12 of the larger of |b| and `floor` (a greek that crosses zero is judged against its scale). */
const close = (a: number, b: number, floor: number): boolean => Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(b), floor);

describe("the fast kernel against the readable reference", () => {
  const cases = [...grid()];

  it("prices agree to 1e-12", () => {
    expect(cases.length).toBeGreaterThan(200);
    for (const [right, S, K, T, r, q, v] of cases) {
      const fast = bsmPrice(right, S, K, T, r, q, v);
      const reference = referencePrice(right, S, K, T, r, q, v);
      expect(close(fast, reference, 1e-3 * S), `${right} ${K} ${T} ${v} ${r} ${q}: ${fast} vs ${reference}`).toBe(true);
    }
  });

  it("greeks agree to 1e-12", () => {
    for (const [right, S, K, T, r, q, v] of cases) {
      const fast = bsmGreeks(right, S, K, T, r, q, v);
      const reference = referenceGreeks(right, S, K, T, r, q, v);
      const scale = { delta: 1, gamma: 1 / S, vega: S, theta: S, rho: K * T, vanna: 1, charm: 1, probItm: 1 };
      for (const name of Object.keys(reference) as (keyof typeof reference)[]) {
        expect(close(fast[name], reference[name], 1e-3 * scale[name]), `${name} of ${right} ${K} ${T} ${v}: ${fast[name]} vs ${reference[name]}`).toBe(true);
      }
    }
  });

  it("implied volatilities agree to 1e-12 where the price carries a time value", () => {
    let checked = 0;
    for (const [right, S, K, T, r, q, v] of cases) {
      const price = referencePrice(right, S, K, T, r, q, v);
      const intrinsic = Math.max(0, (right === "call" ? 1 : -1) * (S * Math.exp(-q * T) - K * Math.exp(-r * T)));
      // A deep in-the-money price with next to no time value pins no volatility down in double precision.
      if (price - intrinsic < 1e-4 * S) continue;
      checked++;
      const fast = impliedVolatility(right, price, S, K, T, r, q);
      const reference = referenceImpliedVolatility(right, price, S, K, T, r, q);
      expect(fast.ok, `${right} ${K} ${T} ${v}`).toBe(true);
      if (fast.ok) expect(close(fast.vol, reference, 0.01), `${right} ${K} ${T} ${v}: ${fast.vol} vs ${reference}`).toBe(true);
    }
    expect(checked).toBeGreaterThan(150);
  });
});
