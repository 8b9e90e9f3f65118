/**
 * Exact profit and loss at expiry of any mix of option and stock legs. At expiry each option is worth its
 * intrinsic value, so the P&L is piecewise linear in the underlying price with kinks at the strikes: its
 * extremes sit at a kink, at zero, or at infinity along the last slope. Max profit, max loss (finite or
 * unlimited) and the breakevens follow exactly from the kinks and slopes; nothing is sampled.
 *
 * All amounts are per position in currency: option legs count quantity × multiplier shares.
 */
import { OptionsError, OptionsErrorCode } from "./errors";
import { DEFAULT_MULTIPLIER, type Leg } from "./types";

/** A kink of the expiry P&L: the underlying price and the P&L there (currency). */
export interface PayoffPoint {
  price: number;
  pnl: number;
}

/** The expiry P&L of a position, exactly. */
export interface PayoffAnalysis {
  /** P&L at 0 and at each distinct strike, ascending in price. Linear between them. */
  points: PayoffPoint[];
  /** P&L change per 1.00 rise of the underlying above the highest strike (currency per unit). */
  slopeAbove: number;
  /** Net premium: > 0 a debit paid, < 0 a credit received (currency, stock included at its price). */
  netDebit: number;
  /** Largest P&L (currency); Infinity when unlimitedProfit. */
  maxProfit: number;
  /** Largest loss as a positive amount (currency), i.e. −(lowest P&L); Infinity when unlimitedLoss. */
  maxLoss: number;
  unlimitedProfit: boolean;
  unlimitedLoss: boolean;
  /** Underlying prices where the max profit is reached (the last kink when it extends beyond). */
  maxProfitAt: number[];
  /** Underlying prices where the max loss is reached. */
  maxLossAt: number[];
  /** Underlying prices where the P&L crosses or touches zero, ascending. */
  breakevens: number[];
  /** True when the option legs expire on different dates (the P&L then assumes all settle together). */
  mixedExpiries: boolean;
}

function multiplierOf(leg: Leg): number {
  return leg.kind === "option" ? (leg.multiplier ?? DEFAULT_MULTIPLIER) : 1;
}

/** Throws OptionsError(InvalidPosition) unless every leg is well formed and priced. */
export function assertPricedLegs(legs: readonly Leg[]): void {
  if (legs.length === 0) throw new OptionsError(OptionsErrorCode.InvalidPosition, "A position needs at least one leg.");
  legs.forEach((leg, i) => {
    if (!Number.isFinite(leg.quantity) || leg.quantity === 0) {
      throw new OptionsError(OptionsErrorCode.InvalidPosition, `Leg ${i + 1} needs a non-zero quantity.`);
    }
    if (leg.price === undefined || !(leg.price >= 0) || !Number.isFinite(leg.price)) {
      throw new OptionsError(OptionsErrorCode.InvalidPosition, `Leg ${i + 1} needs a price ≥ 0 (premium or share price).`);
    }
    if (leg.kind === "option") {
      if (!(leg.strike > 0) || !Number.isFinite(leg.strike)) {
        throw new OptionsError(OptionsErrorCode.InvalidPosition, `Leg ${i + 1} needs a strike > 0.`);
      }
      const m = multiplierOf(leg);
      if (!(m > 0) || !Number.isFinite(m)) {
        throw new OptionsError(OptionsErrorCode.InvalidPosition, `Leg ${i + 1} needs a multiplier > 0.`);
      }
    }
  });
}

/** Net premium of the legs in currency: > 0 paid (debit), < 0 received (credit). Missing prices count 0. */
export function netDebit(legs: readonly Leg[]): number {
  let total = 0;
  for (const leg of legs) total += leg.quantity * multiplierOf(leg) * (leg.price ?? 0);
  return total;
}

/** Value at expiry (currency, no premium) of the legs for an underlying price (≥ 0). */
export function expiryValue(legs: readonly Leg[], underlying: number): number {
  let value = 0;
  for (const leg of legs) {
    if (leg.kind === "stock") {
      value += leg.quantity * underlying;
    } else {
      const intrinsic = leg.right === "call" ? underlying - leg.strike : leg.strike - underlying;
      if (intrinsic > 0) value += leg.quantity * multiplierOf(leg) * intrinsic;
    }
  }
  return value;
}

/** P&L at expiry (currency) for an underlying price: expiry value minus net premium. */
export function expiryPnl(legs: readonly Leg[], underlying: number): number {
  return expiryValue(legs, underlying) - netDebit(legs);
}

/**
 * The exact expiry P&L analysis of a position: kinks, slopes, max profit and loss (finite or unlimited),
 * breakevens. Every leg needs a price (premium per share, or the stock's price).
 * @throws OptionsError(InvalidPosition) for an empty position or a leg without quantity, price or strike
 */
export function analyzePayoff(legs: readonly Leg[]): PayoffAnalysis {
  assertPricedLegs(legs);
  const strikes = new Set<number>();
  const expiries = new Set<string>();
  // The slope far above every strike: +1 per long share and per long call share, −1 per short. Sums of
  // integers (quantity × multiplier), so a zero slope is detected exactly.
  let slopeAbove = 0;
  for (const leg of legs) {
    if (leg.kind === "stock") {
      slopeAbove += leg.quantity;
    } else {
      strikes.add(leg.strike);
      expiries.add(leg.expiry);
      if (leg.right === "call") slopeAbove += leg.quantity * multiplierOf(leg);
    }
  }
  const prices = [0, ...[...strikes].sort((a, b) => a - b)];
  const points = prices.map((price) => ({ price, pnl: expiryPnl(legs, price) }));

  let highest = -Infinity;
  let lowest = Infinity;
  for (const p of points) {
    if (p.pnl > highest) highest = p.pnl;
    if (p.pnl < lowest) lowest = p.pnl;
  }
  const unlimitedProfit = slopeAbove > 0;
  const unlimitedLoss = slopeAbove < 0;
  const last = points[points.length - 1] ?? { price: 0, pnl: 0 };
  const maxProfitAt = unlimitedProfit ? [last.price] : points.filter((p) => p.pnl === highest).map((p) => p.price);
  const maxLossAt = unlimitedLoss ? [last.price] : points.filter((p) => p.pnl === lowest).map((p) => p.price);

  return {
    points,
    slopeAbove,
    netDebit: netDebit(legs),
    maxProfit: unlimitedProfit ? Infinity : highest,
    maxLoss: unlimitedLoss ? Infinity : -lowest,
    unlimitedProfit,
    unlimitedLoss,
    maxProfitAt,
    maxLossAt,
    breakevens: breakevensOf(points, slopeAbove),
    mixedExpiries: expiries.size > 1,
  };
}

/** Zeros of the piecewise-linear P&L given its kinks and final slope. */
function breakevensOf(points: readonly PayoffPoint[], slopeAbove: number): number[] {
  const result: number[] = [];
  const push = (x: number): void => {
    if (result.length === 0 || x > (result[result.length - 1] ?? -Infinity)) result.push(x);
  };
  for (let i = 0; i < points.length; i++) {
    const a = points[i];
    if (!a) continue;
    if (a.pnl === 0) push(a.price);
    const b = points[i + 1];
    if (b) {
      if ((a.pnl < 0 && b.pnl > 0) || (a.pnl > 0 && b.pnl < 0)) {
        // Linear between kinks: the zero is where the straight line crosses.
        push(a.price + (a.pnl / (a.pnl - b.pnl)) * (b.price - a.price));
      }
    } else if ((a.pnl < 0 && slopeAbove > 0) || (a.pnl > 0 && slopeAbove < 0)) {
      push(a.price - a.pnl / slopeAbove);
    }
  }
  return result;
}

/**
 * Intervals of the underlying price at expiry where the position makes money (P&L > 0), from the exact
 * analysis: pairs [low, high] with high possibly Infinity.
 */
export function profitIntervals(analysis: PayoffAnalysis): [number, number][] {
  const { points, slopeAbove } = analysis;
  const edges = [0, ...analysis.breakevens.filter((b) => b > 0), Infinity];
  const intervals: [number, number][] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const low = edges[i] ?? 0;
    const high = edges[i + 1] ?? Infinity;
    if (!(high > low)) continue;
    const probe = high === Infinity ? low + 1 + Math.abs(low) : 0.5 * (low + high);
    if (pnlFromPoints(points, slopeAbove, probe) > 0) {
      const previous = intervals[intervals.length - 1];
      if (previous && previous[1] === low) previous[1] = high;
      else intervals.push([low, high]);
    }
  }
  return intervals;
}

/** The P&L at `price` by linear interpolation of the kinks (exact for an expiry payoff). */
export function pnlFromPoints(points: readonly PayoffPoint[], slopeAbove: number, price: number): number {
  let previous: PayoffPoint | undefined;
  for (const p of points) {
    if (price <= p.price) {
      if (!previous) return p.pnl;
      return previous.pnl + ((p.pnl - previous.pnl) * (price - previous.price)) / (p.price - previous.price);
    }
    previous = p;
  }
  return previous ? previous.pnl + slopeAbove * (price - previous.price) : 0;
}
