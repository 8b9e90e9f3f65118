import { describe, expect, it } from "vitest";
import { bsmGreeksBatch, bsmPriceBatch, impliedVolatilityBatch } from "./batch";
import { NoImpliedVolatilityReason } from "./errors";
import { bsmGreeks } from "./greeks";
import { IV_REASON_CODES, impliedVolatility } from "./implied-vol";

function chain(n: number): { isCall: Uint8Array; strike: Float64Array; years: Float64Array; vol: Float64Array } {
  const isCall = new Uint8Array(n);
  const strike = new Float64Array(n);
  const years = new Float64Array(n);
  const vol = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    isCall[i] = i % 2;
    strike[i] = 60 + (i % 97) * 0.9;
    years[i] = (1 + (i % 13) * 17) / 365;
    vol[i] = 0.12 + 0.004 * (i % 50);
  }
  return { isCall, strike, years, vol };
}

describe("batch APIs", () => {
  const n = 2000;
  const { isCall, strike, years, vol } = chain(n);
  const batch = { isCall, spot: 100, strike, years, rate: 0.04, dividendYield: 0.01, vol };

  it("price and greeks match the scalar functions exactly", () => {
    const prices = bsmPriceBatch(batch);
    const greeks = bsmGreeksBatch(batch);
    for (let i = 0; i < n; i += 7) {
      const g = bsmGreeks(isCall[i] === 1 ? "call" : "put", 100, strike[i]!, years[i]!, 0.04, 0.01, vol[i]!);
      expect(prices[i]).toBe(g.price);
      expect(greeks.price[i]).toBe(g.price);
      expect(greeks.delta[i]).toBe(g.delta);
      expect(greeks.gamma[i]).toBe(g.gamma);
      expect(greeks.vega[i]).toBe(g.vega);
      expect(greeks.theta[i]).toBe(g.theta);
      expect(greeks.rho[i]).toBe(g.rho);
      expect(greeks.vanna[i]).toBe(g.vanna);
      expect(greeks.charm[i]).toBe(g.charm);
      expect(greeks.probItm[i]).toBe(g.probItm);
    }
  });

  it("recovers the volatilities of a whole chain and flags rows without one", () => {
    const price = bsmPriceBatch(batch);
    price[3] = -1;
    price[4] = 1000;
    const vega = bsmGreeksBatch(batch).vega;
    const out = impliedVolatilityBatch({ ...batch, price });
    let checked = 0;
    for (let i = 0; i < n; i++) {
      const scalar = impliedVolatility(isCall[i] === 1 ? "call" : "put", price[i]!, 100, strike[i]!, years[i]!, 0.04, 0.01);
      if (scalar.ok) {
        expect(out.vol[i]).toBe(scalar.vol);
        expect(out.reason[i]).toBe(0);
        if (i !== 3 && i !== 4) {
          const conditioning = (2 * Number.EPSILON * price[i]!) / vega[i]!;
          expect(Math.abs(out.vol[i]! - vol[i]!)).toBeLessThanOrEqual(Math.max(1e-10 * vol[i]!, conditioning));
          checked++;
        }
      } else {
        expect(out.vol[i]).toBeNaN();
        expect(IV_REASON_CODES[out.reason[i]!]).toBe(scalar.error.code);
      }
    }
    expect(IV_REASON_CODES[out.reason[3]!]).toBe(NoImpliedVolatilityReason.InvalidInput);
    expect(IV_REASON_CODES[out.reason[4]!]).toBe(NoImpliedVolatilityReason.AboveMaximum);
    expect(checked).toBeGreaterThan(n / 2);
  });

  it("writes into caller-supplied arrays and gives NaN for invalid rows", () => {
    const out = new Float64Array(3);
    const result = bsmPriceBatch(
      { isCall: new Uint8Array([1, 1, 0]), spot: new Float64Array([100, -5, 100]), strike: 100, years: 1, rate: 0, dividendYield: 0, vol: 0.2 },
      out,
    );
    expect(result).toBe(out);
    expect(out[0]).toBeGreaterThan(7);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeCloseTo(out[0]!, 12);
  });
});
