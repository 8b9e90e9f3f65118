/**
 * The implied-volatility kernel behind ../implied-vol.ts: a batch loop over columns with no allocation, and
 * the scalar path through it. Codes as in iv-codes.ts.
 */
import type { Column } from "./bsm-kernel";
import { expm1 as expm1Import, log as logImport } from "./elementary";
import { IV_ABOVE_MAXIMUM, IV_BELOW_INTRINSIC, IV_EXPIRED, IV_INVALID_INPUT, IV_NO_TIME_VALUE, IV_NOT_CONVERGED, IV_OK } from "./iv-codes";
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

// Local bindings: loaders that compile imports to property getters would otherwise run a getter on every
// call in the hot loops below.
const expm1 = expm1Import;
const log = logImport;
const normalisedImpliedVolatility = normalisedImpliedVolatilityImport;
const otmCallImpliedVolatilityInto = otmCallImpliedVolatilityIntoImport;
const NORMALISED_ABOVE_MAXIMUM = ABOVE_MAXIMUM;
const NORMALISED_BELOW_INTRINSIC = BELOW_INTRINSIC;
const NORMALISED_NO_TIME_VALUE = NO_TIME_VALUE;

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
  const ok = IV_OK | 0;
  const invalidInput = IV_INVALID_INPUT | 0;
  const expired = IV_EXPIRED | 0;
  const belowIntrinsicCode = IV_BELOW_INTRINSIC | 0;
  const aboveMaximumCode = IV_ABOVE_MAXIMUM | 0;
  const noTimeValueCode = IV_NO_TIME_VALUE | 0;
  const notConverged = IV_NOT_CONVERGED | 0;
  for (let i = from; i < to; i++) {
    const isCall = isCallColumn[i] === 1;
    const price = prices === null ? priceScalar : (prices[i] ?? Number.NaN);
    const spot = spots === null ? spotScalar : (spots[i] ?? Number.NaN);
    const strike = strikes === null ? strikeScalar : (strikes[i] ?? Number.NaN);
    const years = yearsArray === null ? yearsScalar : (yearsArray[i] ?? Number.NaN);
    const rate = rates === null ? rateScalar : (rates[i] ?? Number.NaN);
    const dividendYield = dividends === null ? dividendScalar : (dividends[i] ?? Number.NaN);
    let code = ok;
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
      code = invalidInput;
    } else if (!(years > 0)) {
      code = expired;
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
      if (price >= call * sd + (1 - call) * kd) code = aboveMaximumCode;
      else if (timeValue < -noise) code = belowIntrinsicCode;
      else if (timeValue <= noise || timeValue < minTimeValueRatio * spot) code = noTimeValueCode;
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
        else if (s === belowIntrinsic || s === aboveMaximum || s === noTimeValue) code = -s;
        else code = notConverged;
      }
    }
    vol[i] = code === ok ? result : Number.NaN;
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

