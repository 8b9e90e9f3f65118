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
  /** What each row marks: a breakeven at expiry, a strike, or the spot (null for a plain step). */
  marks: Array<"breakeven" | "strike" | "spot" | null>;
  /** Price ranges with a profit at the first expiry (the last column), ends rounded to cents. */
  profitZones: Array<[number, number]>;
}

/**
 * P/L table: prices (rows) × dates from now to the first expiry (columns). The rows follow the trade: a
 * readable step over ±2σ around spot widened to take in every strike and expiry breakeven, plus a row at each
 * breakeven and strike, and inside every profit zone at least three rows so it shows however narrow it is.
 */
export function pnlTable(legs: readonly Leg[], market: PositionMarket, ivShift: number, rows = 11, columns = 6): PnlTable {
  const end = firstExpiryMs(legs) ?? market.nowMs + 30 * 86_400_000;
  const years = Math.max(1 / 365, (end - market.nowMs) / (365 * 86_400_000));
  const datesMs = Array.from({ length: columns }, (_, i) => (i === columns - 1 ? end : market.nowMs + ((end - market.nowMs) * i) / (columns - 1)));
  const strikes = [...new Set(legs.flatMap((l) => (l.kind === "option" ? [l.strike] : [])))];
  const zones = expiryProfitZones(legs, market, end, years);
  const breakevens = zones.flatMap(([lo, hi]) => [lo, hi]).filter((b) => b > 0 && Number.isFinite(b));
  const axis = priceAxis(market.spot, meanVol(legs), years, { sigmas: 2, points: rows });
  let lo = Math.min(axis[0]!, ...strikes, ...breakevens);
  let hi = Math.max(axis[axis.length - 1]!, ...strikes, ...breakevens);
  const pad = 0.02 * (hi - lo);
  lo = Math.max(0, lo - pad);
  hi += pad;
  const step = niceStep((hi - lo) / (rows - 1));
  const marks = new Map<number, "breakeven" | "strike" | "spot" | null>();
  for (let p = Math.ceil(lo / step) * step; p <= hi + 1e-9; p += step) if (p > 0) marks.set(cents(p), null);
  for (const zone of zones) {
    const from = Math.max(lo, zone[0]);
    const to = Math.min(hi, zone[1]);
    for (const f of [0.25, 0.5, 0.75]) if (to > from) marks.set(cents(from + f * (to - from)), marks.get(cents(from + f * (to - from))) ?? null);
  }
  for (const k of strikes) marks.set(cents(k), "strike");
  marks.set(cents(market.spot), "spot");
  for (const b of breakevens) marks.set(cents(b), "breakeven");
  const prices = [...marks.keys()].sort((a, b) => b - a);
  const grid = pnlGrid({ legs, market, prices, datesMs, ivShift });
  const pnl = prices.map((_, r) => datesMs.map((__, c) => grid.pnl[c * prices.length + r]!));
  return {
    prices,
    datesMs,
    pnl,
    marks: prices.map((p) => marks.get(p) ?? null),
    profitZones: zones.map(([a, b]) => [cents(a), Number.isFinite(b) ? cents(b) : Infinity]),
  };
}

const cents = (x: number): number => Math.round(x * 100) / 100;

/**
 * Where the P&L at the first expiry is positive: sign changes on a fine grid over ±4σ (and the strikes),
 * each refined by bisection. Open-ended zones end at 0 or Infinity.
 */
export function expiryProfitZones(legs: readonly Leg[], market: PositionMarket, end: number, years: number): Array<[number, number]> {
  const spread = meanVol(legs) * Math.sqrt(years) * 4;
  const strikes = legs.flatMap((l) => (l.kind === "option" ? [l.strike] : []));
  const lo = Math.min(market.spot * Math.exp(-spread), ...strikes.map((k) => k * 0.8));
  const hi = Math.max(market.spot * Math.exp(spread), ...strikes.map((k) => k * 1.2));
  const points = 400;
  const prices = Float64Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
  const curve = pnlCurve(legs, market, prices, end);
  const at = (p: number): number => pnlCurve(legs, market, [p], end)[0]!;
  const cross = (a: number, b: number): number => {
    let x = a;
    let y = b;
    const up = at(a) <= 0;
    for (let i = 0; i < 60; i++) {
      const m = 0.5 * (x + y);
      if (at(m) > 0 === up) y = m;
      else x = m;
    }
    return 0.5 * (x + y);
  };
  const zones: Array<[number, number]> = [];
  let start: number | null = curve[0]! > 0 ? 0 : null;
  for (let i = 1; i < points; i++) {
    const was = curve[i - 1]! > 0;
    const is = curve[i]! > 0;
    if (!was && is) start = cross(prices[i - 1]!, prices[i]!);
    if (was && !is && start !== null) {
      zones.push([start, cross(prices[i - 1]!, prices[i]!)]);
      start = null;
    }
  }
  if (start !== null) zones.push([start, Infinity]);
  return zones;
}

/**
 * How many listed strikes each side of the one nearest spot a chain window needs to show every strike in
 * `targets` (0 when spot is not known yet).
 */
export function strikesToReach(strikes: readonly number[], spot: number | undefined, targets: readonly number[]): number {
  if (spot === undefined || strikes.length === 0) return 0;
  const nearest = (level: number): number => strikes.reduce((best, k, i) => (Math.abs(k - level) < Math.abs(strikes[best]! - level) ? i : best), 0);
  const atm = nearest(spot);
  return targets.reduce((most, k) => Math.max(most, Math.abs(nearest(k) - atm)), 0);
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 2.5 ? 2.5 : unit <= 5 ? 5 : 10) * power;
}
