import { describe, expect, it } from "vitest";
import { bsmPrice, europeanLowerBound, europeanUpperBound, forwardPrice } from "./black-scholes";
import { OptionsError } from "./errors";
import { bsmGreeks } from "./greeks";
import type { OptionRight } from "./types";

type Case = [OptionRight, number, number, number, number, number, number];

const DEEP_CALL = 1.9296481639157757519e-16;

const CASES: Case[] = [
  ["call", 100, 100, 1, 0.05, 0.02, 0.25],
  ["put", 100, 100, 1, 0.05, 0.02, 0.25],
  ["call", 50, 70, 0.25, 0.03, 0, 0.6],
  ["put", 50, 70, 0.25, 0.03, 0, 0.6],
  ["call", 400, 300, 2, 0.01, 0.04, 0.15],
  ["put", 400, 300, 2, 0.01, 0.04, 0.15],
  ["call", 20, 21, 10 / 365, 0.045, 0.013, 1.2],
  ["put", 1500, 1400, 30 / 365, 0.0, 0.03, 0.08],
];

function price(c: Case, patch: Partial<Record<"S" | "T" | "r" | "sigma", number>>): number {
  const [right, S, K, T, r, q, sigma] = c;
  return bsmPrice(right, patch.S ?? S, K, patch.T ?? T, patch.r ?? r, q, patch.sigma ?? sigma);
}

describe("greeks against finite differences", () => {
  it.each(CASES)("%s S=%d K=%d T=%d r=%d q=%d σ=%d", (...c) => {
    const [right, S, K, T, r, q, sigma] = c;
    const g = bsmGreeks(right, S, K, T, r, q, sigma);
    const hS = S * 1e-4;
    const hV = 1e-5;
    const hT = T * 1e-5;
    const hR = 1e-6;
    const delta = (price(c, { S: S + hS }) - price(c, { S: S - hS })) / (2 * hS);
    const gamma = (price(c, { S: S + hS }) - 2 * g.price + price(c, { S: S - hS })) / (hS * hS);
    const vega = (price(c, { sigma: sigma + hV }) - price(c, { sigma: sigma - hV })) / (2 * hV);
    const theta = -(price(c, { T: T + hT }) - price(c, { T: T - hT })) / (2 * hT);
    const rho = (price(c, { r: r + hR }) - price(c, { r: r - hR })) / (2 * hR);
    const deltaAt = (patch: Partial<Record<"S" | "T" | "sigma", number>>): number =>
      bsmGreeks(right, patch.S ?? S, K, patch.T ?? T, r, q, patch.sigma ?? sigma).delta;
    const vanna = (deltaAt({ sigma: sigma + hV }) - deltaAt({ sigma: sigma - hV })) / (2 * hV);
    const charm = -(deltaAt({ T: T + hT }) - deltaAt({ T: T - hT })) / (2 * hT);
    const scale = (x: number): number => 1e-6 * Math.max(1, Math.abs(x));
    expect(Math.abs(g.delta - delta)).toBeLessThan(scale(delta));
    expect(Math.abs(g.gamma - gamma)).toBeLessThan(1e-4 * Math.max(1e-3, Math.abs(gamma)));
    expect(Math.abs(g.vega - vega)).toBeLessThan(scale(vega));
    expect(Math.abs(g.theta - theta)).toBeLessThan(scale(theta));
    expect(Math.abs(g.rho - rho)).toBeLessThan(scale(rho));
    expect(Math.abs(g.vanna - vanna)).toBeLessThan(scale(vanna));
    expect(Math.abs(g.charm - charm)).toBeLessThan(scale(charm));
    expect(g.thetaPerDay).toBe(g.theta / 365);
    expect(g.vegaPerPoint).toBe(g.vega / 100);
    expect(g.rhoPerPoint).toBe(g.rho / 100);
  });
});

describe("Black-Scholes-Merton identities", () => {
  it.each(CASES.filter((c) => c[0] === "call"))("put-call parity C − P = S·e^(−qT) − K·e^(−rT) (S=%d)", (...c) => {
    const [, S, K, T, r, q, sigma] = c;
    const call = bsmGreeks("call", S, K, T, r, q, sigma);
    const put = bsmGreeks("put", S, K, T, r, q, sigma);
    const forward = S * Math.exp(-q * T) - K * Math.exp(-r * T);
    expect(call.price - put.price).toBeCloseTo(forward, 11);
    expect(call.delta - put.delta).toBeCloseTo(Math.exp(-q * T), 14);
    expect(call.gamma).toBeCloseTo(put.gamma, 14);
    expect(call.vega).toBeCloseTo(put.vega, 12);
    expect(call.probItm + put.probItm).toBeCloseTo(1, 14);
  });

  it("stays within the no-arbitrage bounds and keeps relative precision far out of the money", () => {
    // 40-digit value of a call 60% out of the money with a month to go at 20% vol.
    const deep = bsmPrice("call", 100, 160, 30 / 365, 0.05, 0, 0.2);
    expect(Math.abs(deep / DEEP_CALL - 1)).toBeLessThan(1e-13);
    for (const [right, S, K, T, r, q, sigma] of CASES) {
      const p = bsmPrice(right, S, K, T, r, q, sigma);
      expect(p).toBeGreaterThanOrEqual(europeanLowerBound(right, S, K, T, r, q));
      expect(p).toBeLessThanOrEqual(europeanUpperBound(right, S, K, T, r, q));
    }
  });

  it("gives the payoff at expiry and the discounted forward intrinsic value at zero volatility", () => {
    expect(bsmPrice("call", 110, 100, 0, 0.05, 0, 0.3)).toBeCloseTo(10, 12);
    expect(bsmPrice("put", 110, 100, 0, 0.05, 0, 0.3)).toBe(0);
    const F = forwardPrice(110, 0.5, 0.05, 0.01);
    expect(bsmPrice("call", 110, 100, 0.5, 0.05, 0.01, 0)).toBeCloseTo(Math.exp(-0.025) * (F - 100), 12);
    const g = bsmGreeks("call", 110, 100, 0.5, 0.05, 0.01, 0);
    expect(g.delta).toBeCloseTo(Math.exp(-0.005), 15);
    expect(g.gamma).toBe(0);
    expect(g.vega).toBe(0);
  });

  it("keeps the discount at large rate × time and gives the upper bounds when vol·√T overflows", () => {
    // 40-digit values: r = q = 100 for half a year (e^(−rT) − 1 rounds to −1), and r·T = 6, q·T = 5.
    const rel = (got: number, want: number) => Math.abs(got / want - 1);
    expect(rel(bsmPrice("call", 100, 100, 0.5, 100, 100, 1), 5.3296448302540521015e-21)).toBeLessThan(1e-14);
    expect(rel(bsmPrice("call", 100, 120, 2, 3, 2.5, 0.3), 0.37826585628306991644)).toBeLessThan(1e-14);
    expect(rel(bsmPrice("put", 100, 120, 2, 3, 2.5, 0.3), 0.0019214175744862175417)).toBeLessThan(1e-13);
    expect(rel(bsmGreeks("call", 100, 120, 2, 3, 2.5, 0.3).delta, 0.006628786256684286481)).toBeLessThan(1e-14);
    expect(bsmPrice("call", 100, 120, 1e300, 0, 0, 1e300)).toBe(100);
    expect(bsmPrice("put", 100, 120, 1e300, 0, 0, 1e300)).toBe(120);
    const g = bsmGreeks("put", 100, 120, 1e300, 0, 0, 1e300);
    expect([g.delta, g.gamma, g.vega, g.probItm]).toEqual([-0, 0, 0, 1]);
  });

  it("refuses inputs outside the domain with a typed error", () => {
    expect(() => bsmPrice("call", -1, 100, 1, 0, 0, 0.2)).toThrow(OptionsError);
    expect(() => bsmPrice("call", 100, 0, 1, 0, 0, 0.2)).toThrow(OptionsError);
    expect(() => bsmGreeks("put", 100, 100, -1, 0, 0, 0.2)).toThrow(OptionsError);
    expect(() => bsmGreeks("put", 100, 100, 1, Number.NaN, 0, 0.2)).toThrow(OptionsError);
    expect(() => bsmPrice("put", 100, 100, 1, 0, 0, -0.2)).toThrow(/vol/);
  });
});
