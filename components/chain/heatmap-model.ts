/**
 * The chain heatmap's data: strikes (rows) × expiries (columns), one value per cell for the chosen measure,
 * with the quotes behind each cell, the spot price and each expiry's expected move. Pure, no DOM.
 */
import {
  interpolateInferno,
  interpolateMagma,
  interpolateRdBu,
  interpolateViridis,
  interpolateYlOrRd,
} from "d3";
import type { OptionQuote } from "@/lib/ib/types";
import { expectedMove, type ExpectedMove } from "@/lib/options/probability";

export type Measure = "iv" | "delta" | "openInterest" | "volume" | "spread" | "theta";
/** Which quotes fill the cells: out-of-the-money ones (calls above spot, puts below), or one side. */
export type Side = "otm" | "calls" | "puts";

export interface MeasureInfo {
  label: string;
  /** Legend title with units. */
  title: string;
  format: (value: number) => string;
  /** Colour at t ∈ [0, 1]. */
  interpolate: (t: number) => string;
  /** Value → t: linear, square-root (counts) or symmetric around 0 (delta). */
  kind: "linear" | "sqrt" | "diverging";
}

export const MEASURES: Record<Measure, MeasureInfo> = {
  iv: { label: "Implied volatility", title: "Implied volatility (% a year)", format: (v) => `${(v * 100).toFixed(0)}%`, interpolate: interpolateViridis, kind: "linear" },
  delta: { label: "Delta", title: "Delta (per 1 USD of the underlying)", format: (v) => v.toFixed(2), interpolate: (t) => interpolateRdBu(t), kind: "diverging" },
  openInterest: { label: "Open interest", title: "Open interest (contracts)", format: compact, interpolate: interpolateInferno, kind: "sqrt" },
  volume: { label: "Volume", title: "Volume today (contracts)", format: compact, interpolate: interpolateInferno, kind: "sqrt" },
  spread: { label: "Bid/ask spread", title: "Bid/ask spread (% of mid)", format: (v) => `${(v * 100).toFixed(0)}%`, interpolate: interpolateYlOrRd, kind: "linear" },
  theta: { label: "Theta", title: "Theta (USD per share per day)", format: (v) => v.toFixed(2), interpolate: (t) => interpolateMagma(1 - t * 0.9), kind: "linear" },
};

export const MEASURE_ORDER: Measure[] = ["iv", "delta", "openInterest", "volume", "spread", "theta"];

function compact(value: number): string {
  if (Math.abs(value) >= 1_000_000) return `${(value / 1_000_000).toFixed(1)}M`;
  if (Math.abs(value) >= 1_000) return `${(value / 1_000).toFixed(value >= 10_000 ? 0 : 1)}k`;
  return value.toFixed(0);
}

/** The measure's value for one quote, or NaN when the quote lacks it. */
export function measureValue(quote: OptionQuote | undefined, measure: Measure): number {
  if (!quote) return NaN;
  switch (measure) {
    case "iv":
      return quote.iv ?? NaN;
    case "delta":
      return quote.delta ?? NaN;
    case "openInterest":
      return quote.openInterest ?? NaN;
    case "volume":
      return quote.volume ?? NaN;
    case "theta":
      return quote.theta ?? NaN;
    case "spread": {
      if (quote.bid === undefined || quote.ask === undefined) return NaN;
      const mid = (quote.bid + quote.ask) / 2;
      return mid > 0 ? (quote.ask - quote.bid) / mid : NaN;
    }
  }
}

/** One expiry's quotes as the chain route returns them. */
export interface ChainExpiryData {
  expiry: string;
  daysToExpiry: number;
  strikes: number[];
  calls: OptionQuote[];
  puts: OptionQuote[];
}

export interface HeatmapColumn {
  expiry: string;
  daysToExpiry: number;
  /** False while this expiry's quotes are still on their way. */
  loaded: boolean;
  /** Mean of the call and put implied volatility at the strike nearest spot (decimal). */
  atmIv: number | null;
  atmStrike: number | null;
  /** ±1σ by expiry from the ATM IV (lib/options expectedMove). */
  expectedMove: ExpectedMove | null;
}

export interface HeatmapData {
  symbol: string;
  spot: number;
  /** Rate used for the expected move (continuously compounded, decimal). */
  rate: number;
  /** Row prices, ascending. */
  strikes: number[];
  columns: HeatmapColumn[];
  /** Call and put quotes per cell, row-major: index = strikeIndex × columns.length + columnIndex. */
  calls: Array<OptionQuote | undefined>;
  puts: Array<OptionQuote | undefined>;
}

export interface HeatmapValues {
  /** Measure per cell (NaN where missing), same indexing as HeatmapData.calls. */
  values: Float64Array;
  /** Colour-scale domain: [min, max] of the values present ([−1, 1] for delta). */
  domain: [number, number];
}

/** Puts loaded windows (any order, any subset of `expiries`) onto one strikes × expiries grid. */
export function buildHeatmap(
  symbol: string,
  spot: number,
  rate: number,
  expiries: ReadonlyArray<{ expiry: string; daysToExpiry: number }>,
  loaded: ReadonlyArray<ChainExpiryData>,
): HeatmapData {
  const byExpiry = new Map(loaded.map((e) => [e.expiry, e]));
  const strikeSet = new Set<number>();
  for (const e of loaded) for (const k of e.strikes) strikeSet.add(k);
  const strikes = [...strikeSet].sort((a, b) => a - b);
  const row = new Map(strikes.map((k, i) => [k, i]));
  const n = expiries.length;
  const calls: Array<OptionQuote | undefined> = new Array(strikes.length * n).fill(undefined);
  const puts: Array<OptionQuote | undefined> = new Array(strikes.length * n).fill(undefined);
  const columns: HeatmapColumn[] = expiries.map((meta, c) => {
    const data = byExpiry.get(meta.expiry);
    if (!data) return { expiry: meta.expiry, daysToExpiry: meta.daysToExpiry, loaded: false, atmIv: null, atmStrike: null, expectedMove: null };
    for (const q of data.calls) calls[row.get(q.strike)! * n + c] = q;
    for (const q of data.puts) puts[row.get(q.strike)! * n + c] = q;
    const { atmIv, atmStrike } = atTheMoney(data, spot);
    const years = data.daysToExpiry / 365;
    const move = atmIv !== null && years > 0 && spot > 0 ? expectedMove({ spot, years, rate, dividendYield: 0 }, atmIv) : null;
    return { expiry: meta.expiry, daysToExpiry: data.daysToExpiry, loaded: true, atmIv, atmStrike, expectedMove: move };
  });
  return { symbol, spot, rate, strikes, columns, calls, puts };
}

/** ATM strike (nearest spot) and the mean IV of its call and put. */
export function atTheMoney(data: ChainExpiryData, spot: number): { atmIv: number | null; atmStrike: number | null } {
  if (data.strikes.length === 0) return { atmIv: null, atmStrike: null };
  const atmStrike = data.strikes.reduce((best, k) => (Math.abs(k - spot) < Math.abs(best - spot) ? k : best), data.strikes[0]!);
  const ivs = [...data.calls, ...data.puts].filter((q) => q.strike === atmStrike && q.iv !== undefined && q.iv > 0).map((q) => q.iv!);
  return { atmStrike, atmIv: ivs.length > 0 ? ivs.reduce((a, b) => a + b, 0) / ivs.length : null };
}

/** The quote a cell shows for a side: out-of-the-money picks the call at or above spot, the put below. */
export function cellQuote(data: HeatmapData, index: number, side: Side): OptionQuote | undefined {
  if (side === "calls") return data.calls[index];
  if (side === "puts") return data.puts[index];
  const strike = data.strikes[Math.floor(index / data.columns.length)]!;
  return strike >= data.spot ? data.calls[index] : data.puts[index];
}

export function heatmapValues(data: HeatmapData, measure: Measure, side: Side): HeatmapValues {
  const values = new Float64Array(data.calls.length);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = measureValue(cellQuote(data, i, side), measure);
    values[i] = v;
    if (v === v) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (MEASURES[measure].kind === "diverging") return { values, domain: [-1, 1] };
  if (!(min <= max)) return { values, domain: [0, 1] };
  return { values, domain: [min, max] };
}

/** Value → position t ∈ [0, 1] on the colour scale. */
export function colorPosition(value: number, domain: [number, number], kind: MeasureInfo["kind"]): number {
  const [lo, hi] = domain;
  if (kind === "diverging") return Math.min(1, Math.max(0, (value - lo) / (hi - lo || 1)));
  if (kind === "sqrt") {
    const s = Math.sqrt(Math.max(0, hi)) - Math.sqrt(Math.max(0, lo));
    return s > 0 ? Math.min(1, Math.max(0, (Math.sqrt(Math.max(0, value)) - Math.sqrt(Math.max(0, lo))) / s)) : 0.5;
  }
  return hi > lo ? Math.min(1, Math.max(0, (value - lo) / (hi - lo))) : 0.5;
}

/** Domain value at colour position t (the legend's inverse of colorPosition). */
export function valueAt(t: number, domain: [number, number], kind: MeasureInfo["kind"]): number {
  const [lo, hi] = domain;
  if (kind === "sqrt") {
    const a = Math.sqrt(Math.max(0, lo));
    const b = Math.sqrt(Math.max(0, hi));
    return (a + (b - a) * t) ** 2;
  }
  return lo + (hi - lo) * t;
}
