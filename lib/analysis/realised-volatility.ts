/** Realised (historical) volatility of a price series. Pure. */

/**
 * Annualised close-to-close historical volatility over the last `window` returns (sample standard deviation of
 * log returns × √periodsPerYear), or undefined without enough bars.
 */
export function historicalVolatility(closes: readonly number[], window: number, periodsPerYear = 252): number | undefined {
  if (closes.length < window + 1 || window < 2) return undefined;
  const recent = closes.slice(-(window + 1));
  const returns: number[] = [];
  for (let i = 1; i < recent.length; i++) returns.push(Math.log(recent[i]! / recent[i - 1]!));
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
  const variance = returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1);
  return Math.sqrt(variance * periodsPerYear);
}
