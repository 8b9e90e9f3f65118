/** Options analytics: pure functions, no I/O. See each module for units and conventions. */
export {
  bsmPrice,
  bsmPriceUnchecked,
  europeanLowerBound,
  europeanUpperBound,
  forwardPrice,
  intrinsicValue,
} from "./black-scholes";
export {
  bsmGreeksBatch,
  bsmPriceBatch,
  impliedVolatilityBatch,
  makeGreeksColumns,
  type Column,
  type GreeksColumns,
  type ImpliedVolatilityColumns,
  type OptionBatch,
  type PriceBatch,
} from "./batch";
export { NoImpliedVolatility, NoImpliedVolatilityReason, OptionsError, OptionsErrorCode } from "./errors";
export { bsmGreeks, bsmGreeksInto, GREEK_SLOTS } from "./greeks";
export { horizonAnalysis, type HorizonAnalysis } from "./horizon";
export {
  DEFAULT_MIN_TIME_VALUE_RATIO,
  impliedVolatility,
  impliedVolatilityOrThrow,
  IV_REASON_CODES,
  type ImpliedVolatilityOptions,
  type ImpliedVolatilityResult,
} from "./implied-vol";
export {
  legMultiplier,
  legUnitValue,
  legVolatility,
  positionValue,
  type PositionMarket,
} from "./leg-value";
export {
  expectTerminal,
  simulateTerminal,
  stopLossProbability,
  touchProbability,
  type Estimate,
  type SimulationSpec,
  type StopLossEstimate,
  type StopRule,
} from "./monte-carlo";
export { erf, erfc, erfcx, inverseNormCdf, normCdf, normPdf } from "./normal";
export { normalisedBlack, normalisedBlackCall, normalisedVega } from "./kernel/normalised-black";
export { normalisedImpliedVolatility } from "./kernel/normalised-implied-vol";
export {
  analyzePayoff,
  expiryPnl,
  expiryValue,
  netDebit,
  pnlFromPoints,
  profitIntervals,
  type PayoffAnalysis,
  type PayoffPoint,
} from "./payoff";
export { pnlCurve, pnlGrid, priceAxis, type PnlGrid, type PnlGridRequest } from "./pnl-grid";
export { positionGreeks, type PositionGreeks, type PositionGreeksFigures } from "./position-greeks";
export {
  expectedMove,
  probabilityAbove,
  probabilityBelow,
  probabilityBetween,
  probabilityOfProfit,
  probabilityOfTouch,
  type ExpectedMove,
  type LognormalMarket,
  type VolatilityChoice,
} from "./probability";
export { SeededRandom } from "./random";
export { expiryInstantMs, yearFraction, yearsBetween } from "./time";
export {
  DAYS_PER_YEAR,
  DEFAULT_MULTIPLIER,
  type Greeks,
  type Leg,
  type OptionLeg,
  type OptionRight,
  type StockLeg,
} from "./types";
