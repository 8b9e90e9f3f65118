/** Links to the strategy page with a position filled in, e.g. from calculate_strategy's result. */
import type { LegInput } from "./legs";

/** Path (or absolute URL when `base` is given) of /strategy showing `legs` on `symbol`. */
export function strategyUrl(symbol: string, legs: readonly LegInput[], base = ""): string {
  const compact = legs.map((leg) =>
    leg.type === "stock"
      ? { type: leg.type, action: leg.action, quantity: leg.quantity, ...(leg.price === undefined ? {} : { price: leg.price }) }
      : {
          type: leg.type,
          action: leg.action,
          strike: leg.strike,
          expiry: leg.expiry,
          quantity: leg.quantity,
          ...(leg.price === undefined ? {} : { price: leg.price }),
        },
  );
  const query = new URLSearchParams({ symbol: symbol.toUpperCase(), legs: JSON.stringify(compact) });
  return `${base.replace(/\/+$/, "")}/strategy?${query.toString()}`;
}
