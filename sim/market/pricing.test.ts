import { describe, expect, it } from "vitest";
import { bsm, impliedVol } from "./pricing";

describe("simulator pricing", () => {
  const s = 100;
  const k = 105;
  const t = 0.25;
  const r = 0.043;
  const q = 0.012;
  const v = 0.22;

  it("satisfies put-call parity with dividends", () => {
    const c = bsm("C", s, k, t, r, q, v).price;
    const p = bsm("P", s, k, t, r, q, v).price;
    expect(c - p).toBeCloseTo(s * Math.exp(-q * t) - k * Math.exp(-r * t), 6);
  });

  it("matches a textbook value (Hull: S=42, K=40, r=10%, sigma=20%, T=0.5 -> call 4.76, put 0.81)", () => {
    expect(bsm("C", 42, 40, 0.5, 0.1, 0, 0.2).price).toBeCloseTo(4.7594, 3);
    expect(bsm("P", 42, 40, 0.5, 0.1, 0, 0.2).price).toBeCloseTo(0.8086, 3);
  });

  it("has greeks that agree with finite differences (vega per point, theta per day)", () => {
    for (const right of ["C", "P"] as const) {
      const g = bsm(right, s, k, t, r, q, v);
      const h = 0.01;
      const up = bsm(right, s + h, k, t, r, q, v);
      const dn = bsm(right, s - h, k, t, r, q, v);
      expect(g.delta).toBeCloseTo((up.price - dn.price) / (2 * h), 5);
      expect(g.gamma).toBeCloseTo((up.delta - dn.delta) / (2 * h), 4);
      const vUp = bsm(right, s, k, t, r, q, v + 0.0001).price;
      const vDn = bsm(right, s, k, t, r, q, v - 0.0001).price;
      expect(g.vega).toBeCloseTo((vUp - vDn) / 0.0002 / 100, 5);
      const dt = 1 / 365;
      const later = bsm(right, s, k, t - dt, r, q, v).price;
      expect(g.theta).toBeCloseTo(later - g.price, 3);
    }
  });

  it("recovers the volatility from a price and refuses prices outside the bounds", () => {
    const price = bsm("P", s, k, t, r, q, 0.37).price;
    expect(impliedVol("P", price, s, k, t, r, q)).toBeCloseTo(0.37, 5);
    expect(impliedVol("C", 0, s, k, t, r, q)).toBeUndefined();
    expect(impliedVol("C", s * 2, s, k, t, r, q)).toBeUndefined();
  });
});
