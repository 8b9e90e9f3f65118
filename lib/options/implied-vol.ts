/**
 * Implied volatility of a European option price under Black-Scholes-Merton, to double precision, or a
 * {@link NoImpliedVolatility} saying why there is none. Argument order (right, price, spot, strike, years,
 * rate, dividendYield); units as in black-scholes.ts; the result is an annualised decimal volatility.
 */
import type { Column } from "./bsm-kernel";
import { expm1 as expm1Import, log as logImport } from "./elementary";
import { NoImpliedVolatility, NoImpliedVolatilityReason } from "./errors";
import {
  NORMALISED_ABOVE_MAXIMUM as ABOVE_MAXIMUM,
  NORMALISED_BELOW_INTRINSIC as BELOW_INTRINSIC,
  NORMALISED_NO_TIME_VALUE as NO_TIME_VALUE,
  normalisedImpliedVolatility as normalisedImpliedVolatilityImport,
  otmCallImpliedVolatilityInto as otmCallImpliedVolatilityIntoImport,
  SOLVE_ABS_X,
  SOLVE_B_MAX,
  SOLVE_BETA,
  SOLVE_RESULT,
  SOLVE_SLOTS,
} from "./normalised-implied-vol";
import type { OptionRight } from "./types";

// Local bindings: loaders that compile imports to property getters would otherwise run a getter on every
// call in the hot loops below.
const expm1 = expm1Import;
const log = logImport;
const normalisedImpliedVolatility = normalisedImpliedVolatilityImport;
const otmCallImpliedVolatilityInto = otmCallImpliedVolatilityIntoImport;
const NORMALISED_ABOVE_MAXIMUM = ABOVE_MAXIMUM;
const NORMALISED_BELOW_INTRINSIC = BELOW_INTRINSIC;
const NORMALISED_NO_TIME_VALUE = NO_TIME_VALUE;

/** Default smallest time value, as a fraction of spot, that still carries an implied volatility. */
export const DEFAULT_MIN_TIME_VALUE_RATIO = 1e-12;

/** Options of {@link impliedVolatility}. */
export interface ImpliedVolatilityOptions {
  /**
   * Smallest time value (price minus discounted intrinsic value), as a fraction of spot, for which a
   * volatility is returned; below it the answer is NoTimeValue. Default 1e-12.
   */
  minTimeValueRatio?: number;
}

/** An implied volatility (annualised decimal) or the reason there is none. */
export type ImpliedVolatilityResult = { ok: true; vol: number } | { ok: false; error: NoImpliedVolatility };

/** Numeric codes used by the batch API for {@link NoImpliedVolatilityReason} (0 = a volatility was found). */
export const IV_REASON_CODES: readonly (NoImpliedVolatilityReason | null)[] = [
  null,
  NoImpliedVolatilityReason.InvalidInput,
  NoImpliedVolatilityReason.Expired,
  NoImpliedVolatilityReason.BelowIntrinsic,
  NoImpliedVolatilityReason.AboveMaximum,
  NoImpliedVolatilityReason.NoTimeValue,
  NoImpliedVolatilityReason.NotConverged,
];
/**
 * The codes as a const enum, whose members the compiler writes in as numbers in the kernel below (V8 loads
 * a module-level constant from the module's context, with checks, at every use).
 */
const enum Code {
  Ok = 0,
  InvalidInput = 1,
  Expired = 2,
  BelowIntrinsic = 3,
  AboveMaximum = 4,
  NoTimeValue = 5,
  NotConverged = 6,
}
export const IV_OK = Code.Ok;
export const IV_INVALID_INPUT = Code.InvalidInput;
export const IV_EXPIRED = Code.Expired;
export const IV_BELOW_INTRINSIC = Code.BelowIntrinsic;
export const IV_ABOVE_MAXIMUM = Code.AboveMaximum;
export const IV_NO_TIME_VALUE = Code.NoTimeValue;
export const IV_NOT_CONVERGED = Code.NotConverged;

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

const work = new Float64Array(SOLVE_SLOTS);

/**
 * Implied volatilities of rows from … to−1 of the batch into vol[i], with reason[i] = IV_OK, or NaN and the
 * IV_* code saying why there is none. No allocation; the kernel loops over the rows itself because V8
 * would box every double argument of a per-row call.
 */
export function impliedVolatilityKernel(
  batch: PriceBatch,
  from: number,
  to: number,
  minTimeValueRatio: number,
  vol: Float64Array,
  reason: Uint8Array,
): void {
  const { isCall: isCallColumn, price: priceColumn, spot: spotColumn, strike: strikeColumn } = batch;
  const { years: yearsColumn, rate: rateColumn, dividendYield: dividendColumn } = batch;
  // Each column is one array or one number for all rows: decided once, not per row (the unary pluses as in
  // bsmKernel: a scalar of unknown type would make every element read from an array be boxed).
  const prices = typeof priceColumn === "number" ? null : priceColumn;
  const spots = typeof spotColumn === "number" ? null : spotColumn;
  const strikes = typeof strikeColumn === "number" ? null : strikeColumn;
  const yearsArray = typeof yearsColumn === "number" ? null : yearsColumn;
  const rates = typeof rateColumn === "number" ? null : rateColumn;
  const dividends = typeof dividendColumn === "number" ? null : dividendColumn;
  const priceScalar = typeof priceColumn === "number" ? +priceColumn : Number.NaN;
  const spotScalar = typeof spotColumn === "number" ? +spotColumn : Number.NaN;
  const strikeScalar = typeof strikeColumn === "number" ? +strikeColumn : Number.NaN;
  const yearsScalar = typeof yearsColumn === "number" ? +yearsColumn : Number.NaN;
  const rateScalar = typeof rateColumn === "number" ? +rateColumn : Number.NaN;
  const dividendScalar = typeof dividendColumn === "number" ? +dividendColumn : Number.NaN;
  // The imported constants and the work array in locals, loaded once rather than at every use in the loop
  // (| 0 and the unary pluses make them numbers for the optimising compiler, as for the columns above).
  const io = work;
  const betaSlot = SOLVE_BETA | 0;
  const absXSlot = SOLVE_ABS_X | 0;
  const bMaxSlot = SOLVE_B_MAX | 0;
  const resultSlot = SOLVE_RESULT | 0;
  const belowIntrinsic = +NORMALISED_BELOW_INTRINSIC;
  const aboveMaximum = +NORMALISED_ABOVE_MAXIMUM;
  const noTimeValue = +NORMALISED_NO_TIME_VALUE;
  for (let i = from; i < to; i++) {
    const isCall = isCallColumn[i] === 1;
    const price = prices === null ? priceScalar : (prices[i] ?? Number.NaN);
    const spot = spots === null ? spotScalar : (spots[i] ?? Number.NaN);
    const strike = strikes === null ? strikeScalar : (strikes[i] ?? Number.NaN);
    const years = yearsArray === null ? yearsScalar : (yearsArray[i] ?? Number.NaN);
    const rate = rates === null ? rateScalar : (rates[i] ?? Number.NaN);
    const dividendYield = dividends === null ? dividendScalar : (dividends[i] ?? Number.NaN);
    let code = Code.Ok;
    let result = Number.NaN;
    if (
      !(spot > 0) ||
      !(strike > 0) ||
      !(price >= 0) ||
      !Number.isFinite(price) ||
      !Number.isFinite(spot) ||
      !Number.isFinite(strike) ||
      !Number.isFinite(rate) ||
      !Number.isFinite(dividendYield) ||
      Number.isNaN(years) ||
      years === Infinity
    ) {
      code = Code.InvalidInput;
    } else if (!(years > 0)) {
      code = Code.Expired;
    } else {
      // e^(−qT) − 1 and e^(−rT) − 1: exact zeros for the common zero rates, and full precision when small.
      // (Beyond |rate·T| = 1 the plain exponential: e^(−rT) − 1 would round to −1 and lose the discount.)
      const qT = dividendYield * years;
      const rT = rate * years;
      const smallQ = qT < 1 && qT > -1;
      const smallR = rT < 1 && rT > -1;
      const expm1Q = dividendYield === 0 ? 0 : smallQ ? expm1(-qT) : 0;
      const expm1R = rate === 0 ? 0 : smallR ? expm1(-rT) : 0;
      const sd = smallQ ? spot + spot * expm1Q : spot * Math.exp(-qT);
      const kd = smallR ? strike + strike * expm1R : strike * Math.exp(-rT);
      // Discounted intrinsic S·e^(−qT) − K·e^(−rT) as (S − K) + (S·(e^(−qT) − 1) − K·(e^(−rT) − 1)): the
      // large part is exact or nearly so and the small part keeps its relative precision, so that the time
      // value of a deep in-the-money price is not lost to the rounding of the discount factors.
      // Call (1) or put (0), θ and in the money (1) or not (0) as numbers: the choices on them are arithmetic
      // (a·k + b·(1 − k), exact for these finite values) rather than branches, which on a chain in random
      // order the processor would mispredict half the time.
      const split = smallQ && smallR;
      const call = +isCall;
      const sign = 2 * call - 1;
      const near = sign * (split ? spot - strike : sd - kd);
      const far = split ? sign * (spot * expm1Q - strike * expm1R) : 0;
      const inTheMoney = +(near + far > 0);
      const timeValue = price - inTheMoney * near - inTheMoney * far;
      // Rounding noise of an in-the-money price's time value: 4 units of ε·price.
      const noise = inTheMoney * 4 * Number.EPSILON * price;
      if (price >= call * sd + (1 - call) * kd) code = Code.AboveMaximum;
      else if (timeValue < -noise) code = Code.BelowIntrinsic;
      else if (timeValue <= noise || timeValue < minTimeValueRatio * spot) code = Code.NoTimeValue;
      else {
        const x = log(spot / strike) + (rate - dividendYield) * years;
        // An in-the-money option's time value is the price of the out-of-the-money option of the other
        // right (put-call parity): solve for that one, which needs no subtraction. Normalised by √(F·K) and
        // the discount, its value at infinite volatility is b_max = e^{−|x|/2} = √(min/max) of the
        // discounted forward and strike.
        const otmIsCall = call ^ inTheMoney;
        const beta = timeValue / Math.sqrt(sd * kd);
        // (1 unless the signs of x and of the intrinsic value disagree by a rounding at the money.)
        const outOfTheMoney = otmIsCall * +(x <= 0) + (1 - otmIsCall) * +(x >= 0);
        if (outOfTheMoney === 1) {
          const forwardBelow = +(sd < kd);
          const bMax = Math.sqrt((forwardBelow * sd + (1 - forwardBelow) * kd) / (forwardBelow * kd + (1 - forwardBelow) * sd));
          if (!(beta < bMax)) io[resultSlot] = aboveMaximum;
          else if (!(beta > 0)) io[resultSlot] = noTimeValue;
          else {
            io[betaSlot] = beta;
            io[absXSlot] = Math.abs(x);
            io[bMaxSlot] = bMax;
            otmCallImpliedVolatilityInto(io);
          }
        } else {
          // The signs of x and of the intrinsic value disagree by a rounding at the money.
          io[resultSlot] = normalisedImpliedVolatility(beta, x, 2 * otmIsCall - 1);
        }
        // Read back from the typed array whichever branch wrote it: a plain double for the optimising
        // compiler, where a merge of the branches' values (imported constants, a call's result) would be
        // of unknown type and box the solver's result in a heap number.
        const s = io[resultSlot] ?? Number.NaN;
        if (s >= 0) result = s / Math.sqrt(years);
        else if (s === belowIntrinsic) code = Code.BelowIntrinsic;
        else if (s === aboveMaximum) code = Code.AboveMaximum;
        else if (s === noTimeValue) code = Code.NoTimeValue;
        else code = Code.NotConverged;
      }
    }
    vol[i] = code === Code.Ok ? result : Number.NaN;
    reason[i] = code;
  }
}

/** The one row that the scalar functions hand to the kernel, and where its result comes back. */
const row: PriceBatch = { isCall: new Uint8Array(1), price: NaN, spot: NaN, strike: NaN, years: NaN, rate: NaN, dividendYield: NaN };
const rowVol = new Float64Array(1);
const rowReason = new Uint8Array(1);

/**
 * Implied volatility of one contract without allocation: returns the volatility (≥ 0), or −code with one
 * of the IV_* codes above when there is none.
 */
export function impliedVolatilityCode(
  isCall: boolean,
  price: number,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  dividendYield: number,
  minTimeValueRatio: number,
): number {
  row.isCall[0] = isCall ? 1 : 0;
  row.price = price;
  row.spot = spot;
  row.strike = strike;
  row.years = years;
  row.rate = rate;
  row.dividendYield = dividendYield;
  impliedVolatilityKernel(row, 0, 1, minTimeValueRatio, rowVol, rowReason);
  const code = rowReason[0] ?? IV_NOT_CONVERGED;
  return code === IV_OK ? (rowVol[0] ?? Number.NaN) : -code;
}

const MESSAGES: Record<NoImpliedVolatilityReason, string> = {
  [NoImpliedVolatilityReason.InvalidInput]:
    "No implied volatility: price, spot, strike, time and rates must be finite, with spot and strike > 0 and price ≥ 0.",
  [NoImpliedVolatilityReason.Expired]: "No implied volatility: the option has expired (no time left).",
  [NoImpliedVolatilityReason.BelowIntrinsic]:
    "No implied volatility: the price is below the discounted intrinsic value (no volatility gives it).",
  [NoImpliedVolatilityReason.AboveMaximum]:
    "No implied volatility: the price is at or above its value at infinite volatility.",
  [NoImpliedVolatilityReason.NoTimeValue]:
    "No implied volatility: the price has no meaningful time value over its intrinsic value.",
  [NoImpliedVolatilityReason.NotConverged]: "No implied volatility: the solver did not converge.",
};

/** The NoImpliedVolatility error for a batch reason code (1…6). */
export function noImpliedVolatilityFromCode(code: number): NoImpliedVolatility {
  const reason = IV_REASON_CODES[code] ?? NoImpliedVolatilityReason.NotConverged;
  return new NoImpliedVolatility(reason, MESSAGES[reason]);
}

/**
 * Implied volatility (annualised decimal) of a European option's price, accurate to double precision.
 * @param right "call" or "put"
 * @param price option price per share, in currency
 * @param spot underlying price (> 0)
 * @param strike strike (> 0)
 * @param years time to expiry in years (> 0)
 * @param rate risk-free rate, continuously compounded, decimal
 * @param dividendYield continuous dividend yield, decimal
 * @returns `{ ok: true, vol }`, or `{ ok: false, error }` with a NoImpliedVolatility whose code says why
 * (invalid input, expired, below intrinsic, above maximum, no time value).
 */
export function impliedVolatility(
  right: OptionRight,
  price: number,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  dividendYield: number,
  options: ImpliedVolatilityOptions = {},
): ImpliedVolatilityResult {
  const v = impliedVolatilityCode(
    right === "call",
    price,
    spot,
    strike,
    years,
    rate,
    dividendYield,
    options.minTimeValueRatio ?? DEFAULT_MIN_TIME_VALUE_RATIO,
  );
  if (v >= 0) return { ok: true, vol: v };
  return { ok: false, error: noImpliedVolatilityFromCode(-v) };
}

/** As {@link impliedVolatility}, but returns the volatility or throws the NoImpliedVolatility. */
export function impliedVolatilityOrThrow(
  right: OptionRight,
  price: number,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  dividendYield: number,
  options: ImpliedVolatilityOptions = {},
): number {
  const result = impliedVolatility(right, price, spot, strike, years, rate, dividendYield, options);
  if (!result.ok) throw result.error;
  return result.vol;
}
