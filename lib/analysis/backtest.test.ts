import { describe, expect, it } from "vitest";
import { bsmPrice } from "../options/black-scholes";
import { roundStrike, runBacktest, type DailyBar } from "./backtest";

/** Business-day bars from a price path. */
function bars(prices: number[]): DailyBar[] {
  const start = Date.UTC(2025, 0, 6);
  const out: DailyBar[] = [];
  let day = 0;
  for (const close of prices) {
    let t = start + day * 86_400_000;
    while ([0, 6].includes(new Date(t).getUTCDay())) {
      t += 86_400_000;
      day++;
    }
    out.push({ time: new Date(t).toISOString().slice(0, 10), close });
    day++;
  }
  return out;
}

/** A steady trend with a little alternating noise (so realised volatility is never zero). */
const trend = (from: number, step: number, n: number) => Array.from({ length: n }, (_, i) => from + step * i + (i % 2 ? 0.6 : -0.6));

describe("runBacktest", () => {
  it("long calls make money in a rising market and lose in a falling one", () => {
    const rule = { strategy: "long_call" as const, daysToExpiry: 30, otmPercent: 0, widthPercent: 0.05, entryEveryDays: 10, contracts: 1 };
    const up = runBacktest(bars(trend(100, 0.5, 200)), rule);
    const down = runBacktest(bars(trend(200, -0.5, 200)), rule);
    expect(up.tradeCount).toBeGreaterThan(10);
    expect(up.winRate).toBeGreaterThan(0.8);
    expect(up.totalPnl).toBeGreaterThan(0);
    expect(down.winRate).toBeLessThan(0.2);
    expect(down.totalPnl).toBeLessThan(0);
    // A bought option never loses more than its debit.
    for (const t of down.trades) expect(t.pnl).toBeGreaterThanOrEqual(-t.debit - 1e-9);
  });

  it("prices the entry with Black-Scholes at the assumed volatility and settles at intrinsic value", () => {
    const prices = trend(100, 0, 60);
    const result = runBacktest(bars(prices), { strategy: "long_call", daysToExpiry: 14, otmPercent: 0, widthPercent: 0.05, entryEveryDays: 100, contracts: 2, ivPremium: 1, rate: 0.04 });
    const [trade] = result.trades;
    expect(trade).toBeDefined();
    // Alternating ±0.6 around a flat 100: the 20-day realised volatility is known in closed form.
    const closes = prices.slice(0, 21);
    const r = closes.slice(1).map((c, i) => Math.log(c / closes[i]!));
    const mean = r.reduce((a, b) => a + b, 0) / r.length;
    const hv = Math.sqrt((r.reduce((a, x) => a + (x - mean) ** 2, 0) / (r.length - 1)) * 252);
    const strike = trade!.strikes[0]!;
    expect(strike).toBe(roundStrike(trade!.spotIn));
    expect(trade!.debit).toBeCloseTo(bsmPrice("call", trade!.spotIn, strike, 14 / 365, 0.04, 0, hv) * 200, 1);
    expect(trade!.exitReason).toBe("expiry");
    expect(trade!.pnl).toBeCloseTo(Math.max(0, trade!.spotOut - strike) * 200 - trade!.debit, 1);
  });

  it("computes drawdown from the closed-trade equity curve and takes profits early when told", () => {
    const path = [...trend(100, 0.8, 80), ...trend(164, -0.8, 80)];
    const result = runBacktest(bars(path), { strategy: "bull_call_spread", daysToExpiry: 30, otmPercent: 0, widthPercent: 0.05, entryEveryDays: 5, contracts: 1, takeProfit: 0.5 });
    expect(result.trades.some((t) => t.exitReason === "take_profit")).toBe(true);
    let peak = 0;
    let dd = 0;
    for (const p of result.equityCurve) {
      peak = Math.max(peak, p.pnl);
      dd = Math.max(dd, peak - p.pnl);
    }
    expect(result.maxDrawdown).toBeCloseTo(dd, 6);
    expect(result.maxDrawdown).toBeGreaterThan(0);
  });

  it("rounds strikes to listed-looking steps", () => {
    expect(roundStrike(97.4)).toBe(97);
    expect(roundStrike(201.3)).toBe(202.5);
    expect(roundStrike(583)).toBe(585);
  });
});
