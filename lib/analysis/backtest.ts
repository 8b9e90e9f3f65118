/**
 * Backtests of simple option strategy rules over daily bars. Historical option quotes are not available, so
 * every option is priced with Black-Scholes-Merton at a volatility derived from the underlying's own recent
 * realised volatility (times an assumed implied-volatility premium). The result lists those assumptions.
 * Pure: bars in, trades and statistics out.
 */
import { bsmPrice } from "../options/black-scholes";
import { historicalVolatility } from "./realised-volatility";
import type { OptionRight } from "../options/types";
import { roundTo } from "../options/rounding";

export const BACKTEST_STRATEGIES = ["long_call", "long_put", "bull_call_spread", "bear_put_spread", "long_straddle", "long_strangle"] as const;
export type BacktestStrategy = (typeof BACKTEST_STRATEGIES)[number];

export interface DailyBar {
  /** YYYY-MM-DD */
  time: string;
  close: number;
}

export interface BacktestRule {
  strategy: BacktestStrategy;
  /** Calendar days from entry to expiry. */
  daysToExpiry: number;
  /** How far from the money the bought strike is, as a fraction of spot (0 = at the money; + = out of the money). */
  otmPercent: number;
  /** Spread width (or strangle distance) as a fraction of spot. */
  widthPercent: number;
  /** Open a new position every this many trading days (positions may overlap). */
  entryEveryDays: number;
  /** Close early when the position has gained this fraction of its debit (e.g. 0.5); omit to hold. */
  takeProfit?: number;
  /** Close early when it has lost this fraction of its debit (e.g. 0.5); omit to hold. */
  stopLoss?: number;
  contracts: number;
  /** Implied volatility assumed as realised 20-day volatility × this (default 1.1). */
  ivPremium?: number;
  rate?: number;
}

export interface BacktestTrade {
  entry: string;
  exit: string;
  spotIn: number;
  spotOut: number;
  strikes: number[];
  debit: number;
  pnl: number;
  exitReason: "expiry" | "take_profit" | "stop_loss" | "end_of_data";
}

export interface BacktestResult {
  trades: BacktestTrade[];
  tradeCount: number;
  winRate: number;
  totalPnl: number;
  averagePnl: number;
  bestTrade: number;
  worstTrade: number;
  /** Largest fall of cumulative closed-trade P&L from a previous high (currency, ≥ 0). */
  maxDrawdown: number;
  /** Cumulative P&L after each closed trade, in exit order. */
  equityCurve: Array<{ time: string; pnl: number }>;
  assumptions: string[];
}

interface LegSpec {
  right: OptionRight;
  strike: number;
  sign: 1 | -1;
}

/** The listed-looking strike nearest a price: $1 steps under 100, $2.5 under 250, $5 above. */
export function roundStrike(price: number): number {
  const step = price < 100 ? 1 : price < 250 ? 2.5 : 5;
  return Math.round(price / step) * step;
}

function legsFor(rule: BacktestRule, spot: number): LegSpec[] {
  const off = spot * rule.otmPercent;
  const width = Math.max(spot * rule.widthPercent, spot * 0.005);
  switch (rule.strategy) {
    case "long_call":
      return [{ right: "call", strike: roundStrike(spot + off), sign: 1 }];
    case "long_put":
      return [{ right: "put", strike: roundStrike(spot - off), sign: 1 }];
    case "bull_call_spread": {
      const low = roundStrike(spot + off);
      return [
        { right: "call", strike: low, sign: 1 },
        { right: "call", strike: Math.max(roundStrike(low + width), low + 1), sign: -1 },
      ];
    }
    case "bear_put_spread": {
      const high = roundStrike(spot - off);
      return [
        { right: "put", strike: high, sign: 1 },
        { right: "put", strike: Math.min(roundStrike(high - width), high - 1), sign: -1 },
      ];
    }
    case "long_straddle":
      return [
        { right: "call", strike: roundStrike(spot), sign: 1 },
        { right: "put", strike: roundStrike(spot), sign: 1 },
      ];
    case "long_strangle":
      return [
        { right: "call", strike: roundStrike(spot + width / 2), sign: 1 },
        { right: "put", strike: roundStrike(spot - width / 2), sign: 1 },
      ];
  }
}

function value(legs: LegSpec[], spot: number, years: number, rate: number, vol: number, contracts: number): number {
  let v = 0;
  for (const leg of legs) {
    const price = years > 0 ? bsmPrice(leg.right, spot, leg.strike, years, rate, 0, vol) : Math.max(0, leg.right === "call" ? spot - leg.strike : leg.strike - spot);
    v += leg.sign * price;
  }
  return v * 100 * contracts;
}

const DAY_MS = 86_400_000;
const dayMs = (time: string): number => Date.parse(`${time}T20:00:00Z`);

export function runBacktest(bars: readonly DailyBar[], rule: BacktestRule): BacktestResult {
  const rate = rule.rate ?? 0.04;
  const premium = rule.ivPremium ?? 1.1;
  const closes = bars.map((b) => b.close);
  const trades: BacktestTrade[] = [];
  const lookback = 20;
  for (let i = lookback; i < bars.length; i += rule.entryEveryDays) {
    const entry = bars[i]!;
    const hv = historicalVolatility(closes.slice(0, i + 1), lookback);
    if (hv === undefined) continue;
    const vol = Math.max(0.05, hv * premium);
    const legs = legsFor(rule, entry.close);
    const expiryMs = dayMs(entry.time) + rule.daysToExpiry * DAY_MS;
    const debit = value(legs, entry.close, rule.daysToExpiry / 365, rate, vol, rule.contracts);
    if (!(debit > 0)) continue;
    let exit: BacktestTrade | undefined;
    for (let j = i + 1; j < bars.length; j++) {
      const bar = bars[j]!;
      const remaining = (expiryMs - dayMs(bar.time)) / (365 * DAY_MS);
      const hvNow = historicalVolatility(closes.slice(0, j + 1), lookback) ?? hv;
      const now = value(legs, bar.close, Math.max(0, remaining), rate, Math.max(0.05, hvNow * premium), rule.contracts);
      const pnl = now - debit;
      const base = { entry: entry.time, exit: bar.time, spotIn: entry.close, spotOut: bar.close, strikes: legs.map((l) => l.strike), debit: roundTo(debit, 2), pnl: roundTo(pnl, 2) };
      if (remaining <= 0) {
        exit = { ...base, exitReason: "expiry" };
        break;
      }
      if (rule.takeProfit !== undefined && pnl >= rule.takeProfit * debit) {
        exit = { ...base, exitReason: "take_profit" };
        break;
      }
      if (rule.stopLoss !== undefined && pnl <= -rule.stopLoss * debit) {
        exit = { ...base, exitReason: "stop_loss" };
        break;
      }
    }
    // A position still open when the data ends is left out rather than marked at a guess.
    if (exit) trades.push(exit);
  }

  const pnls = trades.map((t) => t.pnl);
  const byExit = [...trades].sort((a, b) => (a.exit < b.exit ? -1 : a.exit > b.exit ? 1 : 0));
  let cumulative = 0;
  let peak = 0;
  let maxDrawdown = 0;
  const equityCurve = byExit.map((t) => {
    cumulative += t.pnl;
    peak = Math.max(peak, cumulative);
    maxDrawdown = Math.max(maxDrawdown, peak - cumulative);
    return { time: t.exit, pnl: roundTo(cumulative, 2) };
  });
  const total = pnls.reduce((a, b) => a + b, 0);
  return {
    trades,
    tradeCount: trades.length,
    winRate: trades.length ? roundTo(pnls.filter((p) => p > 0).length / trades.length, 4) : 0,
    totalPnl: roundTo(total, 2),
    averagePnl: trades.length ? roundTo(total / trades.length, 2) : 0,
    bestTrade: trades.length ? Math.max(...pnls) : 0,
    worstTrade: trades.length ? Math.min(...pnls) : 0,
    maxDrawdown: roundTo(maxDrawdown, 2),
    equityCurve,
    assumptions: [
      `Options priced with Black-Scholes-Merton at ${premium}× the underlying's 20-day realised volatility (no historical option quotes), rate ${(rate * 100).toFixed(1)}%, no dividends.`,
      "Entries and exits at the daily close, at model mid prices: no bid/ask spread, slippage or commissions.",
      `Strikes rounded to $1 / $2.50 / $5 steps; expiry ${rule.daysToExpiry} calendar days after entry; a new position every ${rule.entryEveryDays} trading days.`,
      "Positions still open when the data ends are left out.",
    ],
  };
}

