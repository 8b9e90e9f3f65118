/**
 * Batch APIs over typed arrays, for whole chains at once. Inputs are columns: a Float64Array with one value
 * per contract, or a single number shared by all. Outputs are written into caller-supplied (or newly made)
 * Float64Arrays; nothing is allocated per contract. Units as in black-scholes.ts. Invalid rows give NaN.
 */
import {
  bsmKernel as bsmKernelImport,
  makeGreeksColumns,
  type Column,
  type GreeksColumns,
  type OptionBatch,
} from "./kernel/bsm-kernel";
import { DEFAULT_MIN_TIME_VALUE_RATIO } from "./implied-vol";
import { impliedVolatilityKernel as impliedVolatilityKernelImport, type PriceBatch } from "./kernel/implied-vol-kernel";

// Local bindings: loaders that compile imports to property getters would otherwise run a getter on every
// call in the hot loops below.
const bsmKernel = bsmKernelImport;
const impliedVolatilityKernel = impliedVolatilityKernelImport;

export { makeGreeksColumns, type Column, type GreeksColumns, type OptionBatch, type PriceBatch };

/**
 * Black-Scholes-Merton prices (per share, currency) for every contract of the batch, into `out`
 * (allocated when absent). Returns `out`.
 */
export function bsmPriceBatch(batch: OptionBatch, out?: Float64Array): Float64Array {
  const n = batch.isCall.length;
  const result = out ?? new Float64Array(n);
  bsmKernel(batch, 0, n, true, result, null);
  return result;
}

/**
 * Price and greeks for every contract of the batch (per share; vega per 1.00 of vol, theta and charm per
 * year, rho per 1.00 of rate) into `out` (allocated when absent). Returns `out`.
 */
export function bsmGreeksBatch(batch: OptionBatch, out?: GreeksColumns): GreeksColumns {
  const n = batch.isCall.length;
  const result = out ?? makeGreeksColumns(n);
  bsmKernel(batch, 0, n, true, result.price, result);
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
  impliedVolatilityKernel(batch, 0, n, minTimeValueRatio, result.vol, result.reason);
  return result;
}
