/** Shared types of the strategy catalogue, recognition, permission policy and suggestions. */
import type { OptionLeg, OptionRight } from "../options";

export type { StrategyName } from "./catalogue";

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
