/**
 * Profit and loss before expiry on a grid of underlying prices × instants (the heatmap, the "today" line and
 * the expiry line), with an optional implied-volatility shift. Values are model values: BSM before each
 * leg's expiry, intrinsic after.
 */
import { OptionsError, OptionsErrorCode } from "./errors";
import { assertPositionMarket, legMultiplier, legUnitValue, type PositionMarket } from "./leg-value";
import { assertPricedLegs } from "./payoff";
import type { Leg } from "./types";

/** What to compute. */
export interface PnlGridRequest {
  legs: readonly Leg[];
  market: PositionMarket;
  /** Underlying prices (columns), currency. */
  prices: ArrayLike<number>;
  /** Instants (rows), epoch milliseconds. */
  datesMs: readonly number[];
  /** Added to every leg's volatility (decimal: 0.05 = +5 vol points). Default 0. */
  ivShift?: number;
}

/** P&L (currency) for each instant × price, row-major: pnl[row·prices.length + column]. */
export interface PnlGrid {
  prices: Float64Array;
  datesMs: number[];
  pnl: Float64Array;
  /** Net premium paid (> 0) or received (< 0) that the P&L is measured from. */
  netDebit: number;
}

/**
 * P&L of a priced position over prices × instants.
 * @throws OptionsError for unpriced legs, a bad market, or an empty axis
 */
export function pnlGrid(request: PnlGridRequest): PnlGrid {
  const { legs, market } = request;
  assertPricedLegs(legs);
  assertPositionMarket(market);
  if (request.prices.length === 0 || request.datesMs.length === 0) {
    throw new OptionsError(OptionsErrorCode.InvalidInput, "A P&L grid needs at least one price and one date.");
  }
  const prices = Float64Array.from(request.prices);
  const dates = [...request.datesMs];
  const shift = request.ivShift ?? 0;
  let cost = 0;
  for (const leg of legs) cost += leg.quantity * legMultiplier(leg) * (leg.price ?? 0);
  const pnl = new Float64Array(prices.length * dates.length);
  for (let row = 0; row < dates.length; row++) {
    const at = dates[row] ?? 0;
    for (let column = 0; column < prices.length; column++) {
      const underlying = prices[column] ?? 0;
      let value = 0;
      for (const leg of legs) value += leg.quantity * legMultiplier(leg) * legUnitValue(leg, market, underlying, at, shift);
      pnl[row * prices.length + column] = value - cost;
    }
  }
  return { prices, datesMs: dates, pnl, netDebit: cost };
}

/** One line of the grid: P&L over `prices` at instant `atMs` (e.g. now for the "today" line). */
export function pnlCurve(
  legs: readonly Leg[],
  market: PositionMarket,
  prices: ArrayLike<number>,
  atMs: number,
  ivShift = 0,
): Float64Array {
  return pnlGrid({ legs, market, prices, datesMs: [atMs], ivShift }).pnl;
}

/**
 * A price axis for charts: `points` prices evenly spaced over the lognormal ±`sigmas` standard deviations
 * of the underlying at the horizon (spot·e^{±k·σ√T}), with every strike in `include` added and the result
 * sorted and de-duplicated.
 */
export function priceAxis(
  spot: number,
  vol: number,
  years: number,
  options: { sigmas?: number; points?: number; include?: readonly number[] } = {},
): Float64Array {
  const sigmas = options.sigmas ?? 3;
  const points = Math.max(2, Math.floor(options.points ?? 61));
  if (!(spot > 0) || !(vol >= 0) || !(years >= 0)) {
    throw new OptionsError(OptionsErrorCode.InvalidInput, "Need spot > 0, vol ≥ 0 and years ≥ 0 for a price axis.");
  }
  const width = Math.max(sigmas * vol * Math.sqrt(years), 0.05);
  const low = spot * Math.exp(-width);
  const high = spot * Math.exp(width);
  const values: number[] = [];
  for (let i = 0; i < points; i++) values.push(low + ((high - low) * i) / (points - 1));
  for (const k of options.include ?? []) if (k > 0 && Number.isFinite(k)) values.push(k);
  values.sort((a, b) => a - b);
  return Float64Array.from(values.filter((v, i) => i === 0 || v !== values[i - 1]));
}
