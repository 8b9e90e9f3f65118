/**
 * An order is priced as one net figure per unit (a spread's limit), while the analysis prices each leg. To
 * analyse the order at its limit, the option legs' prices are scaled so that they net to exactly that figure:
 * the bought side when there is one (a debit spread at a higher limit pays more for its long leg), the sold
 * side otherwise. Prices stay ≥ 0, and the payoff, max loss and breakevens are then those of the order.
 */
import { commonUnit } from "../options/ratio";
import type { Leg } from "../options/types";

/**
 * Legs (signed quantities, priced) re-priced so that their net per unit (Σ quantity/unit × multiplier-free
 * price, > 0 a debit) equals `netPerUnit`. Stock legs keep their price. Returns the legs unchanged when no
 * scaling of one side can reach the figure (e.g. a credit asked of legs that are all bought).
 */
export function fitLegsToNet(legs: readonly Leg[], netPerUnit: number): Leg[] {
  const unit = commonUnit(legs.map((l) => l.quantity));
  let bought = 0;
  let sold = 0;
  let stock = 0;
  for (const leg of legs) {
    const value = (leg.quantity / unit) * (leg.price ?? 0);
    if (leg.kind === "stock") stock += value;
    else if (value >= 0) bought += value;
    else sold -= value;
  }
  // Options must net to the limit minus what the shares cost.
  const target = netPerUnit - stock;
  const scaleBought = bought > 0 && sold + target >= 0 ? (sold + target) / bought : undefined;
  const scaleSold = scaleBought === undefined && sold > 0 && bought - target >= 0 ? (bought - target) / sold : undefined;
  if (scaleBought === undefined && scaleSold === undefined) return [...legs];
  return legs.map((leg) => {
    if (leg.kind === "stock") return leg;
    const isBought = leg.quantity > 0;
    const scale = isBought ? scaleBought : scaleSold;
    return scale === undefined ? leg : { ...leg, price: (leg.price ?? 0) * scale };
  });
}
