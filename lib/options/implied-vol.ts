/**
 * Implied volatility of a European option price under Black-Scholes-Merton, to double precision, or a
 * {@link NoImpliedVolatility} saying why there is none. Argument order (right, price, spot, strike, years,
 * rate, dividendYield); units as in black-scholes.ts; the result is an annualised decimal volatility.
 */
import { NoImpliedVolatility, NoImpliedVolatilityReason } from "./errors";
import {
  NORMALISED_ABOVE_MAXIMUM as ABOVE_MAXIMUM,
  NORMALISED_BELOW_INTRINSIC as BELOW_INTRINSIC,
  NORMALISED_NO_TIME_VALUE as NO_TIME_VALUE,
  normalisedImpliedVolatility as normalisedImpliedVolatilityImport,
} from "./normalised-implied-vol";
import type { OptionRight } from "./types";

// Local bindings: loaders that compile imports to property getters would otherwise run a getter on every
// call in the hot loops below.
const normalisedImpliedVolatility = normalisedImpliedVolatilityImport;
const NORMALISED_ABOVE_MAXIMUM = ABOVE_MAXIMUM;
const NORMALISED_BELOW_INTRINSIC = BELOW_INTRINSIC;
const NORMALISED_NO_TIME_VALUE = NO_TIME_VALUE;

/** Default smallest time value, as a fraction of spot, that still carries an implied volatility. */
export const DEFAULT_MIN_TIME_VALUE_RATIO = 1e-12;
/** Rounding noise of an in-the-money price's time value, in units of ε·price. */
const NOISE_ULPS = 4;

/** Options of {@link impliedVolatility}. */
export interface ImpliedVolatilityOptions {
  /**
   * Smallest time value (price minus discounted intrinsic value), as a fraction of spot, for which a
   * volatility is returned; below it the answer is NoTimeValue. Default 1e-12.
   */
  minTimeValueRatio?: number;
}

/** An implied volatility (annualised decimal) or the reason there is none. */
export type ImpliedVolatilityResult = { ok: true; vol: number } | { ok: false; error: NoImpliedVolatility };

/** Numeric codes used by the batch API for {@link NoImpliedVolatilityReason} (0 = a volatility was found). */
export const IV_REASON_CODES: readonly (NoImpliedVolatilityReason | null)[] = [
  null,
  NoImpliedVolatilityReason.InvalidInput,
  NoImpliedVolatilityReason.Expired,
  NoImpliedVolatilityReason.BelowIntrinsic,
  NoImpliedVolatilityReason.AboveMaximum,
  NoImpliedVolatilityReason.NoTimeValue,
  NoImpliedVolatilityReason.NotConverged,
];
export const IV_OK = 0;
export const IV_INVALID_INPUT = 1;
export const IV_EXPIRED = 2;
export const IV_BELOW_INTRINSIC = 3;
export const IV_ABOVE_MAXIMUM = 4;
export const IV_NO_TIME_VALUE = 5;
export const IV_NOT_CONVERGED = 6;

/**
 * Implied volatility kernel without allocation: returns the volatility (≥ 0), or −code with one of the
 * IV_* codes above when there is none.
 */
export function impliedVolatilityCode(
  isCall: boolean,
  price: number,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  dividendYield: number,
  minTimeValueRatio: number,
): number {
  if (
    !(spot > 0) ||
    !(strike > 0) ||
    !(price >= 0) ||
    !Number.isFinite(price) ||
    !Number.isFinite(spot) ||
    !Number.isFinite(strike) ||
    !Number.isFinite(rate) ||
    !Number.isFinite(dividendYield) ||
    Number.isNaN(years)
  ) {
    return -IV_INVALID_INPUT;
  }
  if (!(years > 0) || years === Infinity) return years === Infinity ? -IV_INVALID_INPUT : -IV_EXPIRED;
  const expm1Q = Math.expm1(-dividendYield * years);
  const expm1R = Math.expm1(-rate * years);
  const sd = spot + spot * expm1Q;
  const kd = strike + strike * expm1R;
  if (price >= (isCall ? sd : kd)) return -IV_ABOVE_MAXIMUM;
  // Discounted intrinsic S·e^(−qT) − K·e^(−rT) as (S − K) + (S·(e^(−qT) − 1) − K·(e^(−rT) − 1)): the large
  // part is exact or nearly so and the small part keeps its relative precision, so that the time value of a
  // deep in-the-money price is not lost to the rounding of the discount factors.
  const near = isCall ? spot - strike : strike - spot;
  const far = isCall ? spot * expm1Q - strike * expm1R : strike * expm1R - spot * expm1Q;
  const inTheMoney = near + far > 0;
  const timeValue = inTheMoney ? price - near - far : price;
  const noise = inTheMoney ? NOISE_ULPS * Number.EPSILON * price : 0;
  if (timeValue < -noise) return -IV_BELOW_INTRINSIC;
  if (timeValue <= noise || timeValue < minTimeValueRatio * spot) return -IV_NO_TIME_VALUE;
  const x = Math.log(spot / strike) + (rate - dividendYield) * years;
  const scale = Math.sqrt(sd * kd);
  // An in-the-money option's time value is the price of the out-of-the-money option of the other right
  // (put-call parity): solve for that one, which needs no subtraction.
  const theta = isCall !== inTheMoney ? 1 : -1;
  const s = normalisedImpliedVolatility(timeValue / scale, x, theta);
  if (s >= 0) return s / Math.sqrt(years);
  if (s === NORMALISED_BELOW_INTRINSIC) return -IV_BELOW_INTRINSIC;
  if (s === NORMALISED_ABOVE_MAXIMUM) return -IV_ABOVE_MAXIMUM;
  if (s === NORMALISED_NO_TIME_VALUE) return -IV_NO_TIME_VALUE;
  return -IV_NOT_CONVERGED;
}

const MESSAGES: Record<NoImpliedVolatilityReason, string> = {
  [NoImpliedVolatilityReason.InvalidInput]:
    "No implied volatility: price, spot, strike, time and rates must be finite, with spot and strike > 0 and price ≥ 0.",
  [NoImpliedVolatilityReason.Expired]: "No implied volatility: the option has expired (no time left).",
  [NoImpliedVolatilityReason.BelowIntrinsic]:
    "No implied volatility: the price is below the discounted intrinsic value (no volatility gives it).",
  [NoImpliedVolatilityReason.AboveMaximum]:
    "No implied volatility: the price is at or above its value at infinite volatility.",
  [NoImpliedVolatilityReason.NoTimeValue]:
    "No implied volatility: the price has no meaningful time value over its intrinsic value.",
  [NoImpliedVolatilityReason.NotConverged]: "No implied volatility: the solver did not converge.",
};

/** The NoImpliedVolatility error for a batch reason code (1…6). */
export function noImpliedVolatilityFromCode(code: number): NoImpliedVolatility {
  const reason = IV_REASON_CODES[code] ?? NoImpliedVolatilityReason.NotConverged;
  return new NoImpliedVolatility(reason, MESSAGES[reason]);
}

/**
 * Implied volatility (annualised decimal) of a European option's price, accurate to double precision.
 * @param right "call" or "put"
 * @param price option price per share, in currency
 * @param spot underlying price (> 0)
 * @param strike strike (> 0)
 * @param years time to expiry in years (> 0)
 * @param rate risk-free rate, continuously compounded, decimal
 * @param dividendYield continuous dividend yield, decimal
 * @returns `{ ok: true, vol }`, or `{ ok: false, error }` with a NoImpliedVolatility whose code says why
 * (invalid input, expired, below intrinsic, above maximum, no time value).
 */
export function impliedVolatility(
  right: OptionRight,
  price: number,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  dividendYield: number,
  options: ImpliedVolatilityOptions = {},
): ImpliedVolatilityResult {
  const v = impliedVolatilityCode(
    right === "call",
    price,
    spot,
    strike,
    years,
    rate,
    dividendYield,
    options.minTimeValueRatio ?? DEFAULT_MIN_TIME_VALUE_RATIO,
  );
  if (v >= 0) return { ok: true, vol: v };
  return { ok: false, error: noImpliedVolatilityFromCode(-v) };
}

/** As {@link impliedVolatility}, but returns the volatility or throws the NoImpliedVolatility. */
export function impliedVolatilityOrThrow(
  right: OptionRight,
  price: number,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  dividendYield: number,
  options: ImpliedVolatilityOptions = {},
): number {
  const result = impliedVolatility(right, price, spot, strike, years, rate, dividendYield, options);
  if (!result.ok) throw result.error;
  return result.vol;
}
