import { describe, expect, it } from "vitest";
import { bsmGreeks } from "./greeks";
import { normCdf } from "./normal";
import { analyzePayoff } from "./payoff";
import {
  expectedMove,
  probabilityAbove,
  probabilityBelow,
  probabilityBetween,
  probabilityOfProfit,
  probabilityOfTouch,
} from "./probability";
import type { OptionLeg } from "./types";

const market = { spot: 100, years: 0.25, rate: 0.04, dividendYield: 0.01 };
const E = "20260320";
const leg = (right: "call" | "put", strike: number, quantity: number, price: number): OptionLeg => ({
  kind: "option",
  right,
  strike,
  expiry: E,
  quantity,
  price,
});

describe("lognormal probabilities", () => {
  it("probability of finishing above a level is N(d2), the call's probability in the money", () => {
    expect(probabilityAbove({ spot: 42, years: 0.5, rate: 0.1, dividendYield: 0 }, 40, 0.2)).toBeCloseTo(
      0.73494603684590845,
      15,
    );
    for (const k of [70, 95, 100, 130]) {
      expect(probabilityAbove(market, k, 0.3)).toBeCloseTo(bsmGreeks("call", 100, k, 0.25, 0.04, 0.01, 0.3).probItm, 15);
      expect(probabilityAbove(market, k, 0.3) + probabilityBelow(market, k, 0.3)).toBeCloseTo(1, 15);
    }
    expect(probabilityBetween(market, 90, 110, 0.3)).toBeCloseTo(
      probabilityBelow(market, 110, 0.3) - probabilityBelow(market, 90, 0.3),
      15,
    );
  });

  it("uses the volatility the caller chooses per level", () => {
    const smile = (k: number): number => 0.2 + 0.5 * Math.abs(Math.log(k / 100));
    expect(probabilityAbove(market, 120, smile)).toBeCloseTo(probabilityAbove(market, 120, smile(120)), 15);
    expect(probabilityAbove(market, 120, smile)).not.toBeCloseTo(probabilityAbove(market, 120, 0.2), 3);
    expect(() => probabilityAbove(market, 120, () => -1)).toThrow(/Volatility/);
  });

  it("probability of profit follows the exact breakevens", () => {
    const longCall = [leg("call", 100, 1, 4)];
    expect(probabilityOfProfit(longCall, market, 0.25)).toBeCloseTo(probabilityAbove(market, 104, 0.25), 15);
    const straddle = [leg("call", 100, 1, 5), leg("put", 100, 1, 4)];
    expect(probabilityOfProfit(straddle, market, 0.25)).toBeCloseTo(
      probabilityBelow(market, 91, 0.25) + probabilityAbove(market, 109, 0.25),
      15,
    );
    const fly = analyzePayoff([leg("call", 90, 1, 12), leg("call", 100, -2, 5.5), leg("call", 110, 1, 1.5)]);
    expect(probabilityOfProfit(fly, market, 0.25)).toBeCloseTo(probabilityBetween(market, 92.5, 107.5, 0.25), 12);
  });

  it("probability of touch: twice the probability of finishing beyond when the drift ν is zero", () => {
    const sigma = 0.3;
    const m = { spot: 100, years: 0.5, rate: 0.5 * sigma * sigma, dividendYield: 0 };
    const s = sigma * Math.sqrt(0.5);
    expect(probabilityOfTouch(m, 120, sigma)).toBeCloseTo(2 * normCdf(-Math.log(1.2) / s), 14);
    expect(probabilityOfTouch(m, 85, sigma)).toBeCloseTo(2 * normCdf(Math.log(0.85) / s), 14);
    // With drift it still exceeds the probability of finishing beyond the barrier, and stays in [0, 1].
    for (const h of [60, 90, 99.9, 100.1, 110, 300]) {
      const touch = probabilityOfTouch(market, h, 0.4);
      const beyond = h > 100 ? probabilityAbove(market, h, 0.4) : probabilityBelow(market, h, 0.4);
      expect(touch).toBeGreaterThanOrEqual(beyond);
      expect(touch).toBeLessThanOrEqual(1);
    }
    expect(probabilityOfTouch(market, 100, 0.4)).toBe(1);
    // Far barriers with tiny vol: no overflow, a clean 0.
    expect(probabilityOfTouch({ ...market, rate: 0.5 }, 400, 0.01)).toBe(0);
  });

  it("expected move is S·σ·√T with the lognormal 1σ range around the forward", () => {
    const m = expectedMove(market, 0.2);
    expect(m.move).toBeCloseTo(10, 12);
    expect(m.low).toBeLessThan(100);
    expect(m.high).toBeGreaterThan(100);
    expect(probabilityBetween(market, m.low, m.high, 0.2)).toBeCloseTo(normCdf(1) - normCdf(-1), 12);
  });
});
