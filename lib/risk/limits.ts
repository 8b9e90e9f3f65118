/**
 * Account limits checked before a proposal can be approved: contracts, notional, max loss per trade and the
 * daily loss limit. Every limit is optional; each breach comes back with the figure and a sentence.
 */
import { DEFAULT_MULTIPLIER, type Leg } from "../options";

/** Configured limits (currency unless noted). */
export interface RiskLimits {
  /** Largest number of option contracts in one trade (sum of |quantity| over option legs). */
  maxContracts?: number;
  /** Largest underlying notional of one trade: Σ |quantity| × multiplier × underlying price. */
  maxNotional?: number;
  /** Largest max loss of one trade. */
  maxLossPerTrade?: number;
  /** Largest loss allowed in a day (positive amount); trading stops once reached. */
  dailyLossLimit?: number;
}

/** What the day has cost so far. */
export interface DailyRisk {
  /** Realised P&L today (negative = loss). */
  realisedPnl: number;
  /** Unrealised P&L of positions opened today, if tracked (negative = loss). Default 0. */
  unrealisedPnl?: number;
}

export type LimitCode =
  | "max_contracts"
  | "max_notional"
  | "max_loss_per_trade"
  | "unlimited_loss"
  | "daily_loss_reached"
  | "daily_loss_would_exceed";

/** One breached limit. */
export interface LimitBreach {
  code: LimitCode;
  limit: number;
  actual: number;
  message: string;
}

/** The result: ok when nothing is breached. */
export interface LimitCheck {
  ok: boolean;
  breaches: LimitBreach[];
  /** Figures the check computed, for display. */
  contracts: number;
  notional: number;
}

/** Option contracts in the legs (Σ |quantity| of option legs). */
export function contractCount(legs: readonly Leg[]): number {
  let n = 0;
  for (const leg of legs) if (leg.kind === "option") n += Math.abs(leg.quantity);
  return n;
}

/** Underlying notional of the legs at `underlyingPrice`: Σ |quantity| × multiplier × price (stock: × 1). */
export function notionalOf(legs: readonly Leg[], underlyingPrice: number): number {
  let n = 0;
  for (const leg of legs) {
    const multiplier = leg.kind === "option" ? (leg.multiplier ?? DEFAULT_MULTIPLIER) : 1;
    n += Math.abs(leg.quantity) * multiplier * underlyingPrice;
  }
  return n;
}

/**
 * Checks a proposal against the limits.
 * @param legs the proposal's legs
 * @param maxLoss its max loss (positive currency; Infinity when unlimited), e.g. from riskProfile
 * @param underlyingPrice the underlying's price, for the notional
 * @param limits the configured limits
 * @param today the day's P&L so far (for the daily loss limit)
 */
export function checkLimits(
  legs: readonly Leg[],
  maxLoss: number,
  underlyingPrice: number,
  limits: RiskLimits,
  today: DailyRisk = { realisedPnl: 0 },
): LimitCheck {
  const breaches: LimitBreach[] = [];
  const contracts = contractCount(legs);
  const notional = notionalOf(legs, underlyingPrice);
  const money = (x: number): string => (x === Infinity ? "unlimited" : x.toFixed(2));
  if (limits.maxContracts !== undefined && contracts > limits.maxContracts) {
    breaches.push({
      code: "max_contracts",
      limit: limits.maxContracts,
      actual: contracts,
      message: `${contracts} contracts exceed the limit of ${limits.maxContracts} per trade.`,
    });
  }
  if (limits.maxNotional !== undefined && notional > limits.maxNotional) {
    breaches.push({
      code: "max_notional",
      limit: limits.maxNotional,
      actual: notional,
      message: `Notional ${money(notional)} exceeds the limit of ${money(limits.maxNotional)} per trade.`,
    });
  }
  if (maxLoss === Infinity) {
    breaches.push({
      code: "unlimited_loss",
      limit: limits.maxLossPerTrade ?? Infinity,
      actual: Infinity,
      message: "The trade's loss is unlimited.",
    });
  } else if (limits.maxLossPerTrade !== undefined && maxLoss > limits.maxLossPerTrade) {
    breaches.push({
      code: "max_loss_per_trade",
      limit: limits.maxLossPerTrade,
      actual: maxLoss,
      message: `Max loss ${money(maxLoss)} exceeds the limit of ${money(limits.maxLossPerTrade)} per trade.`,
    });
  }
  if (limits.dailyLossLimit !== undefined) {
    const lossToday = Math.max(0, -(today.realisedPnl + (today.unrealisedPnl ?? 0)));
    if (lossToday >= limits.dailyLossLimit) {
      breaches.push({
        code: "daily_loss_reached",
        limit: limits.dailyLossLimit,
        actual: lossToday,
        message: `Today's loss ${money(lossToday)} has reached the daily limit of ${money(limits.dailyLossLimit)}: no new trades today.`,
      });
    } else if (lossToday + maxLoss > limits.dailyLossLimit) {
      breaches.push({
        code: "daily_loss_would_exceed",
        limit: limits.dailyLossLimit,
        actual: lossToday + maxLoss,
        message: `Today's loss ${money(lossToday)} plus this trade's max loss ${money(maxLoss)} could exceed the daily limit of ${money(limits.dailyLossLimit)}.`,
      });
    }
  }
  return { ok: breaches.length === 0, breaches, contracts, notional };
}
