/**
 * Max loss and max gain of a proposed position, in currency. Single-expiry positions (and stock) are exact
 * from the expiry payoff. Calendars and diagonals bought for a debit lose at most the debit: the later long
 * option covers the nearer short one. Other positions with several expiries are bounded by their payoff if
 * every option settled on the same day, which is flagged as an approximation.
 */
import { analyzePayoff, type Leg } from "../options";
import { recogniseStrategy } from "../strategies";

/** How the figures were obtained. */
export type RiskMethod = "exact_expiry" | "net_debit" | "same_expiry_approximation";

/** Loss and gain bounds of a position (currency, per position). */
export interface RiskProfile {
  /** Largest possible loss as a positive amount; Infinity when unlimited. */
  maxLoss: number;
  /** Largest possible gain; Infinity when unlimited; null when it depends on volatility (calendars). */
  maxProfit: number | null;
  unlimitedLoss: boolean;
  unlimitedProfit: boolean;
  /** Expiry breakevens (empty for calendars and diagonals, whose breakevens depend on volatility). */
  breakevens: number[];
  /** Net premium: > 0 debit, < 0 credit. */
  netDebit: number;
  method: RiskMethod;
}

/**
 * Max loss, max gain and breakevens of priced legs.
 * @throws OptionsError(InvalidPosition) when a leg has no price or quantity
 */
export function riskProfile(legs: readonly Leg[]): RiskProfile {
  const payoff = analyzePayoff(legs);
  if (!payoff.mixedExpiries) {
    return {
      maxLoss: payoff.maxLoss,
      maxProfit: payoff.maxProfit,
      unlimitedLoss: payoff.unlimitedLoss,
      unlimitedProfit: payoff.unlimitedProfit,
      breakevens: payoff.breakevens,
      netDebit: payoff.netDebit,
      method: "exact_expiry",
    };
  }
  const name = recogniseStrategy(legs).name;
  if ((name === "long_calendar" || name === "long_diagonal") && payoff.netDebit > 0) {
    // A call diagonal whose long strike is lower also gains the strike difference; never loses more than paid.
    return {
      maxLoss: payoff.netDebit,
      maxProfit: null,
      unlimitedLoss: false,
      unlimitedProfit: false,
      breakevens: [],
      netDebit: payoff.netDebit,
      method: "net_debit",
    };
  }
  return {
    maxLoss: payoff.maxLoss,
    maxProfit: payoff.maxProfit,
    unlimitedLoss: payoff.unlimitedLoss,
    unlimitedProfit: payoff.unlimitedProfit,
    breakevens: payoff.breakevens,
    netDebit: payoff.netDebit,
    method: "same_expiry_approximation",
  };
}
