/**
 * Batch APIs over typed arrays, for whole chains at once. Inputs are columns: a Float64Array with one value
 * per contract, or a single number shared by all. Outputs are written into caller-supplied (or newly made)
 * Float64Arrays; nothing is allocated per contract. Units as in black-scholes.ts. Invalid rows give NaN.
 */
import { bsmPriceUnchecked as bsmPriceUncheckedImport } from "./black-scholes";
import {
  bsmGreeksInto as bsmGreeksIntoImport,
  GREEK_CHARM as CHARM,
  GREEK_DELTA as DELTA,
  GREEK_GAMMA as GAMMA,
  GREEK_PRICE as PRICE,
  GREEK_PROB_ITM as PROB_ITM,
  GREEK_RHO as RHO,
  GREEK_SLOTS as SLOTS,
  GREEK_THETA as THETA,
  GREEK_VANNA as VANNA,
  GREEK_VEGA as VEGA,
} from "./greeks";
import {
  DEFAULT_MIN_TIME_VALUE_RATIO,
  IV_OK as OK,
  impliedVolatilityCode as impliedVolatilityCodeImport,
} from "./implied-vol";

// Local bindings: loaders that compile imports to property getters would otherwise run a getter on every
// call in the hot loops below.
const bsmPriceUnchecked = bsmPriceUncheckedImport;
const bsmGreeksInto = bsmGreeksIntoImport;
const GREEK_PRICE = PRICE;
const GREEK_DELTA = DELTA;
const GREEK_GAMMA = GAMMA;
const GREEK_VEGA = VEGA;
const GREEK_THETA = THETA;
const GREEK_RHO = RHO;
const GREEK_VANNA = VANNA;
const GREEK_CHARM = CHARM;
const GREEK_PROB_ITM = PROB_ITM;
const GREEK_SLOTS = SLOTS;
const IV_OK = OK;
const impliedVolatilityCode = impliedVolatilityCodeImport;

/** One value per contract, or one value for all. */
export type Column = Float64Array | number;

/** Contracts to price: one entry per contract in `isCall` (1 = call, 0 = put). */
export interface OptionBatch {
  isCall: Uint8Array;
  /** Underlying price (> 0). */
  spot: Column;
  /** Strike (> 0). */
  strike: Column;
  /** Time to expiry, years (≥ 0). */
  years: Column;
  /** Risk-free rate, continuously compounded, decimal. */
  rate: Column;
  /** Continuous dividend yield, decimal. */
  dividendYield: Column;
  /** Annualised volatility, decimal (≥ 0). */
  vol: Column;
}

/** Greeks per contract and per share; each array has one entry per contract. Units as on Greeks. */
export interface GreeksColumns {
  price: Float64Array;
  delta: Float64Array;
  gamma: Float64Array;
  /** Per 1.00 of vol. */
  vega: Float64Array;
  /** Per year. */
  theta: Float64Array;
  /** Per 1.00 of rate. */
  rho: Float64Array;
  vanna: Float64Array;
  /** Per year. */
  charm: Float64Array;
  probItm: Float64Array;
}

/** Contracts whose implied volatility is wanted. */
export interface PriceBatch {
  isCall: Uint8Array;
  /** Option price per share. */
  price: Column;
  spot: Column;
  strike: Column;
  years: Column;
  rate: Column;
  dividendYield: Column;
}

function at(column: Column, i: number): number {
  return typeof column === "number" ? column : (column[i] ?? Number.NaN);
}

function validRow(spot: number, strike: number, years: number, rate: number, q: number, vol: number): boolean {
  return (
    spot > 0 &&
    strike > 0 &&
    years >= 0 &&
    vol >= 0 &&
    spot < Infinity &&
    strike < Infinity &&
    years < Infinity &&
    vol < Infinity &&
    Number.isFinite(rate) &&
    Number.isFinite(q)
  );
}

/**
 * Black-Scholes-Merton prices (per share, currency) for every contract of the batch, into `out`
 * (allocated when absent). Returns `out`.
 */
export function bsmPriceBatch(batch: OptionBatch, out?: Float64Array): Float64Array {
  const n = batch.isCall.length;
  const result = out ?? new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const spot = at(batch.spot, i);
    const strike = at(batch.strike, i);
    const years = at(batch.years, i);
    const rate = at(batch.rate, i);
    const q = at(batch.dividendYield, i);
    const vol = at(batch.vol, i);
    result[i] = validRow(spot, strike, years, rate, q, vol)
      ? bsmPriceUnchecked(batch.isCall[i] === 1, spot, strike, years, rate, q, vol)
      : Number.NaN;
  }
  return result;
}

/** Fresh output columns for `n` contracts. */
export function makeGreeksColumns(n: number): GreeksColumns {
  return {
    price: new Float64Array(n),
    delta: new Float64Array(n),
    gamma: new Float64Array(n),
    vega: new Float64Array(n),
    theta: new Float64Array(n),
    rho: new Float64Array(n),
    vanna: new Float64Array(n),
    charm: new Float64Array(n),
    probItm: new Float64Array(n),
  };
}

/**
 * Price and greeks for every contract of the batch (per share; vega per 1.00 of vol, theta and charm per
 * year, rho per 1.00 of rate) into `out` (allocated when absent). Returns `out`.
 */
export function bsmGreeksBatch(batch: OptionBatch, out?: GreeksColumns): GreeksColumns {
  const n = batch.isCall.length;
  const result = out ?? makeGreeksColumns(n);
  const row = new Float64Array(GREEK_SLOTS);
  for (let i = 0; i < n; i++) {
    const spot = at(batch.spot, i);
    const strike = at(batch.strike, i);
    const years = at(batch.years, i);
    const rate = at(batch.rate, i);
    const q = at(batch.dividendYield, i);
    const vol = at(batch.vol, i);
    if (validRow(spot, strike, years, rate, q, vol)) {
      bsmGreeksInto(batch.isCall[i] === 1, spot, strike, years, rate, q, vol, row, 0);
    } else {
      row.fill(Number.NaN);
    }
    result.price[i] = row[GREEK_PRICE] ?? Number.NaN;
    result.delta[i] = row[GREEK_DELTA] ?? Number.NaN;
    result.gamma[i] = row[GREEK_GAMMA] ?? Number.NaN;
    result.vega[i] = row[GREEK_VEGA] ?? Number.NaN;
    result.theta[i] = row[GREEK_THETA] ?? Number.NaN;
    result.rho[i] = row[GREEK_RHO] ?? Number.NaN;
    result.vanna[i] = row[GREEK_VANNA] ?? Number.NaN;
    result.charm[i] = row[GREEK_CHARM] ?? Number.NaN;
    result.probItm[i] = row[GREEK_PROB_ITM] ?? Number.NaN;
  }
  return result;
}

/** Result of {@link impliedVolatilityBatch}. */
export interface ImpliedVolatilityColumns {
  /** Annualised decimal volatility, NaN where there is none. */
  vol: Float64Array;
  /** 0 where a volatility was found, else the index into IV_REASON_CODES saying why not. */
  reason: Uint8Array;
}

/**
 * Implied volatilities for every contract of the batch, into `out` (allocated when absent). Where there is
 * none, vol is NaN and reason holds the code (see IV_REASON_CODES). minTimeValueRatio as in
 * impliedVolatility (default 1e-12 of spot).
 */
export function impliedVolatilityBatch(
  batch: PriceBatch,
  out?: ImpliedVolatilityColumns,
  minTimeValueRatio: number = DEFAULT_MIN_TIME_VALUE_RATIO,
): ImpliedVolatilityColumns {
  const n = batch.isCall.length;
  const result = out ?? { vol: new Float64Array(n), reason: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    const v = impliedVolatilityCode(
      batch.isCall[i] === 1,
      at(batch.price, i),
      at(batch.spot, i),
      at(batch.strike, i),
      at(batch.years, i),
      at(batch.rate, i),
      at(batch.dividendYield, i),
      minTimeValueRatio,
    );
    if (v >= 0) {
      result.vol[i] = v;
      result.reason[i] = IV_OK;
    } else {
      result.vol[i] = Number.NaN;
      result.reason[i] = -v;
    }
  }
  return result;
}
