/**
 * IBKR Pro "Fixed" commissions for US stocks and options, as published on IBKR's pricing pages:
 * stocks USD 0.005 per share, minimum USD 1.00 and at most 1% of trade value per order; options USD 0.65 per
 * contract (0.50 when the premium is USD 0.05-0.10, 0.25 below USD 0.05), minimum USD 1.00 per order.
 */
export function perUnitCommission(kind: "stock" | "option", price: number): number {
  if (kind === "stock") return 0.005;
  if (price < 0.05) return 0.25;
  if (price < 0.1) return 0.5;
  return 0.65;
}

export const MIN_PER_ORDER = 1;

/**
 * Commission for one execution of an order, topping the order up to its minimum on its first executions.
 * `chargedSoFar` is what earlier executions of the same order already paid.
 */
export function executionCommission(
  kind: "stock" | "option",
  price: number,
  quantity: number,
  multiplier: number,
  chargedSoFar: number,
): number {
  let fee = perUnitCommission(kind, price) * quantity;
  if (kind === "stock") fee = Math.min(fee, 0.01 * price * quantity * multiplier);
  const owedMinimum = Math.max(0, MIN_PER_ORDER - chargedSoFar);
  fee = Math.max(fee, owedMinimum);
  return Math.round(fee * 100) / 100;
}

/** Commission a whole order would pay if filled at once (what-if answers). */
export function orderCommission(kind: "stock" | "option", price: number, quantity: number, multiplier: number): number {
  return executionCommission(kind, price, quantity, multiplier, 0);
}

/**
 * The what-if commission range TWS reports: the commission alone at the low end, and at the high end the
 * regulatory fees IBKR Pro Fixed passes through on top (the simulator's estimate: ORF 0.02295 and FINRA TAF
 * 0.00279 a contract for options; on stock sales FINRA TAF 0.000166 a share and the SEC fee of 27.80 per million).
 */
export function commissionRange(kind: "stock" | "option", side: "BUY" | "SELL", price: number, quantity: number, commission: number): { min: number; max: number } {
  let fees = 0;
  if (kind === "option") fees = quantity * (0.02295 + (side === "SELL" ? 0.00279 : 0));
  else if (side === "SELL") fees = quantity * 0.000166 + quantity * price * 0.0000278;
  return { min: commission, max: Math.round((commission + fees) * 100) / 100 };
}
