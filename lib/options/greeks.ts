/**
 * Black-Scholes-Merton sensitivities, analytic, from the same evaluation of d1, d2 and the normal
 * distribution as the price (bsm-kernel.ts).
 * Argument order and units as in black-scholes.ts; result units as documented on {@link Greeks}.
 */
import { assertBsmInputs } from "./black-scholes";
import { bsmKernel as bsmKernelImport, makeGreeksColumns, type OptionBatch } from "./bsm-kernel";
import { DAYS_PER_YEAR, type Greeks, type OptionRight } from "./types";

// Local bindings: loaders that compile imports to property getters would otherwise run a getter on every
// call in the hot loops below.
const bsmKernel = bsmKernelImport;

/** Slots of {@link bsmGreeksInto}'s output, in order. */
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

/** The one row that the scalar functions hand to the kernel, and where its greeks come back. */
const row: OptionBatch = { isCall: new Uint8Array(1), spot: NaN, strike: NaN, years: NaN, rate: NaN, dividendYield: NaN, vol: NaN };
const rowGreeks = makeGreeksColumns(1);

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
  row.isCall[0] = isCall ? 1 : 0;
  row.spot = spot;
  row.strike = strike;
  row.years = years;
  row.rate = rate;
  row.dividendYield = dividendYield;
  row.vol = vol;
  bsmKernel(row, 0, 1, false, rowGreeks.price, rowGreeks);
  out[offset + GREEK_PRICE] = rowGreeks.price[0] ?? Number.NaN;
  out[offset + GREEK_DELTA] = rowGreeks.delta[0] ?? Number.NaN;
  out[offset + GREEK_GAMMA] = rowGreeks.gamma[0] ?? Number.NaN;
  out[offset + GREEK_VEGA] = rowGreeks.vega[0] ?? Number.NaN;
  out[offset + GREEK_THETA] = rowGreeks.theta[0] ?? Number.NaN;
  out[offset + GREEK_RHO] = rowGreeks.rho[0] ?? Number.NaN;
  out[offset + GREEK_VANNA] = rowGreeks.vanna[0] ?? Number.NaN;
  out[offset + GREEK_CHARM] = rowGreeks.charm[0] ?? Number.NaN;
  out[offset + GREEK_PROB_ITM] = rowGreeks.probItm[0] ?? Number.NaN;
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
