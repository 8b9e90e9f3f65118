/** Rounding of computed figures for display and tool results (never inside a calculation). */

/** `value` rounded to `digits` decimal places (halves upward, as Math.round does). */
export function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
