/**
 * Position sizing from a risk budget: how many units of a strategy fit when each unit can lose
 * `maxLossPerUnit` (currency) and the trade may lose at most a fixed amount and/or a share of net
 * liquidation value.
 */
import { RiskError, RiskErrorCode } from "./errors";

/** The budget; every field optional, the tightest applies. */
export interface RiskBudget {
  /** Largest loss allowed for the trade, currency. */
  maxLossPerTrade?: number;
  /** Largest loss allowed as a fraction of net liquidation value (0.02 = 2%). Needs netLiquidation. */
  maxFractionOfNetLiq?: number;
  /** Account net liquidation value, currency. */
  netLiquidation?: number;
  /** Largest number of units (contracts or spreads). */
  maxUnits?: number;
}

/** Which constraint set the size. */
export type SizingConstraint = "max_loss_per_trade" | "fraction_of_net_liq" | "max_units" | "unlimited_risk" | "no_budget";

/** The size and why. */
export interface PositionSize {
  /** Whole units to trade (0 when nothing fits). */
  units: number;
  /** The loss budget in currency that applied (Infinity when only maxUnits bounds it). */
  budget: number;
  /** Max loss of the sized trade: units × maxLossPerUnit. */
  maxLoss: number;
  constraint: SizingConstraint;
  reason: string;
}

/**
 * Units of a strategy that fit the budget.
 * @param maxLossPerUnit max loss of one unit, currency (> 0; Infinity for unlimited risk)
 * @throws RiskError(InvalidInput) for a non-positive loss per unit or negative budget fields
 */
export function positionSize(maxLossPerUnit: number, budget: RiskBudget): PositionSize {
  if (!(maxLossPerUnit > 0)) {
    throw new RiskError(RiskErrorCode.InvalidInput, `Max loss per unit must be > 0 (got ${maxLossPerUnit}).`);
  }
  for (const [key, value] of Object.entries(budget)) {
    if (value !== undefined && !(typeof value === "number" && value >= 0)) {
      throw new RiskError(RiskErrorCode.InvalidInput, `Budget field ${key} must be a number ≥ 0 (got ${String(value)}).`);
    }
  }
  if (maxLossPerUnit === Infinity) {
    return { units: 0, budget: 0, maxLoss: 0, constraint: "unlimited_risk", reason: "The strategy's loss is unlimited: no size fits a risk budget." };
  }
  let limit = Infinity;
  let constraint: SizingConstraint = "no_budget";
  if (budget.maxLossPerTrade !== undefined && budget.maxLossPerTrade < limit) {
    limit = budget.maxLossPerTrade;
    constraint = "max_loss_per_trade";
  }
  if (budget.maxFractionOfNetLiq !== undefined) {
    if (budget.netLiquidation === undefined) {
      throw new RiskError(RiskErrorCode.InvalidInput, "A fraction of net liquidation needs the net liquidation value.");
    }
    const byNetLiq = budget.maxFractionOfNetLiq * budget.netLiquidation;
    if (byNetLiq < limit) {
      limit = byNetLiq;
      constraint = "fraction_of_net_liq";
    }
  }
  let units = limit === Infinity ? Infinity : Math.floor(limit / maxLossPerUnit + 1e-9);
  if (budget.maxUnits !== undefined && Math.floor(budget.maxUnits) < units) {
    units = Math.floor(budget.maxUnits);
    constraint = "max_units";
  }
  if (units === Infinity) {
    return { units: 0, budget: Infinity, maxLoss: 0, constraint: "no_budget", reason: "No budget given: set a max loss per trade, a fraction of net liquidation or a max size." };
  }
  const money = (x: number): string => x.toFixed(2);
  const reasons: Record<SizingConstraint, string> = {
    max_loss_per_trade: `${units} × ${money(maxLossPerUnit)} max loss fits the ${money(limit)} max loss per trade.`,
    fraction_of_net_liq: `${units} × ${money(maxLossPerUnit)} max loss fits ${(100 * (budget.maxFractionOfNetLiq ?? 0)).toFixed(2)}% of net liquidation (${money(limit)}).`,
    max_units: `Capped at the maximum of ${units} units.`,
    unlimited_risk: "",
    no_budget: "",
  };
  return {
    units,
    budget: limit,
    maxLoss: units * maxLossPerUnit,
    constraint,
    reason: units === 0 ? `One unit's max loss (${money(maxLossPerUnit)}) exceeds the budget (${money(limit)}).` : reasons[constraint],
  };
}
