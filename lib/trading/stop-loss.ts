/**
 * Stop losses for filled entries: the legs that close the position, and a suggested stop the trader can accept
 * or change. The suggestion risks half of what the entry paid: a long-premium position is closed once one
 * unit is worth half its average fill price, so at most about half the max loss is lost before the exit.
 */
import type { LegInput } from "../analysis/legs";
import { roundTo } from "../options/rounding";

/** The legs that close an entry: each leg with its action reversed, same ratios. */
export function closingLegs(legs: readonly LegInput[]): LegInput[] {
  return legs.map((leg) => {
    const { price: _price, ...rest } = leg;
    return { ...rest, action: leg.action === "buy" ? "sell" : "buy" } as LegInput;
  });
}

/** Fraction of the entry price per unit at which the suggested stop sits. */
export const SUGGESTED_STOP_FRACTION = 0.5;

/**
 * The suggested stop per unit (per share) for an entry filled at `avgFillPrice` per unit, or null when the
 * entry was a credit or its fill price is unknown (no protective stop is suggested then).
 */
export function suggestedStop(avgFillPrice: number | null, wasDebit: boolean): number | null {
  if (!wasDebit || avgFillPrice === null || !(avgFillPrice > 0)) return null;
  return Math.max(0.01, roundTo(avgFillPrice * SUGGESTED_STOP_FRACTION, 2));
}
