/** Risk: max loss and gain, position sizing, account limits, what-if margin results. */
export { RiskError, RiskErrorCode } from "./errors";
export {
  checkLimits,
  contractCount,
  notionalOf,
  type DailyRisk,
  type LimitBreach,
  type LimitCheck,
  type LimitCode,
  type RiskLimits,
} from "./limits";
export { riskProfile, type RiskMethod, type RiskProfile } from "./max-loss";
export { positionSize, type PositionSize, type RiskBudget, type SizingConstraint } from "./sizing";
export {
  interpretWhatIf,
  knownAmount,
  marginVerdict,
  type MarginVerdict,
  type RawWhatIf,
  type WhatIfResult,
} from "./what-if";
