/**
 * Black-Scholes-Merton sensitivities, analytic, all from one evaluation of d1 and d2.
 * Argument order and units as in black-scholes.ts; result units as documented on {@link Greeks}.
 */
import { assertBsmInputs, bsmPriceFromMoneyness } from "./black-scholes";
import { normCdf, normPdf } from "./normal";
import { DAYS_PER_YEAR, type Greeks, type OptionRight } from "./types";

/** Slots of the greeks kernel's output, in order. */
export const GREEK_PRICE = 0;
export const GREEK_DELTA = 1;
export const GREEK_GAMMA = 2;
export const GREEK_VEGA = 3;
export const GREEK_THETA = 4;
export const GREEK_RHO = 5;
export const GREEK_VANNA = 6;
export const GREEK_CHARM = 7;
export const GREEK_PROB_ITM = 8;
/** Number of slots written by {@link bsmGreeksInto}. */
export const GREEK_SLOTS = 9;

/**
 * Writes price, delta, gamma, vega, theta (per year), rho, vanna, charm (per year) and the probability of
 * expiring in the money into out[offset … offset+8], per share. No validation and no allocation.
 * At vol·√T = 0 (expiry or zero vol) the values are the limits: delta is a step (½ exactly at the money),
 * gamma, vega and vanna are 0.
 */
export function bsmGreeksInto(
  isCall: boolean,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  dividendYield: number,
  vol: number,
  out: Float64Array,
  offset: number,
): void {
  const sqrtT = Math.sqrt(years);
  const s = vol * sqrtT;
  const x = Math.log(spot / strike) + (rate - dividendYield) * years;
  const dq = Math.exp(-dividendYield * years);
  const dr = Math.exp(-rate * years);
  const sd = spot * dq;
  const kd = strike * dr;
  out[offset + GREEK_PRICE] = bsmPriceFromMoneyness(isCall, spot, strike, years, rate, dividendYield, x, s);
  let nd1: number;
  let cdfD1: number;
  let cdfD2: number;
  let cdfMinusD1: number;
  let cdfMinusD2: number;
  let d2: number;
  if (s > 0) {
    const d1 = x / s + 0.5 * s;
    d2 = d1 - s;
    nd1 = normPdf(d1);
    cdfD1 = normCdf(d1);
    cdfD2 = normCdf(d2);
    cdfMinusD1 = normCdf(-d1);
    cdfMinusD2 = normCdf(-d2);
  } else {
    d2 = 0;
    nd1 = 0;
    const step = x > 0 ? 1 : x < 0 ? 0 : 0.5;
    cdfD1 = step;
    cdfD2 = step;
    cdfMinusD1 = 1 - step;
    cdfMinusD2 = 1 - step;
  }
  const decay = s > 0 ? -(sd * nd1 * vol) / (2 * sqrtT) : 0;
  out[offset + GREEK_GAMMA] = s > 0 ? (dq * nd1) / (spot * s) : 0;
  out[offset + GREEK_VEGA] = sd * nd1 * sqrtT;
  out[offset + GREEK_VANNA] = s > 0 ? (-dq * nd1 * d2) / vol : 0;
  const charmDiffusion = s > 0 ? (dq * nd1 * (2 * (rate - dividendYield) * years - d2 * s)) / (2 * years * s) : 0;
  if (isCall) {
    out[offset + GREEK_DELTA] = dq * cdfD1;
    out[offset + GREEK_THETA] = decay - rate * kd * cdfD2 + dividendYield * sd * cdfD1;
    out[offset + GREEK_RHO] = years * kd * cdfD2;
    out[offset + GREEK_CHARM] = dividendYield * dq * cdfD1 - charmDiffusion;
    out[offset + GREEK_PROB_ITM] = cdfD2;
  } else {
    out[offset + GREEK_DELTA] = -dq * cdfMinusD1;
    out[offset + GREEK_THETA] = decay + rate * kd * cdfMinusD2 - dividendYield * sd * cdfMinusD1;
    out[offset + GREEK_RHO] = -years * kd * cdfMinusD2;
    out[offset + GREEK_CHARM] = -dividendYield * dq * cdfMinusD1 - charmDiffusion;
    out[offset + GREEK_PROB_ITM] = cdfMinusD2;
  }
}

const scratch = new Float64Array(GREEK_SLOTS);

/**
 * Black-Scholes-Merton price and greeks of one European option, per share.
 * @param right "call" or "put"
 * @param spot underlying price (> 0)
 * @param strike strike (> 0)
 * @param years time to expiry in years (≥ 0)
 * @param rate risk-free rate, continuously compounded, decimal
 * @param dividendYield continuous dividend yield, decimal
 * @param vol annualised volatility, decimal (≥ 0)
 * @returns {@link Greeks}: theta per year and per calendar day, vega and rho per 1.00 and per point (0.01)
 * @throws OptionsError(InvalidInput) for inputs outside that domain
 */
export function bsmGreeks(
  right: OptionRight,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  dividendYield: number,
  vol: number,
): Greeks {
  assertBsmInputs(spot, strike, years, rate, dividendYield, vol);
  bsmGreeksInto(right === "call", spot, strike, years, rate, dividendYield, vol, scratch, 0);
  const vega = scratch[GREEK_VEGA] ?? 0;
  const theta = scratch[GREEK_THETA] ?? 0;
  const rho = scratch[GREEK_RHO] ?? 0;
  const charm = scratch[GREEK_CHARM] ?? 0;
  return {
    price: scratch[GREEK_PRICE] ?? 0,
    delta: scratch[GREEK_DELTA] ?? 0,
    gamma: scratch[GREEK_GAMMA] ?? 0,
    vega,
    vegaPerPoint: vega / 100,
    theta,
    thetaPerDay: theta / DAYS_PER_YEAR,
    rho,
    rhoPerPoint: rho / 100,
    vanna: scratch[GREEK_VANNA] ?? 0,
    charm,
    charmPerDay: charm / DAYS_PER_YEAR,
    probItm: scratch[GREEK_PROB_ITM] ?? 0,
  };
}
