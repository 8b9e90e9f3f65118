/**
 * The figures of a priced position, without any I/O: net debit, max loss and gain, breakevens, probability of
 * profit, greeks, the expiry payoff and, given a view, the P&L at the target and its expectation. This is the
 * one analysis behind calculate_strategy, the strategy page, trade proposals and suggest_strategies, so a
 * figure quoted by one is the figure the others show. Figures are rounded as the tools report them.
 */
import { inverseNormCdf } from "../options/normal";
import { analyzePayoff, type PayoffPoint } from "../options/payoff";
import { bsmPriceUnchecked } from "../options/black-scholes";
import { legMultiplier, legVolatility, type PositionMarket } from "../options/leg-value";
import { positionGreeks } from "../options/position-greeks";
import { probabilityOfProfit } from "../options/probability";
import { roundTo } from "../options/rounding";
import { yearFraction, yearsBetween } from "../options/time";
import type { Leg, OptionLeg } from "../options/types";
import { riskProfile, type RiskMethod } from "../risk/max-loss";

/** The market a position is analysed in; the clock is an argument. */
export interface AnalysisMarket {
  spot: number;
  /** Risk-free rate, continuously compounded decimal. */
  rate: number;
  /** Continuous dividend yield, decimal. */
  dividendYield: number;
  /** The current instant, epoch milliseconds. */
  nowMs: number;
}

/**
 * A trader's view: the underlying lognormal at `atMs` with median `price` and annualised volatility `vol`
 * over the time from now. `twoSided` splits the probability equally between `price` and its mirror image
 * spot²/price (a move of the same size either way, for a volatile view).
 */
export interface TargetView {
  price: number;
  atMs: number;
  vol: number;
  twoSided?: boolean;
}

/** What a position does under a view (currency, whole position). */
export interface AtTarget {
  /** P&L with the underlying exactly at the target price on the target date (model value of open legs). */
  pnl: number;
  /** Expected P&L on the target date under the view's distribution. */
  expectedPnl: number;
  /** expectedPnl ÷ max loss (null when the loss is unlimited). */
  returnOnRisk: number | null;
}

export interface PositionFigures {
  /** > 0: debit paid; < 0: credit received. */
  netDebit: number;
  maxLoss: number | null;
  maxProfit: number | null;
  unlimitedLoss: boolean;
  unlimitedProfit: boolean;
  breakevens: number[];
  riskMethod: RiskMethod;
  /** Risk-neutral, at the first expiry, each level at the nearest leg's IV; null for mixed expiries. */
  probabilityOfProfit: number | null;
  greeks: { delta: number; gamma: number; thetaPerDay: number; vegaPerPoint: number; value: number };
  payoff: { points: PayoffPoint[]; slopeAbove: number };
  atTarget: AtTarget | null;
  /** Caveats about how the figures were obtained. */
  notes: string[];
}

/** Nodes of a view's distribution: equal-probability quantiles of a standard normal. */
const NODES = 96;
const NORMAL_NODES = Float64Array.from({ length: NODES }, (_, i) => inverseNormCdf((i + 0.5) / NODES));

/** Volatility used where no leg carries an implied volatility. */
const ASSUMED_VOL = 0.3;

/** Net debit, max loss and gain, breakevens: the figures fixed by the legs' prices alone. */
export type RiskFigures = Pick<PositionFigures, "netDebit" | "maxLoss" | "maxProfit" | "unlimitedLoss" | "unlimitedProfit" | "breakevens" | "riskMethod">;

/** The figures of priced legs. Throws OptionsError for legs without a price. */
export function analysePosition(
  legs: readonly Leg[],
  market: AnalysisMarket,
  options: { ivShift?: number; target?: TargetView } = {},
): PositionFigures {
  const notes: string[] = [];
  const ivShift = options.ivShift ?? 0;
  const risk = riskFigures(legs);
  const payoff = analyzePayoff(legs);
  const optionLegs = legs.filter((l): l is OptionLeg => l.kind === "option");
  if (payoff.mixedExpiries) {
    notes.push("Legs expire on different dates: profit and breakevens at expiry depend on volatility, so no probability of profit is given.");
  }
  if (optionLegs.some((l) => l.iv === undefined)) notes.push("Some legs had no implied volatility; 30% was assumed for them.");
  const greeks = positionGreeks(
    legs.map((l) => (l.kind === "option" && l.iv !== undefined ? { ...l, iv: Math.max(1e-4, l.iv + ivShift) } : l)),
    { ...market, vol: ASSUMED_VOL },
  );
  return {
    ...risk,
    probabilityOfProfit: probabilityFigure(legs, market, ivShift),
    greeks: {
      delta: roundTo(greeks.delta, 2),
      gamma: roundTo(greeks.gamma, 4),
      thetaPerDay: roundTo(greeks.thetaPerDay, 2),
      vegaPerPoint: roundTo(greeks.vegaPerPoint, 2),
      value: roundTo(greeks.value, 2),
    },
    payoff: { points: payoff.points.map((p) => ({ price: roundTo(p.price, 2), pnl: roundTo(p.pnl, 2) })), slopeAbove: payoff.slopeAbove },
    atTarget: options.target ? targetFigures(legs, market, options.target, risk.maxLoss, ivShift) : null,
    notes,
  };
}

/** Net debit, max loss and gain and breakevens, rounded as reported (see lib/risk/max-loss.ts). */
export function riskFigures(legs: readonly Leg[]): RiskFigures {
  const risk = riskProfile(legs);
  const finite = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : roundTo(v, 2));
  return {
    netDebit: roundTo(risk.netDebit, 2),
    maxLoss: finite(risk.maxLoss),
    maxProfit: finite(risk.maxProfit),
    unlimitedLoss: risk.unlimitedLoss,
    unlimitedProfit: risk.unlimitedProfit,
    breakevens: risk.breakevens.map((b) => roundTo(b, 2)),
    riskMethod: risk.method,
  };
}

/**
 * Risk-neutral probability of profit at the first expiry, each level at the IV of the leg whose strike is
 * nearest; null when the legs expire on different dates or none has an IV.
 */
export function probabilityFigure(legs: readonly Leg[], market: AnalysisMarket, ivShift = 0): number | null {
  const payoff = analyzePayoff(legs);
  const withIv = legs.filter((l): l is OptionLeg => l.kind === "option" && l.iv !== undefined);
  const firstExpiry = withIv.map((l) => l.expiry).sort()[0];
  if (!firstExpiry || payoff.mixedExpiries) return null;
  const volAt = (level: number): number => {
    const closest = withIv.reduce((best, l) => (Math.abs(l.strike - level) < Math.abs(best.strike - level) ? l : best));
    return Math.max(1e-4, closest.iv! + ivShift);
  };
  const years = yearFraction(market.nowMs, firstExpiry);
  return roundTo(probabilityOfProfit(payoff, { spot: market.spot, years, rate: market.rate, dividendYield: market.dividendYield }, volAt), 4);
}

/**
 * P&L at the target and its expectation under the view (equal-probability quadrature, 96 nodes); each leg
 * valued as positionValue does (BSM at its own IV before its expiry, intrinsic after), its time to expiry
 * computed once.
 */
export function targetFigures(legs: readonly Leg[], market: AnalysisMarket, view: TargetView, maxLoss: number | null, ivShift = 0): AtTarget {
  const valued: PositionMarket = { ...market, vol: ASSUMED_VOL };
  let cost = 0;
  const terms = legs.map((leg) => {
    const size = leg.quantity * legMultiplier(leg);
    cost += size * (leg.price ?? 0);
    if (leg.kind === "stock") return { size, stock: true, isCall: false, strike: 0, years: 0, vol: 0 };
    const vol = legVolatility(leg, valued, ivShift);
    return { size, stock: false, isCall: leg.right === "call", strike: leg.strike, years: yearFraction(view.atMs, leg.expiry), vol };
  });
  const pnlAt = (price: number): number => {
    let value = -cost;
    for (const t of terms) {
      if (t.stock) value += t.size * price;
      else if (t.years === 0) value += t.size * Math.max(0, t.isCall ? price - t.strike : t.strike - price);
      else value += t.size * bsmPriceUnchecked(t.isCall, price, t.strike, t.years, market.rate, market.dividendYield, t.vol);
    }
    return value;
  };
  const spread = view.vol * Math.sqrt(Math.max(0, yearsBetween(market.nowMs, view.atMs)));
  const medians = view.twoSided ? [view.price, (market.spot * market.spot) / view.price] : [view.price];
  let expected = 0;
  for (const median of medians) {
    for (let i = 0; i < NODES; i++) expected += pnlAt(median * Math.exp(spread * NORMAL_NODES[i]!));
  }
  const expectedPnl = roundTo(expected / (NODES * medians.length), 2);
  return {
    pnl: roundTo(pnlAt(view.price), 2),
    expectedPnl,
    returnOnRisk: maxLoss !== null && maxLoss > 0 ? roundTo(expectedPnl / maxLoss, 4) : null,
  };
}
