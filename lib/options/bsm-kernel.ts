/**
 * The one Black-Scholes-Merton kernel behind bsmPrice, bsmGreeks and the batch APIs, so that a price is the
 * same to the last bit whichever of them computes it. Argument order and units as in black-scholes.ts.
 *
 * With x = ln(F/K) = ln(S/K) + (r − q)T and s = σ√T, the out-of-the-money option (the call when x ≤ 0,
 * the put when x > 0) is worth A·Φ(u) − B·Φ(v) with u = −|x|/s + s/2, v = u − s and A ≤ B the discounted
 * forward S·e^(−qT) and strike K·e^(−rT) in increasing order; an in-the-money option is the discounted
 * intrinsic value plus that (put-call parity). The normal probabilities Φ(±d1), Φ(±d2) and the density
 * φ(d1) that the greeks need are the same Φ(u), Φ(v) and e^{−u²/2}: one exponential and two rational
 * functions serve the price and every greek. Where A·Φ(u) − B·Φ(v) would cancel (u ≤ 0.85) the price comes
 * from the normalised Black function instead (normalised-black.ts), fed the same exponential.
 */
import {
  gaussianFactor as gaussianFactorImport,
  normLowerTail as normLowerTailImport,
} from "./normal";
import { normalisedOtmCallFromVega as normalisedOtmCallFromVegaImport } from "./normalised-black";

// Local bindings: loaders that compile imports to property getters would otherwise run a getter on every
// call in the hot paths below.
const gaussianFactor = gaussianFactorImport;
const normLowerTail = normLowerTailImport;
const normalisedOtmCallFromVega = normalisedOtmCallFromVegaImport;

const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
/** Above this u the out-of-the-money price A·Φ(u) − B·Φ(v) is dominated by its first term. */
const PLAIN_U = 0.85;

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
/** Number of slots written by {@link bsmKernel}. */
export const GREEK_SLOTS = 9;

/**
 * Price per share of a European option; with `out`, also writes price, delta, gamma, vega, theta (per
 * year), rho, vanna, charm (per year) and the probability of expiring in the money into
 * out[offset … offset+8]. No validation and no allocation; NaN inputs give NaN. At vol·√T = 0 (expiry or
 * zero vol) the values are the limits: the discounted intrinsic value, delta a step (½ exactly at the
 * money), gamma, vega and vanna 0.
 * @returns the price (the same value as out[offset])
 */
export function bsmKernel(
  isCall: boolean,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  dividendYield: number,
  vol: number,
  out: Float64Array | null,
  offset: number,
): number {
  const sqrtT = Math.sqrt(years);
  const s = vol * sqrtT;
  // e^(−qT) − 1 and e^(−rT) − 1: exact zeros for the common zero rates, and full precision when small.
  const expm1Q = dividendYield === 0 ? 0 : Math.expm1(-dividendYield * years);
  const expm1R = rate === 0 ? 0 : Math.expm1(-rate * years);
  const sd = spot + spot * expm1Q;
  const kd = strike + strike * expm1R;
  const x = Math.log(spot / strike) + (rate - dividendYield) * years;
  const inTheMoney = isCall ? x > 0 : x < 0;
  // The discounted intrinsic value S·e^(−qT) − K·e^(−rT) as (S − K) + (S·(e^(−qT) − 1) − K·(e^(−rT) − 1)):
  // the rounding of the discount factors stays within ε of the price (not of the spot), which keeps deep
  // in-the-money prices invertible to their implied volatility.
  const callIntrinsic = spot - strike + (spot * expm1Q - strike * expm1R);
  const intrinsic = isCall ? callIntrinsic : -callIntrinsic;
  if (!(s > 0)) {
    const price = s === s ? (inTheMoney && intrinsic > 0 ? intrinsic : 0) : Number.NaN;
    if (out !== null) expiryLimits(isCall, x, price, years, rate, dividendYield, 1 + expm1Q, sd, kd, out, offset);
    return price;
  }

  const h = -Math.abs(x) / s;
  const t = 0.5 * s;
  const u = h + t;
  const v = h - t;
  const eu = gaussianFactor(u);
  // A ≤ B: the discounted forward and the discounted strike in increasing order; e^{−v²/2} = e^{−u²/2}·A/B.
  const smallLeg = x > 0 ? kd : sd;
  const largeLeg = x > 0 ? sd : kd;
  const ratio = smallLeg / largeLeg;
  const plain = u > PLAIN_U;
  let tailU = 0;
  let tailV = 0;
  let ev = 0;
  if (plain || out !== null) {
    ev = eu * ratio;
    tailU = normLowerTail(Math.abs(u), eu);
    tailV = normLowerTail(-v, ev);
  }
  let otm: number;
  if (plain) {
    otm = smallLeg * (1 - tailU) - largeLeg * tailV;
  } else {
    // e^{−(h²+t²)/2} = e^{−u²/2}·e^{−|x|/2}.
    const vega = ONE_OVER_SQRT_TWO_PI * eu * Math.sqrt(ratio);
    otm = Math.sqrt(sd * kd) * normalisedOtmCallFromVega(h, t, vega);
  }
  let price = inTheMoney ? intrinsic + otm : otm;
  if (!(price > 0)) price = price === price ? 0 : price;
  if (out === null) return price;

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
  const dq = 1 + expm1Q;
  const decay = -(sd * nd1 * vol) / (2 * sqrtT);
  const charmDiffusion = (dq * nd1 * (2 * (rate - dividendYield) * years - d2 * s)) / (2 * years * s);
  out[offset + GREEK_PRICE] = price;
  out[offset + GREEK_GAMMA] = (dq * nd1) / (spot * s);
  out[offset + GREEK_VEGA] = sd * nd1 * sqrtT;
  out[offset + GREEK_VANNA] = (-dq * nd1 * d2) / vol;
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
  return price;
}

/** Greeks at s = σ√T = 0: the limits of the formulas above (delta a step, no gamma, vega or vanna). */
function expiryLimits(
  isCall: boolean,
  x: number,
  price: number,
  years: number,
  rate: number,
  dividendYield: number,
  dq: number,
  sd: number,
  kd: number,
  out: Float64Array,
  offset: number,
): void {
  const step = x > 0 ? 1 : x < 0 ? 0 : 0.5;
  // Φ(θ·d1) = Φ(θ·d2) in the limit.
  const tail = isCall ? step : 1 - step;
  const theta = isCall ? 1 : -1;
  out[offset + GREEK_PRICE] = price;
  out[offset + GREEK_DELTA] = theta * dq * tail;
  out[offset + GREEK_GAMMA] = 0;
  out[offset + GREEK_VEGA] = 0;
  out[offset + GREEK_THETA] = theta * (dividendYield * sd - rate * kd) * tail;
  out[offset + GREEK_RHO] = theta * years * kd * tail;
  out[offset + GREEK_VANNA] = 0;
  out[offset + GREEK_CHARM] = theta * dividendYield * dq * tail;
  out[offset + GREEK_PROB_ITM] = tail;
}
