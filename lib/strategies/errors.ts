/** Typed errors of lib/strategies. */

/** Why a strategy could not be built or evaluated. */
export enum StrategyErrorCode {
  /** A parameter is missing or out of range (quantity, strike, ratio). */
  InvalidParameters = "invalid_parameters",
  /** Strikes are not in the order the strategy needs. */
  StrikeOrder = "strike_order",
  /** An expiry is not in the chain, or expiries are not in the order the strategy needs. */
  UnknownExpiry = "unknown_expiry",
  /** A strike is not listed for its expiry. */
  UnknownStrike = "unknown_strike",
  /** The strategy name is not in the catalogue. */
  UnknownStrategy = "unknown_strategy",
  /** The chain lacks a quote the computation needs. */
  MissingQuote = "missing_quote",
}

/** An error from lib/strategies with a machine-readable code. */
export class StrategyError extends Error {
  readonly code: StrategyErrorCode;

  constructor(code: StrategyErrorCode, message: string) {
    super(message);
    this.name = "StrategyError";
    this.code = code;
  }
}
