/**
 * P&L at a chosen instant before or at expiry, when it is not piecewise linear (e.g. a calendar at the
 * front expiry, where the back month still has time value): breakevens found by bracketing on a fine
 * lognormal price grid and refined by bisection to machine precision, and the probability of profit from
 * them. The extremes are the largest and smallest P&L over the grid and the strikes, so they are estimates;
 * positions with one expiry should use analyzePayoff at expiry, which is exact.
 */
import { OptionsError, OptionsErrorCode } from "./errors";
import { assertPositionMarket, legMultiplier, positionValue, type PositionMarket } from "./leg-value";
import { assertPricedLegs } from "./payoff";
import { probabilityBetween, type LognormalMarket, type VolatilityChoice } from "./probability";
import { yearsBetween } from "./time";
import type { Leg } from "./types";

/** Result of {@link horizonAnalysis}; amounts in currency per position. */
export interface HorizonAnalysis {
  /** Largest P&L on the grid (an estimate between grid points). */
  maxProfitEstimate: number;
  /** Largest loss on the grid as a positive amount. */
  maxLossEstimate: number;
  /** Prices where the P&L crosses zero, refined to machine precision. */
  breakevens: number[];
  /** Price intervals with P&L > 0. */
  profitIntervals: [number, number][];
  /** Risk-neutral probability that the price at the instant lies in a profit interval. */
  probabilityOfProfit: number;
}

/**
 * Breakevens, extremes and probability of profit of a priced position at instant `atMs` (≥ market.nowMs).
 * The grid spans ±`sigmas` (default 6) lognormal standard deviations of the underlying at `atMs` using
 * `vol` for the spread and for the probabilities.
 */
export function horizonAnalysis(
  legs: readonly Leg[],
  market: PositionMarket,
  atMs: number,
  vol: VolatilityChoice,
  options: { ivShift?: number; points?: number; sigmas?: number } = {},
): HorizonAnalysis {
  assertPricedLegs(legs);
  assertPositionMarket(market);
  const years = yearsBetween(market.nowMs, atMs);
  if (!(years > 0)) throw new OptionsError(OptionsErrorCode.InvalidInput, "The horizon must be after now.");
  const shift = options.ivShift ?? 0;
  const points = Math.max(50, Math.floor(options.points ?? 800));
  const spread = (typeof vol === "number" ? vol : vol(market.spot)) * Math.sqrt(years) * (options.sigmas ?? 6);
  const low = market.spot * Math.exp(-spread);
  const high = market.spot * Math.exp(spread);
  let cost = 0;
  for (const leg of legs) cost += leg.quantity * legMultiplier(leg) * (leg.price ?? 0);
  const pnlAt = (price: number): number => positionValue(legs, market, price, atMs, shift) - cost;

  const breakevens: number[] = [];
  let maxProfit = -Infinity;
  let minPnl = Infinity;
  let previousPrice = low;
  let previousPnl = pnlAt(low);
  const ratio = Math.pow(high / low, 1 / (points - 1));
  for (let i = 0; i < points; i++) {
    const price = i === 0 ? low : previousPrice * ratio;
    const pnl = i === 0 ? previousPnl : pnlAt(price);
    if (pnl > maxProfit) maxProfit = pnl;
    if (pnl < minPnl) minPnl = pnl;
    if (i > 0 && (previousPnl < 0) !== (pnl < 0)) breakevens.push(bisect(pnlAt, previousPrice, price, previousPnl));
    previousPrice = price;
    previousPnl = pnl;
  }

  // The extremes of an expiring leg sit at its strike: probe the strikes too.
  for (const leg of legs) {
    if (leg.kind !== "option" || !(leg.strike > low && leg.strike < high)) continue;
    const pnl = pnlAt(leg.strike);
    if (pnl > maxProfit) maxProfit = pnl;
    if (pnl < minPnl) minPnl = pnl;
  }

  const edges = [0, ...breakevens, Infinity];
  const intervals: [number, number][] = [];
  const lognormal: LognormalMarket = { spot: market.spot, years, rate: market.rate, dividendYield: market.dividendYield };
  let probability = 0;
  for (let i = 0; i + 1 < edges.length; i++) {
    const a = edges[i] ?? 0;
    const b = edges[i + 1] ?? Infinity;
    const probe = a === 0 ? Math.min(low, b * 0.999) : b === Infinity ? Math.max(high, a * 1.001) : Math.sqrt(a * b);
    if (pnlAt(probe) > 0) {
      intervals.push([a, b]);
      probability += probabilityBetween(lognormal, a, b, vol);
    }
  }
  return {
    maxProfitEstimate: maxProfit,
    maxLossEstimate: -minPnl,
    breakevens,
    profitIntervals: intervals,
    probabilityOfProfit: probability > 1 ? 1 : probability,
  };
}

/** Zero of f on [a, b] given f(a) = fa with a sign change, to the last bit. */
function bisect(f: (x: number) => number, a: number, b: number, fa: number): number {
  let lo = a;
  let hi = b;
  const negativeAtLow = fa < 0;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (f(mid) < 0 === negativeAtLow) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
