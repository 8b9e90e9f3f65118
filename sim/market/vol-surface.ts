import type { Underlying } from "./underlyings";

const THIRTY_DAYS = 30 / 365;
/** Years over which the term structure relaxes from the 30-day level to the long-dated one. */
const TERM_DECAY = 0.6;

/** At-the-money implied vol for a maturity: 30-day level blending exponentially into the long-dated level. */
export function atmVol(u: Underlying, t: number): number {
  const w = Math.exp(-(Math.max(t, 1 / 365) - THIRTY_DAYS) / TERM_DECAY);
  const v = u.atmVolLong + (u.atmVol30d - u.atmVolLong) * w;
  return Math.min(Math.max(v, 0.5 * u.atmVol30d), 2 * u.atmVol30d);
}

/**
 * Implied vol at a strike: a quadratic in standardised moneyness x = ln(K/F) / (atm * sqrt(T)), sloping down
 * from puts to calls (the equity skew) with some curvature (the smile), bounded to a sane range.
 */
export function impliedVolAt(u: Underlying, t: number, strike: number, forward: number): number {
  const atm = atmVol(u, t);
  const x = Math.log(strike / forward) / (atm * Math.sqrt(Math.max(t, 1 / 365)));
  const xc = Math.max(-5, Math.min(5, x));
  const factor = 1 - 1.5 * u.skew * xc + 0.3 * u.smile * xc * xc;
  return atm * Math.min(3, Math.max(0.45, factor));
}
