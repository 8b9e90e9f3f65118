/** Typed errors of the options analytics. */

/** Why an options computation refused its input. */
export enum OptionsErrorCode {
  /** A number is missing, not finite, or outside its domain (e.g. a negative strike). */
  InvalidInput = "invalid_input",
  /** An expiry is not a valid YYYYMMDD calendar date. */
  InvalidExpiry = "invalid_expiry",
  /** A position has no legs, or legs that cannot be combined. */
  InvalidPosition = "invalid_position",
}

/** An error from lib/options with a machine-readable code. */
export class OptionsError extends Error {
  readonly code: OptionsErrorCode;

  constructor(code: OptionsErrorCode, message: string) {
    super(message);
    this.name = "OptionsError";
    this.code = code;
  }
}

/** Why a price has no implied volatility. */
export enum NoImpliedVolatilityReason {
  /** Price, spot, strike, rate or time is missing, not finite, or out of range. */
  InvalidInput = "invalid_input",
  /** The option has no time left (years ≤ 0): its price is its payoff. */
  Expired = "expired",
  /** The price is below the discounted intrinsic value: no volatility gives it (an arbitrage). */
  BelowIntrinsic = "below_intrinsic",
  /** The price is at or above the price at infinite volatility (S·e^(−qT) for a call, K·e^(−rT) for a put). */
  AboveMaximum = "above_maximum",
  /** The time value is zero or too small to carry a volatility (below the threshold or the rounding noise). */
  NoTimeValue = "no_time_value",
  /** The solver did not converge (not expected on valid input). */
  NotConverged = "not_converged",
}

/** There is no implied volatility for a price; `code` says why. */
export class NoImpliedVolatility extends Error {
  readonly code: NoImpliedVolatilityReason;

  constructor(code: NoImpliedVolatilityReason, message: string) {
    super(message);
    this.name = "NoImpliedVolatility";
    this.code = code;
  }
}
