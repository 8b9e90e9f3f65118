/**
 * Implied volatility of a European option price under Black-Scholes-Merton, to double precision, or a
 * {@link NoImpliedVolatility} saying why there is none. Argument order (right, price, spot, strike, years,
 * rate, dividendYield); units as in black-scholes.ts; the result is an annualised decimal volatility.
 * The solver is the kernel in kernel/implied-vol-kernel.ts.
 */
import { NoImpliedVolatility, NoImpliedVolatilityReason } from "./errors";
import { impliedVolatilityCode } from "./kernel/implied-vol-kernel";
import { IV_REASON_CODES } from "./kernel/iv-codes";
import type { OptionRight } from "./types";

export { IV_REASON_CODES };

/** Default smallest time value, as a fraction of spot, that still carries an implied volatility. */
export const DEFAULT_MIN_TIME_VALUE_RATIO = 1e-12;

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
