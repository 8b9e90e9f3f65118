/**
 * Black-Scholes-Merton sensitivities, analytic, all from one evaluation of d1 and d2.
 * Argument order and units as in black-scholes.ts; result units as documented on {@link Greeks}.
 */
import { assertBsmInputs, bsmPriceFromMoneyness as bsmPriceFromMoneynessImport } from "./black-scholes";
import { gaussianFactor as gaussianFactorImport, normLowerTail as normLowerTailImport } from "./normal";
import { DAYS_PER_YEAR, type Greeks, type OptionRight } from "./types";

// Local bindings: loaders that compile imports to property getters would otherwise run a getter on every
// call in the hot loops below.
const bsmPriceFromMoneyness = bsmPriceFromMoneynessImport;
const gaussianFactor = gaussianFactorImport;
const normLowerTail = normLowerTailImport;
const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;

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
  const expm1Q = Math.expm1(-dividendYield * years);
  const expm1R = Math.expm1(-rate * years);
  const dq = 1 + expm1Q;
  const sd = spot + spot * expm1Q;
  const kd = strike + strike * expm1R;
  out[offset + GREEK_PRICE] = bsmPriceFromMoneyness(isCall, spot, strike, years, rate, dividendYield, x, s);
  // Φ(±d1), Φ(±d2) and φ(d1) share one exp: e^{−d2²/2} = e^{−d1²/2}·e^{x} with e^{x} = S·e^(−qT)/(K·e^(−rT)).
  let nd1 = 0;
  let tail1: number;
  let tail2: number;
  let d2 = 0;
  if (s > 0) {
    const d1 = x / s + 0.5 * s;
    d2 = d1 - s;
    const e1 = gaussianFactor(d1);
    nd1 = ONE_OVER_SQRT_TWO_PI * e1;
    const lower1 = normLowerTail(Math.abs(d1), e1);
    const lower2 = normLowerTail(Math.abs(d2), e1 * (sd / kd));
    // Φ(d) is the lower tail for d < 0 and its complement otherwise; a put needs Φ(−d).
    tail1 = isCall === d1 < 0 ? lower1 : 1 - lower1;
    tail2 = isCall === d2 < 0 ? lower2 : 1 - lower2;
  } else {
    const step = x > 0 ? 1 : x < 0 ? 0 : 0.5;
    tail1 = isCall ? step : 1 - step;
    tail2 = tail1;
  }
  const decay = s > 0 ? -(sd * nd1 * vol) / (2 * sqrtT) : 0;
  out[offset + GREEK_GAMMA] = s > 0 ? (dq * nd1) / (spot * s) : 0;
  out[offset + GREEK_VEGA] = sd * nd1 * sqrtT;
  out[offset + GREEK_VANNA] = s > 0 ? (-dq * nd1 * d2) / vol : 0;
  const charmDiffusion = s > 0 ? (dq * nd1 * (2 * (rate - dividendYield) * years - d2 * s)) / (2 * years * s) : 0;
  out[offset + GREEK_PROB_ITM] = tail2;
  if (isCall) {
    out[offset + GREEK_DELTA] = dq * tail1;
    out[offset + GREEK_THETA] = decay - rate * kd * tail2 + dividendYield * sd * tail1;
    out[offset + GREEK_RHO] = years * kd * tail2;
    out[offset + GREEK_CHARM] = dividendYield * dq * tail1 - charmDiffusion;
  } else {
    out[offset + GREEK_DELTA] = -dq * tail1;
    out[offset + GREEK_THETA] = decay + rate * kd * tail2 - dividendYield * sd * tail1;
    out[offset + GREEK_RHO] = -years * kd * tail2;
    out[offset + GREEK_CHARM] = -dividendYield * dq * tail1 - charmDiffusion;
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
