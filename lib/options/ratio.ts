/** Legs traded together as units of their smallest whole ratio: 2 long and 2 short calls are 2 units of 1×1. */

/** The largest whole number dividing every quantity (signs ignored); 1 for an empty list. */
export function commonUnit(quantities: readonly number[]): number {
  let unit = 0;
  for (const q of quantities) unit = gcd(unit, Math.abs(q));
  return unit === 0 ? 1 : unit;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
