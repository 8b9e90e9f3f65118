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
 * (one allocation each), which costs as much as the arithmetic.
 */
import { erfcxFromGaussian as erfcxFromGaussianImport, gaussianFactor as gaussianFactorImport } from "./normal";
import { normalisedOtmCallSeries as normalisedOtmCallSeriesImport } from "./normalised-black";

// Local bindings: loaders that compile imports to property getters would otherwise run a getter on every
// call in the hot paths below.
const gaussianFactor = gaussianFactorImport;
const erfcxFromGaussian = erfcxFromGaussianImport;
const normalisedOtmCallSeries = normalisedOtmCallSeriesImport;

const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
const ONE_OVER_SQRT_TWO = 0.7071067811865476;
/** The region boundaries of normalised-black.ts (h = −|x|/s, t = s/2, u = h + t). */
const ASYMPTOTIC_H = -10;
const SMALL_T = 2 * Math.pow(Number.EPSILON, 1 / 16);
/** Above this u the out-of-the-money price A·Φ(u) − B·Φ(v) is dominated by its first term. */
const PLAIN_U = 0.85;

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
  for (let i = from; i < to; i++) {
    const isCall = isCallColumn[i] === 1;
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
    const x = Math.log(spot / strike) + (rate - dividendYield) * years;
    const inTheMoney = isCall ? x > 0 : x < 0;
    // The discounted intrinsic value S·e^(−qT) − K·e^(−rT) as (S − K) + (S·(e^(−qT) − 1) − K·(e^(−rT) − 1)):
    // the rounding of the discount factors stays within ε of the price (not of the spot), which keeps deep
    // in-the-money prices invertible to their implied volatility.
    const callIntrinsic =
      smallQ && smallR ? spot - strike + (spot * expm1Q - strike * expm1R) : sd - kd;
    const intrinsic = isCall ? callIntrinsic : -callIntrinsic;
    const sign = isCall ? 1 : -1;

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
    const smallLeg = x > 0 ? kd : sd;
    const largeLeg = x > 0 ? sd : kd;
    // (e^{−|x|} itself when both legs underflow to zero, where the price is zero.)
    const ratio = largeLeg > 0 ? smallLeg / largeLeg : Math.exp(-Math.abs(x));
    const ev = eu * ratio;
    // Φ(−|u|) and Φ(v) (v < 0), from erfcx at |u|/√2 and −v/√2.
    const small = t < SMALL_T || (h < ASYMPTOTIC_H && u < SMALL_T + ASYMPTOTIC_H);
    const xu = !small || greeks !== null ? erfcxFromGaussian(Math.abs(u) * ONE_OVER_SQRT_TWO, eu) : 0;
    const tailU = 0.5 * eu * xu;
    let tailV = 0;
    let otm: number;
    if (!small) {
      // Regions 3 and 4 of normalised-black.ts, from the same two values of erfcx that give Φ(u) and Φ(v).
      const xv = erfcxFromGaussian(-v * ONE_OVER_SQRT_TWO, ev);
      tailV = 0.5 * ev * xv;
      if (u > PLAIN_U) {
        otm = smallLeg * (1 - tailU) - largeLeg * tailV;
      } else {
        // b = √(π/2)·vega·[erfcx(−u/√2) − erfcx(−v/√2)], with erfcx(−y) = 2e^{y²} − erfcx(y) for u > 0,
        // and the price √(A·B)·√(π/2)·vega = A·e^{−u²/2}/2 times the bracket.
        otm = 0.5 * smallLeg * eu * ((u > 0 ? 2 / eu - xu : xu) - xv);
      }
    } else {
      const halfForward = Math.sqrt(ratio);
      const b = normalisedOtmCallSeries(h, t, ONE_OVER_SQRT_TWO_PI * eu * halfForward);
      // √(A·B) = B·√(A/B): no overflow of A·B.
      otm = largeLeg * halfForward * b;
      // Φ(v) from b = e^{x/2}·Φ(u) − e^{−x/2}·Φ(v) (x = −|x| here), which subtracts the small b from the
      // larger first term.
      if (greeks !== null) tailV = halfForward * (halfForward * (u > 0 ? 1 - tailU : tailU) - b);
    }
    if (otm < 0) otm = 0;
    let value = inTheMoney ? intrinsic + otm : otm;
    if (value < 0) value = 0;
    if (greeks === null) {
      price[i] = value;
      continue;
    }

    // Back to d1 = x/s + s/2 and d2 = d1 − s: for x ≤ 0, (d1, d2) = (u, v); for x > 0, (−v, −u).
    const forwardAbove = x > 0;
    const d1 = forwardAbove ? -v : u;
    const d2 = forwardAbove ? -u : v;
    const lower1 = forwardAbove ? tailV : tailU;
    const lower2 = forwardAbove ? tailU : tailV;
    const nd1 = ONE_OVER_SQRT_TWO_PI * (forwardAbove ? ev : eu);
    // Φ(d) is the lower tail for d < 0 and its complement otherwise; a put needs Φ(−d).
    const tail1 = isCall === d1 < 0 ? lower1 : 1 - lower1;
    const tail2 = isCall === d2 < 0 ? lower2 : 1 - lower2;
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
