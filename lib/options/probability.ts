/**
 * Risk-neutral lognormal probabilities. Under Black-Scholes-Merton, ln S_T is normal with mean
 * ln S + (r − q − σ²/2)·T and standard deviation σ√T. The volatility is always chosen by the caller: one
 * number (e.g. the at-the-money implied volatility) or a function giving the volatility to use at each
 * price level (e.g. each strike's implied volatility).
 *
 * Units: prices in currency, years in years, rate and dividendYield continuously compounded decimals,
 * vol annualised decimal. Probabilities are in [0, 1].
 */
import { OptionsError, OptionsErrorCode } from "./errors";
import { normCdf } from "./normal";
import { analyzePayoff, profitIntervals, type PayoffAnalysis } from "./payoff";
import type { Leg } from "./types";

/** A volatility for every price level: one number for all, or a function of the level (per-strike). */
export type VolatilityChoice = number | ((level: number) => number);

/** Market inputs of a probability. */
export interface LognormalMarket {
  /** Underlying price now (> 0). */
  spot: number;
  /** Years to the horizon (> 0). */
  years: number;
  /** Risk-free rate, continuously compounded decimal. */
  rate: number;
  /** Continuous dividend yield, decimal. */
  dividendYield: number;
}

function volAt(vol: VolatilityChoice, level: number): number {
  const v = typeof vol === "number" ? vol : vol(level);
  if (!(v > 0) || !Number.isFinite(v)) {
    throw new OptionsError(OptionsErrorCode.InvalidInput, `Volatility must be > 0 (got ${v} at ${level}).`);
  }
  return v;
}

function assertMarket(m: LognormalMarket): void {
  if (!(m.spot > 0) || !(m.years >= 0) || !Number.isFinite(m.rate) || !Number.isFinite(m.dividendYield)) {
    throw new OptionsError(OptionsErrorCode.InvalidInput, "Need spot > 0, years ≥ 0 and finite rates.");
  }
}

/** d2 = (ln(S/L) + (r − q − σ²/2)T)/(σ√T): Φ(d2) is the probability of finishing above L. */
function d2(m: LognormalMarket, level: number, vol: number): number {
  const s = vol * Math.sqrt(m.years);
  return (Math.log(m.spot / level) + (m.rate - m.dividendYield) * m.years) / s - 0.5 * s;
}

/**
 * Risk-neutral probability that the underlying finishes above `level` at the horizon: Φ(d2).
 * At years = 0 it is 1 if spot > level, else 0.
 */
export function probabilityAbove(market: LognormalMarket, level: number, vol: VolatilityChoice): number {
  assertMarket(market);
  if (!(level > 0)) return 1;
  if (level === Infinity) return 0;
  if (market.years === 0) return market.spot > level ? 1 : 0;
  return normCdf(d2(market, level, volAt(vol, level)));
}

/** Risk-neutral probability that the underlying finishes below `level` at the horizon: Φ(−d2). */
export function probabilityBelow(market: LognormalMarket, level: number, vol: VolatilityChoice): number {
  assertMarket(market);
  if (!(level > 0)) return 0;
  if (level === Infinity) return 1;
  if (market.years === 0) return market.spot < level ? 1 : 0;
  return normCdf(-d2(market, level, volAt(vol, level)));
}

/** Probability of finishing strictly between low and high (each edge uses its own volatility choice). */
export function probabilityBetween(
  market: LognormalMarket,
  low: number,
  high: number,
  vol: VolatilityChoice,
): number {
  if (!(high > low)) return 0;
  // Of the two tails, subtract the smaller probabilities for precision.
  const p = probabilityBelow(market, low, vol) <= probabilityAbove(market, high, vol)
    ? probabilityAbove(market, low, vol) - probabilityAbove(market, high, vol)
    : probabilityBelow(market, high, vol) - probabilityBelow(market, low, vol);
  return p > 0 ? p : 0;
}

function isAnalysis(position: readonly Leg[] | PayoffAnalysis): position is PayoffAnalysis {
  return "breakevens" in position;
}

/**
 * Probability that a position makes money at expiry (P&L > 0), from its exact breakevens: the lognormal
 * probability of each profitable price interval, with the volatility chosen for each breakeven.
 * Accepts the legs (every leg priced) or an analysis from analyzePayoff.
 */
export function probabilityOfProfit(
  position: readonly Leg[] | PayoffAnalysis,
  market: LognormalMarket,
  vol: VolatilityChoice,
): number {
  const analysis = isAnalysis(position) ? position : analyzePayoff(position);
  let p = 0;
  for (const [low, high] of profitIntervals(analysis)) p += probabilityBetween(market, low, high, vol);
  return p > 1 ? 1 : p;
}

/** ln Φ(z), accurate also where Φ(z) underflows. */
function logNormCdf(z: number): number {
  if (z > -37) return Math.log(normCdf(z));
  // Φ(z) = φ(z)/|z|·(1 − 1/z² + 3/z⁴ − 15/z⁶ …) for z → −∞.
  const z2 = z * z;
  const series = 1 - 1 / z2 + 3 / (z2 * z2) - 15 / (z2 * z2 * z2);
  return -0.5 * z2 - Math.log(-z) - 0.9189385332046728 + Math.log(series);
}

/**
 * Risk-neutral probability that the underlying trades at or through `barrier` at any time before the
 * horizon (continuous monitoring). With ν = r − q − σ²/2 and b = ln(H/S):
 * above (H > S): Φ((−b + νT)/(σ√T)) + e^{2νb/σ²}·Φ((−b − νT)/(σ√T));
 * below (H < S): Φ((b − νT)/(σ√T)) + e^{2νb/σ²}·Φ((b + νT)/(σ√T)). 1 when the barrier is at the spot.
 * Daily-monitored checks touch less often; shift the barrier away by 0.5826·σ·√(1/365) to compare.
 */
export function probabilityOfTouch(market: LognormalMarket, barrier: number, vol: VolatilityChoice): number {
  assertMarket(market);
  if (!(barrier > 0)) return 0;
  if (barrier === market.spot) return 1;
  if (market.years === 0) return 0;
  const sigma = volAt(vol, barrier);
  const sqrtT = Math.sqrt(market.years);
  const nu = market.rate - market.dividendYield - 0.5 * sigma * sigma;
  const b = Math.log(barrier / market.spot);
  const s = sigma * sqrtT;
  const sign = b > 0 ? 1 : -1;
  const first = normCdf((-sign * b + sign * nu * market.years) / s);
  const z = (-sign * b - sign * nu * market.years) / s;
  const second = Math.exp((2 * nu * b) / (sigma * sigma) + logNormCdf(z));
  const p = first + second;
  return p > 1 ? 1 : p < 0 ? 0 : p;
}

/** The one-standard-deviation move to a horizon. */
export interface ExpectedMove {
  /** S·σ·√T: the usual "expected move" in currency. */
  move: number;
  /** The lognormal 1σ range of S_T: S·e^{(r−q−σ²/2)T − σ√T} … S·e^{(r−q−σ²/2)T + σ√T} (≈ 15.9% / 84.1% quantiles). */
  low: number;
  high: number;
}

/** Expected (1σ) move of the underlying by the horizon, for a chosen volatility (e.g. ATM IV). */
export function expectedMove(market: LognormalMarket, vol: number): ExpectedMove {
  assertMarket(market);
  if (!(vol >= 0)) throw new OptionsError(OptionsErrorCode.InvalidInput, "Volatility must be ≥ 0.");
  const s = vol * Math.sqrt(market.years);
  const drift = (market.rate - market.dividendYield - 0.5 * vol * vol) * market.years;
  return {
    move: market.spot * s,
    low: market.spot * Math.exp(drift - s),
    high: market.spot * Math.exp(drift + s),
  };
}
