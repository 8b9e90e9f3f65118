/** Shared types of the strategy catalogue, recognition, permission policy and suggestions. */
import type { OptionLeg, OptionRight } from "../options";

/** Every structure the recogniser can name. Only some are in the catalogue of strategies one may open. */
export type StrategyName =
  | "long_call"
  | "long_put"
  | "bull_call_spread"
  | "bear_put_spread"
  | "covered_call"
  | "protective_put"
  | "collar"
  | "long_calendar"
  | "long_diagonal"
  | "long_straddle"
  | "long_strangle"
  | "long_butterfly"
  | "long_stock"
  | "short_stock"
  | "short_call"
  | "short_put"
  | "bear_call_spread"
  | "bull_put_spread"
  | "short_calendar"
  | "short_diagonal"
  | "short_straddle"
  | "short_strangle"
  | "short_butterfly"
  | "iron_condor"
  | "covered_put"
  | "custom";

/** A market view a strategy expresses. */
export type Outlook = "bullish" | "bearish" | "neutral" | "volatile";

/** One quoted contract of an option chain. Prices per share. */
export interface ChainQuote {
  expiry: string;
  strike: number;
  right: OptionRight;
  bid: number;
  ask: number;
  /** Implied volatility, annualised decimal, when known. */
  iv?: number;
  /** Open interest in contracts, when known (0 = none). */
  openInterest?: number;
  /** Shares per contract; 100 when absent. */
  multiplier?: number;
}

/** What exists in a chain: expiries (YYYYMMDD) and the strikes listed for each. */
export interface ChainIndex {
  expiries: readonly string[];
  strikes: Readonly<Record<string, readonly number[]>>;
}

/** Current holdings that a proposed position is checked against. */
export interface Holdings {
  /** Signed shares of the underlying held. */
  shares: number;
  /** Option positions held on the same underlying (signed quantities). */
  options: readonly OptionLeg[];
}
