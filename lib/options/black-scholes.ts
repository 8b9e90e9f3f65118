/**
 * Black-Scholes-Merton prices of European options with a continuous dividend yield.
 *
 * One argument order everywhere: (right, spot, strike, years, rate, dividendYield, vol).
 * spot and strike in currency; years = time to expiry in years (≥ 0); rate and dividendYield continuously
 * compounded, decimal per year (0.05 = 5%); vol annualised, decimal (0.2 = 20%).
 *
 * The price comes from the kernel in kernel/bsm-kernel.ts (shared with the greeks): the textbook
 * S·e^(−qT)·N(d1) − K·e^(−rT)·N(d2) where it does not cancel, and e^(−rT)·√(F·K)·b(±x, σ√T) with the
 * normalised Black function b (normalised-black.ts) where it would, which keeps full relative precision far
 * out of the money.
 */
import { OptionsError, OptionsErrorCode } from "./errors";
import { bsmPriceUnchecked } from "./kernel/scalar";
import type { OptionRight } from "./types";

export { bsmPriceUnchecked };

/** Throws OptionsError(InvalidInput) unless the BSM inputs are in their domain. */
export function assertBsmInputs(
  spot: number,
  strike: number,
  years: number,
  rate: number,
  dividendYield: number,
  vol: number,
): void {
  if (!(spot > 0) || !(strike > 0) || !(years >= 0) || !(vol >= 0)) {
    throw new OptionsError(
      OptionsErrorCode.InvalidInput,
      `Need spot > 0, strike > 0, years ≥ 0 and vol ≥ 0 (got spot ${spot}, strike ${strike}, years ${years}, vol ${vol}).`,
    );
  }
  if (
    !Number.isFinite(spot) ||
    !Number.isFinite(strike) ||
    !Number.isFinite(years) ||
    !Number.isFinite(rate) ||
    !Number.isFinite(dividendYield) ||
    !Number.isFinite(vol)
  ) {
    throw new OptionsError(OptionsErrorCode.InvalidInput, "BSM inputs must be finite numbers.");
  }
}

/**
 * Black-Scholes-Merton price of a European call or put, per share, in currency.
 * @param right "call" or "put"
 * @param spot underlying price (> 0)
 * @param strike strike price (> 0)
 * @param years time to expiry in years (≥ 0; 0 gives the payoff)
 * @param rate risk-free rate, continuously compounded, decimal per year
 * @param dividendYield continuous dividend yield, decimal per year
 * @param vol volatility, annualised decimal (≥ 0)
 * @throws OptionsError(InvalidInput) for inputs outside that domain
 */
export function bsmPrice(
  right: OptionRight,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  dividendYield: number,
  vol: number,
): number {
  assertBsmInputs(spot, strike, years, rate, dividendYield, vol);
  return bsmPriceUnchecked(right === "call", spot, strike, years, rate, dividendYield, vol);
}

/** Forward price F = S·e^((r−q)T), in currency (years in years, rates decimal continuously compounded). */
export function forwardPrice(spot: number, years: number, rate: number, dividendYield: number): number {
  return spot * Math.exp((rate - dividendYield) * years);
}

/** Undiscounted intrinsic value max(S − K, 0) for a call, max(K − S, 0) for a put, in currency per share. */
export function intrinsicValue(right: OptionRight, spot: number, strike: number): number {
  const v = right === "call" ? spot - strike : strike - spot;
  return v > 0 ? v : 0;
}

/**
 * Lower no-arbitrage bound of a European price (the discounted forward intrinsic value):
 * max(S·e^(−qT) − K·e^(−rT), 0) for a call, max(K·e^(−rT) − S·e^(−qT), 0) for a put.
 */
export function europeanLowerBound(
  right: OptionRight,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  dividendYield: number,
): number {
  const sd = spot * Math.exp(-dividendYield * years);
  const kd = strike * Math.exp(-rate * years);
  const v = right === "call" ? sd - kd : kd - sd;
  return v > 0 ? v : 0;
}

/**
 * Upper no-arbitrage bound of a European price (its value at infinite volatility): S·e^(−qT) for a call,
 * K·e^(−rT) for a put.
 */
export function europeanUpperBound(
  right: OptionRight,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  dividendYield: number,
): number {
  return right === "call" ? spot * Math.exp(-dividendYield * years) : strike * Math.exp(-rate * years);
}
