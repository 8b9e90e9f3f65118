/**
 * The scalar paths into the batch kernel: one contract handed over as a one-row batch, its results read
 * back. No validation and no allocation; ../black-scholes.ts and ../greeks.ts validate and build objects.
 */
import { bsmKernel as bsmKernelImport, makeGreeksColumns, type OptionBatch } from "./bsm-kernel";

// Local bindings: loaders that compile imports to property getters would otherwise run a getter on every
// call in the hot loops below.
const bsmKernel = bsmKernelImport;

/** The one row that the scalar price hands to the kernel, and where its price comes back. */
const priceRow: OptionBatch = { isCall: new Uint8Array(1), spot: NaN, strike: NaN, years: NaN, rate: NaN, dividendYield: NaN, vol: NaN };
const rowPrice = new Float64Array(1);

/**
 * Price kernel without validation (NaN in, NaN out). isCall: true for a call.
 * @returns price per share, in currency.
 */
export function bsmPriceUnchecked(
  isCall: boolean,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  dividendYield: number,
  vol: number,
): number {
  priceRow.isCall[0] = isCall ? 1 : 0;
  priceRow.spot = spot;
  priceRow.strike = strike;
  priceRow.years = years;
  priceRow.rate = rate;
  priceRow.dividendYield = dividendYield;
  priceRow.vol = vol;
  bsmKernel(priceRow, 0, 1, false, rowPrice, null);
  return rowPrice[0] ?? Number.NaN;
}

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

