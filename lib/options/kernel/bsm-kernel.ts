/**
 * The one Black-Scholes-Merton kernel behind bsmPrice, bsmGreeks and the batch APIs, so that a price is the
 * same to the last bit whichever of them computes it. Argument order and units as in black-scholes.ts.
 *
 * With x = ln(F/K) = ln(S/K) + (r − q)T and s = σ√T, the out-of-the-money option (the call when x ≤ 0,
 * the put when x > 0) is worth A·Φ(u) − B·Φ(v) with u = −|x|/s + s/2, v = u − s and A ≤ B the discounted
 * forward S·e^(−qT) and strike K·e^(−rT) in increasing order; an in-the-money option is the discounted
 * intrinsic value plus that (put-call parity). The normal probabilities Φ(±d1), Φ(±d2) and the density
 * φ(d1) that the greeks need are the same Φ(u), Φ(v) and e^{−u²/2}, so one exponential serves the price and
 * every greek. Where the price takes erfcx at u and v (regions 3 and 4 of normalised-black.ts) the same two
 * values give Φ(u) and Φ(v); in the other regions, where A·Φ(u) − B·Φ(v) would cancel, the price comes from
 * the normalised Black function (fed the same exponential), Φ(u) from one erfcx and Φ(v) from the price.
 *
 * The kernel loops over a range of rows itself: called once per row, V8 would box every double argument
 * (one allocation each), which costs as much as the arithmetic. What it does per row is shaped by how V8
 * compiles it: the series and erfcx regions are evaluated by functions of their own, called through a table
 * (see ROW_REGIONS) and exchanging doubles through a typed array, so that each inlines its erfcx; choices
 * between two values on call or put and on the sign of x are arithmetic rather than branches; and numeric
 * constants are locals, not module-level constants.
 */
import { log as logImport } from "./elementary";
import {
  erfcOrErfcx as erfcOrErfcxImport,
  erfcxFromGaussian as erfcxFromGaussianImport,
  gaussianFactor as gaussianFactorImport,
} from "../normal";
import { normalisedOtmCallSeries as normalisedOtmCallSeriesImport } from "./normalised-black";

// Local bindings: loaders that compile imports to property getters would otherwise run a getter on every
// call in the hot paths below.
const log = logImport;
const gaussianFactor = gaussianFactorImport;
const erfcOrErfcx = erfcOrErfcxImport;
const erfcxFromGaussian = erfcxFromGaussianImport;
const normalisedOtmCallSeries = normalisedOtmCallSeriesImport;

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
 * Prices per share of rows from … to−1 of the batch into price[i] and, when `greeks` is given, price,
 * delta, gamma, vega (per 1.00 of vol), theta (per year), rho (per 1.00 of rate), vanna, charm (per year)
 * and the probability of expiring in the money into its columns at i. No allocation. With `validate`, rows
 * outside the BSM domain give NaN everywhere; without it NaN inputs give NaN. At vol·√T = 0 (expiry or zero
 * vol) the values are the limits: the discounted intrinsic value, delta a step (½ exactly at the money),
 * gamma, vega and vanna 0.
 */
export function bsmKernel(
  batch: OptionBatch,
  from: number,
  to: number,
  validate: boolean,
  price: Float64Array,
  greeks: GreeksColumns | null,
): void {
  const { isCall: isCallColumn, spot: spotColumn, strike: strikeColumn, years: yearsColumn } = batch;
  const { rate: rateColumn, dividendYield: dividendColumn, vol: volColumn } = batch;
  // Each column is one array or one number for all rows: decided once, not per row.
  const spots = typeof spotColumn === "number" ? null : spotColumn;
  const strikes = typeof strikeColumn === "number" ? null : strikeColumn;
  const yearsArray = typeof yearsColumn === "number" ? null : yearsColumn;
  const rates = typeof rateColumn === "number" ? null : rateColumn;
  const dividends = typeof dividendColumn === "number" ? null : dividendColumn;
  const vols = typeof volColumn === "number" ? null : volColumn;
  // The unary pluses tell the optimising compiler that a scalar column is a number: without them the choice
  // below between the scalar (of unknown type to the compiler) and an array's element is a tagged value, and
  // every element read would be boxed in a new heap number.
  const spotScalar = typeof spotColumn === "number" ? +spotColumn : Number.NaN;
  const strikeScalar = typeof strikeColumn === "number" ? +strikeColumn : Number.NaN;
  const yearsScalar = typeof yearsColumn === "number" ? +yearsColumn : Number.NaN;
  const rateScalar = typeof rateColumn === "number" ? +rateColumn : Number.NaN;
  const dividendScalar = typeof dividendColumn === "number" ? +dividendColumn : Number.NaN;
  const volScalar = typeof volColumn === "number" ? +volColumn : Number.NaN;
  // The output columns, looked up once (without greeks they are never written).
  const deltaOut = greeks === null ? price : greeks.delta;
  const gammaOut = greeks === null ? price : greeks.gamma;
  const vegaOut = greeks === null ? price : greeks.vega;
  const thetaOut = greeks === null ? price : greeks.theta;
  const rhoOut = greeks === null ? price : greeks.rho;
  const vannaOut = greeks === null ? price : greeks.vanna;
  const charmOut = greeks === null ? price : greeks.charm;
  const probItmOut = greeks === null ? price : greeks.probItm;
  const priceOut = greeks === null ? price : greeks.price;
  // The constants as locals: V8 loads a module-level constant from the module's context, with checks, at
  // every use. The region boundaries of normalised-black.ts (h = −|x|/s, t = s/2, u = h + t): region 1 for
  // h < ASYMPTOTIC_H with u < ASYMPTOTIC_H + SMALL_T, region 2 for t < SMALL_T = 2·ε^(1/16).
  const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
  const ASYMPTOTIC_H = -10;
  const SMALL_T = 0.21022410381342865;
  // The region evaluators and their slots, loaded once.
  const io = rowIo;
  const regions = ROW_REGIONS;
  io[Io.WithGreeks] = greeks === null ? 0 : 1;
  for (let i = from; i < to; i++) {
    const isCall = isCallColumn[i] === 1;
    // Call (1) or put (0) and the sign θ, as numbers: the choices that depend on them below are arithmetic
    // (a·k + b·(1 − k) with k 0 or 1, exact for the finite values of a row that gets this far) rather than
    // branches, which on a chain in random order the processor would mispredict half the time.
    const call = +isCall;
    const sign = 2 * call - 1;
    const spot = spots === null ? spotScalar : (spots[i] ?? Number.NaN);
    const strike = strikes === null ? strikeScalar : (strikes[i] ?? Number.NaN);
    const years = yearsArray === null ? yearsScalar : (yearsArray[i] ?? Number.NaN);
    const rate = rates === null ? rateScalar : (rates[i] ?? Number.NaN);
    const dividendYield = dividends === null ? dividendScalar : (dividends[i] ?? Number.NaN);
    const vol = vols === null ? volScalar : (vols[i] ?? Number.NaN);
    if (validate && !validRow(spot, strike, years, rate, dividendYield, vol)) {
      price[i] = Number.NaN;
      if (greeks !== null) {
        const nan = Number.NaN;
        writeGreeks(greeks, i, nan, nan, nan, nan, nan, nan, nan, nan, nan);
      }
      continue;
    }
    const sqrtT = Math.sqrt(years);
    const s = vol * sqrtT;
    // e^(−qT) − 1 and e^(−rT) − 1: exact zeros for the common zero rates, and full precision when small.
    // (Beyond |rate·T| = 1 the plain exponential: e^(−rT) − 1 would round to −1 and lose the discount.)
    const qT = dividendYield * years;
    const rT = rate * years;
    const smallQ = qT < 1 && qT > -1;
    const smallR = rT < 1 && rT > -1;
    const expm1Q = dividendYield === 0 ? 0 : smallQ ? Math.expm1(-qT) : 0;
    const expm1R = rate === 0 ? 0 : smallR ? Math.expm1(-rT) : 0;
    const dq = smallQ ? 1 + expm1Q : Math.exp(-qT);
    const sd = smallQ ? spot + spot * expm1Q : spot * dq;
    const kd = smallR ? strike + strike * expm1R : strike * Math.exp(-rT);
    const x = log(spot / strike) + (rate - dividendYield) * years;
    const inTheMoney = sign * x > 0;
    // The discounted intrinsic value S·e^(−qT) − K·e^(−rT) as (S − K) + (S·(e^(−qT) − 1) − K·(e^(−rT) − 1)):
    // the rounding of the discount factors stays within ε of the price (not of the spot), which keeps deep
    // in-the-money prices invertible to their implied volatility.
    const callIntrinsic =
      smallQ && smallR ? spot - strike + (spot * expm1Q - strike * expm1R) : sd - kd;
    const intrinsic = sign * callIntrinsic;

    if (!(s > 0) || s === Infinity) {
      // The limits. σ√T = 0: Φ(θ·d1) = Φ(θ·d2) is a step in x, ½ at the money, and the price the
      // intrinsic value. σ√T = ∞ (vol·√T overflows): d1 = ∞, d2 = −∞, and the price the upper bound.
      const infinite = s === Infinity;
      const value = infinite
        ? isCall
          ? sd
          : kd
        : s === s
          ? inTheMoney && intrinsic > 0
            ? intrinsic
            : 0
          : Number.NaN;
      price[i] = value;
      if (greeks !== null) {
        const step = x > 0 ? 1 : x < 0 ? 0 : 0.5;
        const tail1 = infinite ? (isCall ? 1 : 0) : isCall ? step : 1 - step;
        const tail2 = infinite ? 1 - tail1 : tail1;
        const theta = sign * (dividendYield * sd * tail1 - rate * kd * tail2);
        const rho = sign * years * kd * tail2;
        const charm = sign * dividendYield * dq * tail1;
        writeGreeks(greeks, i, value, sign * dq * tail1, 0, 0, theta, rho, 0, charm, tail2);
      }
      continue;
    }

    // A correctly rounded h: its error comes back multiplied by h² in e^{−h²/2}.
    const h = -Math.abs(x) / s;
    const t = 0.5 * s;
    const u = h + t;
    const v = h - t;
    const eu = gaussianFactor(u);
    // A ≤ B: the discounted forward and the discounted strike in increasing order; e^{−v²/2} = e^{−u²/2}·A/B
    // and the normalised vega e^{−(h²+t²)/2}/√(2π) = e^{−u²/2}·√(A/B)/√(2π).
    const above = +(x > 0);
    const below = 1 - above;
    const smallLeg = above * kd + below * sd;
    const largeLeg = above * sd + below * kd;
    // (e^{−|x|} itself when both legs underflow to zero, where the price is zero.)
    const ratio = largeLeg > 0 ? smallLeg / largeLeg : Math.exp(-Math.abs(x));
    const ev = eu * ratio;
    // The out-of-the-money price, Φ(−|u|) and Φ(v) (v < 0) from the region's evaluator, through rowIo.
    const series = t < SMALL_T || (h < ASYMPTOTIC_H && u < SMALL_T + ASYMPTOTIC_H);
    io[Io.H] = h;
    io[Io.T] = t;
    io[Io.Eu] = eu;
    io[Io.Ratio] = ratio;
    io[Io.Small] = smallLeg;
    io[Io.Large] = largeLeg;
    regions[series ? Kind.Series : Kind.Difference]?.();
    let otm = io[Io.Otm] ?? Number.NaN;
    const tailU = io[Io.TailU] ?? Number.NaN;
    const tailV = io[Io.TailV] ?? Number.NaN;
    if (otm < 0) otm = 0;
    let value = otm + +inTheMoney * intrinsic;
    if (value < 0) value = 0;
    if (greeks === null) {
      price[i] = value;
      continue;
    }

    // Back to d1 = x/s + s/2 and d2 = d1 − s: for x ≤ 0, (d1, d2) = (u, v); for x > 0, (−v, −u).
    const d1 = below * u - above * v;
    const d2 = below * v - above * u;
    const lower1 = above * tailV + below * tailU;
    const lower2 = above * tailU + below * tailV;
    const nd1 = ONE_OVER_SQRT_TWO_PI * (above * ev + below * eu);
    // Φ(d) is the lower tail for d < 0 and its complement otherwise; a put needs Φ(−d).
    const lowerTail1 = +(call === +(d1 < 0));
    const lowerTail2 = +(call === +(d2 < 0));
    const tail1 = lowerTail1 * lower1 + (1 - lowerTail1) * (1 - lower1);
    const tail2 = lowerTail2 * lower2 + (1 - lowerTail2) * (1 - lower2);
    // With 1/√T = vol/s and 1/T = (vol/s)², one division (by spot) besides 1/s.
    const inverseS = 1 / s;
    const volOverS = vol * inverseS;
    const decay = -0.5 * sd * nd1 * vol * volOverS;
    const charmDiffusion = 0.5 * dq * nd1 * (2 * (rate - dividendYield) * years - d2 * s) * inverseS * volOverS * volOverS;
    priceOut[i] = value;
    deltaOut[i] = sign * dq * tail1;
    gammaOut[i] = (dq * nd1 * inverseS) / spot;
    vegaOut[i] = sd * nd1 * sqrtT;
    thetaOut[i] = decay - sign * (rate * kd * tail2 - dividendYield * sd * tail1);
    rhoOut[i] = sign * years * kd * tail2;
    vannaOut[i] = -dq * nd1 * d2 * sqrtT * inverseS;
    charmOut[i] = sign * dividendYield * dq * tail1 - charmDiffusion;
    probItmOut[i] = tail2;
  }
}

/**
 * One row's normalised-black evaluation: h, t, e^{−u²/2}, A/B and the legs A ≤ B in, the out-of-the-money
 * price, Φ(−|u|) and Φ(v) out, through the slots of rowIo (doubles through a typed array: V8 would box them
 * as arguments and results of a call it does not inline).
 */
const enum Io {
  H,
  T,
  Eu,
  Ratio,
  Small,
  Large,
  /** 1 when the caller wants the greeks (Φ(u) and Φ(v)), else 0. */
  WithGreeks,
  Otm,
  TailU,
  TailV,
  /** erfcx at |u|/√2 and −v/√2, the erfcx rows' own. */
  Xu,
  Xv,
  Count,
}
const rowIo = new Float64Array(Io.Count);

/**
 * Regions 1 and 2 of normalised-black.ts: the price from the series and, for the greeks, Φ(u) from one erfcx
 * and Φ(v) from the price: b = e^{x/2}·Φ(u) − e^{−x/2}·Φ(v) (x = −|x| here), which subtracts the small b
 * from the larger first term.
 */
function seriesRow(): void {
  const io = rowIo;
  const h = io[Io.H] ?? Number.NaN;
  const t = io[Io.T] ?? Number.NaN;
  const eu = io[Io.Eu] ?? Number.NaN;
  const halfForward = Math.sqrt(io[Io.Ratio] ?? Number.NaN);
  // The normalised vega e^{−(h²+t²)/2}/√(2π) = e^{−u²/2}·√(A/B)/√(2π).
  const b = normalisedOtmCallSeries(h, t, 0.3989422804014327 * eu * halfForward);
  // √(A·B) = B·√(A/B): no overflow of A·B.
  io[Io.Otm] = (io[Io.Large] ?? Number.NaN) * halfForward * b;
  if (io[Io.WithGreeks] === 1) {
    const u = h + t;
    // Φ(−|u|) = erfc(y)/2 with y = |u|/√2: from erf itself in Cody's first interval, else e^{−u²/2}·erfcx(y)/2.
    const y = Math.abs(u) * 0.7071067811865476;
    const rational = erfcOrErfcx(y);
    const tailU = y <= 0.46875 ? 0.5 * rational : 0.5 * eu * rational;
    io[Io.TailU] = tailU;
    io[Io.TailV] = halfForward * (halfForward * (u > 0 ? 1 - tailU : tailU) - b);
  }
}

/**
 * Regions 3 and 4 of normalised-black.ts, from the same two values of erfcx, at |u|/√2 and −v/√2, that give
 * Φ(−|u|) and Φ(v). Above u = 0.85 the price A·Φ(u) − B·Φ(v) is dominated by its first term (region 3);
 * below it b = √(π/2)·vega·[erfcx(−u/√2) − erfcx(−v/√2)], with erfcx(−y) = 2e^{y²} − erfcx(y) for u > 0,
 * and the price √(A·B)·√(π/2)·vega = A·e^{−u²/2}/2 times the bracket.
 */
function differenceRow(): void {
  const io = rowIo;
  const h = io[Io.H] ?? Number.NaN;
  const t = io[Io.T] ?? Number.NaN;
  const eu = io[Io.Eu] ?? Number.NaN;
  const small = io[Io.Small] ?? Number.NaN;
  const u = h + t;
  const ev = eu * (io[Io.Ratio] ?? Number.NaN);
  // erfcx at |u|/√2 and at −v/√2 from one call site, so that the optimising compiler inlines erfcx once
  // (twice would not fit its inlining budget).
  for (let k = 0; k < 2; k++) {
    io[Io.Xu + k] = erfcxFromGaussian((k === 0 ? Math.abs(u) : t - h) * 0.7071067811865476, k === 0 ? eu : ev);
  }
  const xu = io[Io.Xu] ?? Number.NaN;
  const xv = io[Io.Xv] ?? Number.NaN;
  const tailU = 0.5 * eu * xu;
  const tailV = 0.5 * ev * xv;
  io[Io.TailU] = tailU;
  io[Io.TailV] = tailV;
  io[Io.Otm] =
    u > 0.85 ? small * (1 - tailU) - (io[Io.Large] ?? Number.NaN) * tailV : 0.5 * small * eu * ((u > 0 ? 2 / eu - xu : xu) - xv);
}

/**
 * The evaluators by kind of row. The kernel calls them from one call site through this table: a call site
 * with more than one target is not inlined by the optimising compiler, so each evaluator is compiled on its
 * own, with its erfcx inlined, instead of in the kernel, whose inlining budget would not hold them.
 */
const enum Kind {
  Series = 0,
  Difference = 1,
}
const ROW_REGIONS: readonly (() => void)[] = [seriesRow, differenceRow];

/** Stores one row of greeks (rows at the limits and invalid rows). */
function writeGreeks(
  out: GreeksColumns,
  i: number,
  price: number,
  delta: number,
  gamma: number,
  vega: number,
  theta: number,
  rho: number,
  vanna: number,
  charm: number,
  probItm: number,
): void {
  out.price[i] = price;
  out.delta[i] = delta;
  out.gamma[i] = gamma;
  out.vega[i] = vega;
  out.theta[i] = theta;
  out.rho[i] = rho;
  out.vanna[i] = vanna;
  out.charm[i] = charm;
  out.probItm[i] = probItm;
}
