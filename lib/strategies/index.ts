/** Strategy catalogue, builders, recognition, permission policy and suggestions. */
export { BUILDABLE_STRATEGIES, buildStrategy, type BuildOptions, type StrategyRequest } from "./builders";
export { CATALOGUE, STRATEGY_CATALOGUE, STRATEGY_LABELS, STRATEGY_NAMES, strategiesIn, type PolicyClass, type StrategyInfo } from "./catalogue";
export { StrategyError, StrategyErrorCode } from "./errors";
export {
  checkPermission,
  DEFAULT_PERMISSION_POLICY,
  LEVEL_2_STRATEGIES,
  PermissionRefusalCode,
  type PermissionDecision,
  type PermissionPolicy,
} from "./permissions";
export { netLegs, recogniseStrategy, type Recognition } from "./recognise";
export type { ChainIndex, ChainQuote, Holdings, Outlook, StrategyName } from "./types";
