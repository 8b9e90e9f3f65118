/**
 * The strategy page's pure side: legs as the page holds them, turned into lib/options legs once priced, and the
 * curves and grids the charts draw. Everything here runs in the browser from lib/options; nothing asks the server.
 */
import type { StrategyAnalysis } from "@/lib/analysis/strategy";
import { expiryInstantMs } from "@/lib/options/time";
import { pnlCurve, pnlGrid, priceAxis } from "@/lib/options/pnl-grid";
import type { PositionMarket } from "@/lib/options/leg-value";
import { positionGreeks } from "@/lib/options/position-greeks";
import type { Leg } from "@/lib/options/types";

/** A leg as the page holds it (the shape lib/analysis/legs.ts accepts). */
export type DraftLeg =
  | { type: "call" | "put"; action: "buy" | "sell"; strike: number; expiry: string; quantity: number; price?: number }
  | { type: "stock"; action: "buy" | "sell"; quantity: number; price?: number };

export interface AnalyseResponse {
  analysis: StrategyAnalysis;
  multiplier: number;
  rate: number;
}

/** Volatility assumed for a leg without implied volatility (the same 30% the server's analysis assumes). */
export const FALLBACK_VOL = 0.3;

/** The analysed (priced) legs as lib/options legs, signed by action. */
export function pricedLegs(analysis: StrategyAnalysis, multiplier: number): Leg[] {
  return analysis.legs.map((l): Leg => {
    const sign = l.action === "buy" ? 1 : -1;
    if (l.type === "stock") return { kind: "stock", quantity: sign * l.quantity, price: l.price };
    return { kind: "option", right: l.type, strike: l.strike!, expiry: l.expiry!, quantity: sign * l.quantity, multiplier, price: l.price, iv: l.iv };
  });
}

export function marketFor(analysis: StrategyAnalysis, rate: number, nowMs: number): PositionMarket {
  return { spot: analysis.spot, rate, dividendYield: 0, nowMs, vol: FALLBACK_VOL };
}

/** The first option expiry's close (epoch ms): the chart's "expiry" line and the end of the date slider. */
export function firstExpiryMs(legs: readonly Leg[]): number | null {
  const expiries = legs.flatMap((l) => (l.kind === "option" ? [l.expiry] : [])).sort();
  return expiries[0] ? expiryInstantMs(expiries[0]) : null;
}

export function meanVol(legs: readonly Leg[]): number {
  const ivs = legs.flatMap((l) => (l.kind === "option" && l.iv !== undefined ? [l.iv] : []));
  return ivs.length > 0 ? ivs.reduce((a, b) => a + b, 0) / ivs.length : FALLBACK_VOL;
}

/** Prices for the payoff chart: ±2.5σ to the first expiry around spot, with strikes and breakevens included. */
export function chartPrices(legs: readonly Leg[], market: PositionMarket, extra: readonly number[] = [], points = 241): Float64Array {
  const end = firstExpiryMs(legs);
  const years = end === null ? 30 / 365 : Math.max(1 / 365, (end - market.nowMs) / (365 * 86_400_000));
  const strikes = legs.flatMap((l) => (l.kind === "option" ? [l.strike] : []));
  const axis = priceAxis(market.spot, meanVol(legs), years, { sigmas: 2.5, points });
  const lo = Math.min(axis[0]!, ...strikes.map((k) => k * 0.97));
  const hi = Math.max(axis[axis.length - 1]!, ...strikes.map((k) => k * 1.03));
  const values: number[] = [];
  for (let i = 0; i < points; i++) values.push(lo + ((hi - lo) * i) / (points - 1));
  for (const k of [...strikes, ...extra, market.spot]) if (k > lo && k < hi) values.push(k);
  values.sort((a, b) => a - b);
  return Float64Array.from(values.filter((v, i) => i === 0 || v !== values[i - 1]));
}

export interface PayoffCurves {
  prices: Float64Array;
  /** P&L at the first expiry's close (currency). */
  expiry: Float64Array;
  /** P&L at the chosen date with the IV shift (currency). */
  atDate: Float64Array;
}

export function payoffCurves(legs: readonly Leg[], market: PositionMarket, prices: Float64Array, dateMs: number, ivShift: number): PayoffCurves {
  const end = firstExpiryMs(legs) ?? dateMs;
  return { prices, expiry: pnlCurve(legs, market, prices, end), atDate: pnlCurve(legs, market, prices, Math.min(dateMs, end), ivShift) };
}

/** Legs with the IV shift applied (for greeks). */
export function shiftedLegs(legs: readonly Leg[], ivShift: number): Leg[] {
  return legs.map((l) => (l.kind === "option" ? { ...l, iv: Math.max(1e-4, (l.iv ?? FALLBACK_VOL) + ivShift) } : l));
}

export function greeksAt(legs: readonly Leg[], market: PositionMarket, dateMs: number, ivShift: number) {
  return positionGreeks(shiftedLegs(legs, ivShift), { ...market, nowMs: dateMs });
}

export interface PnlTable {
  prices: number[];
  datesMs: number[];
  /** pnl[row][column]: row = price, column = date. */
  pnl: number[][];
}

/** P/L table: `rows` prices around spot (±2σ to the first expiry) × dates from now to the first expiry. */
export function pnlTable(legs: readonly Leg[], market: PositionMarket, ivShift: number, rows = 11, columns = 6): PnlTable {
  const end = firstExpiryMs(legs) ?? market.nowMs + 30 * 86_400_000;
  const years = Math.max(1 / 365, (end - market.nowMs) / (365 * 86_400_000));
  const axis = priceAxis(market.spot, meanVol(legs), years, { sigmas: 2, points: rows });
  // Round the price rows to a readable step.
  const step = niceStep((axis[axis.length - 1]! - axis[0]!) / (rows - 1));
  const centre = Math.round(market.spot / step) * step;
  const prices = Array.from({ length: rows }, (_, i) => centre + (Math.floor(rows / 2) - i) * step).filter((p) => p > 0);
  const datesMs = Array.from({ length: columns }, (_, i) => (i === columns - 1 ? end : market.nowMs + ((end - market.nowMs) * i) / (columns - 1)));
  const grid = pnlGrid({ legs, market, prices, datesMs, ivShift });
  const pnl = prices.map((_, r) => datesMs.map((__, c) => grid.pnl[c * prices.length + r]!));
  return { prices, datesMs, pnl };
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 2.5 ? 2.5 : unit <= 5 ? 5 : 10) * power;
}
