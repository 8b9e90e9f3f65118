/**
 * The one numbering of "no implied volatility": 0 when a volatility was found, else the index of its
 * {@link NoImpliedVolatilityReason} in {@link IV_REASON_CODES}. The batch API's reason column holds these
 * numbers, and the normalised solver returns them negated in place of a volatility.
 */
import { NoImpliedVolatilityReason } from "../errors";

export const IV_OK = 0;
export const IV_INVALID_INPUT = 1;
export const IV_EXPIRED = 2;
export const IV_BELOW_INTRINSIC = 3;
export const IV_ABOVE_MAXIMUM = 4;
export const IV_NO_TIME_VALUE = 5;
export const IV_NOT_CONVERGED = 6;

/** The reason each number stands for (null for IV_OK). */
export const IV_REASON_CODES: readonly (NoImpliedVolatilityReason | null)[] = [
  null,
  NoImpliedVolatilityReason.InvalidInput,
  NoImpliedVolatilityReason.Expired,
  NoImpliedVolatilityReason.BelowIntrinsic,
  NoImpliedVolatilityReason.AboveMaximum,
  NoImpliedVolatilityReason.NoTimeValue,
  NoImpliedVolatilityReason.NotConverged,
];
