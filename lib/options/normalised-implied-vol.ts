/**
 * Implied total volatility of the normalised Black function, after P. Jäckel's "Let's Be Rational" (2015):
 * a starting value from rational cubic interpolations on four branches of the price curve (two of them on
 * transformed coordinates that make the curve nearly linear), then third-order Householder steps on an
 * objective chosen per branch so that it is close to linear in s. One or two steps reach double precision.
 */
import {
  inverseNormCdfFast as inverseNormCdfFastImport,
  normCdf as normCdfImport,
  normPdf as normPdfImport,
} from "./normal";
import {
  normalisedBlackCallWithVega as normalisedBlackCallWithVegaImport,
  normalisedIntrinsicCall as normalisedIntrinsicCallImport,
  normalisedVega as normalisedVegaImport,
} from "./normalised-black";
import {
  controlForLeftCurvature as controlForLeftCurvatureImport,
  controlForRightCurvature as controlForRightCurvatureImport,
  rationalCubicInterpolation as rationalCubicInterpolationImport,
} from "./rational-cubic";

// Local bindings: loaders that compile imports to property getters would otherwise run a getter on every
// call in the hot loops below.
const inverseNormCdfFast = inverseNormCdfFastImport;
const normCdf = normCdfImport;
const normPdf = normPdfImport;
const normalisedBlackCallWithVega = normalisedBlackCallWithVegaImport;
const normalisedIntrinsicCall = normalisedIntrinsicCallImport;
const normalisedVega = normalisedVegaImport;
const controlForLeftCurvature = controlForLeftCurvatureImport;
const controlForRightCurvature = controlForRightCurvatureImport;
const rationalCubicInterpolation = rationalCubicInterpolationImport;

/** Result codes of {@link normalisedImpliedVolatility} below zero. */
export const NORMALISED_BELOW_INTRINSIC = -1;
export const NORMALISED_ABOVE_MAXIMUM = -2;
export const NORMALISED_NO_TIME_VALUE = -3;
export const NORMALISED_INVALID = -4;

const SQRT_THREE = 1.7320508075688772;
const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
const TWO_PI_OVER_SQRT_27 = 1.2091995761561452;
/**
 * A Householder step this small (relative to s) leaves an error far below one ulp after it: the iteration
 * converges cubically and, measured over the whole domain, a step of 1e-4 already does.
 */
const CONVERGED_STEP = 1e-5;
/** Hard cap for the rare starts far from the root (bracketing takes over). */
const MAXIMUM_ITERATIONS = 40;

const LOWEST = 0;
const MIDDLE = 1;
const UPPER = 2;

/** Optional diagnostics of one solve. */
export interface NormalisedSolveStats {
  iterations: number;
}

/**
 * The lower map f(s) = (2π|x|/√27)·Φ(z)³ with z = −|x|/(√3·s): equal to b(x, s) to leading order as s → 0
 * and invertible in closed form. Returns f, then writes f' and f'' (in s) into `out`.
 */
function lowerMap(ax: number, s: number, out: Float64Array): number {
  const z = -ax / (SQRT_THREE * s);
  const phi = normCdf(z);
  const density = normPdf(z);
  const c = TWO_PI_OVER_SQRT_27 * ax;
  out[0] = 3 * c * phi * phi * density * (-z / s);
  out[1] = ((3 * c * phi * density) / (s * s)) * ((2 * density - z * phi) * z * z + 2 * z * phi);
  return c * phi * phi * phi;
}

/** s from the lower map's value f (inverse of {@link lowerMap}). */
function inverseLowerMap(ax: number, f: number): number {
  const p = Math.cbrt(f / (TWO_PI_OVER_SQRT_27 * ax));
  const z = inverseNormCdfFast(p);
  return -ax / (SQRT_THREE * z);
}

const scratch = new Float64Array(2);

/**
 * Implied total volatility s = σ·√T ≥ 0 such that b(θ·x, s) = β, to double precision.
 * β is the normalised price (price / (discount·√(F·K))), x = ln(F/K), θ = +1 for a call and −1 for a put.
 * Returns a negative code when there is none: {@link NORMALISED_BELOW_INTRINSIC} (β below the normalised
 * intrinsic value), {@link NORMALISED_ABOVE_MAXIMUM} (β at or above e^{θx/2}, the price at infinite
 * volatility), {@link NORMALISED_NO_TIME_VALUE} (β equals the intrinsic value), {@link NORMALISED_INVALID}.
 */
export function normalisedImpliedVolatility(
  beta: number,
  x: number,
  theta: number,
  stats?: NormalisedSolveStats,
): number {
  if (!(beta >= 0) || !Number.isFinite(beta) || !Number.isFinite(x)) return NORMALISED_INVALID;
  let q = theta < 0 ? -1 : 1;
  let b = beta;
  if (q * x > 0) {
    b = beta - normalisedIntrinsicCall(q * x);
    q = -q;
  }
  const xr = q < 0 ? -x : x;
  if (b < 0) return NORMALISED_BELOW_INTRINSIC;
  if (b === 0) return NORMALISED_NO_TIME_VALUE;
  if (b >= Math.exp(0.5 * xr)) return NORMALISED_ABOVE_MAXIMUM;
  return outOfTheMoneyCallVolatility(b, xr, stats);
}

/** Solve b(x, s) = β for an out-of-the-money call (x ≤ 0, 0 < β < e^{x/2}). */
function outOfTheMoneyCallVolatility(beta: number, x: number, stats?: NormalisedSolveStats): number {
  const ax = -x;
  const bMax = Math.exp(0.5 * x);
  const sc = Math.sqrt(2 * ax);
  // At the inflection point s_c = √(2|x|), h + t = 0: b_c = e^{x/2}/2 − e^{−x/2}·Φ(−s_c) and the vega is
  // e^{x/2}/√(2π).
  const bc = Math.max(0.5 * bMax - normCdf(-sc) / bMax, 0);
  const vc = ONE_OVER_SQRT_TWO_PI * bMax;
  let s: number;
  let sLeft = 0;
  let sRight = Infinity;
  let kind: number;
  if (beta < bc) {
    const sl = sc - bc / vc;
    const bl = sl > 0 ? normalisedBlackCallWithVega(x, sl, scratch) : 0;
    const vl = sl > 0 ? (scratch[0] ?? 0) : normalisedVega(x, sl);
    const wl = (x * x) / (sl * sl * sl) - 0.25 * sl;
    sRight = sc;
    if (beta < bl) {
      const fl = lowerMap(ax, sl, scratch);
      const fp = scratch[0] ?? 0;
      const fpp = scratch[1] ?? 0;
      const dfl = fp / vl;
      const d2fl = (fpp - fp * wl) / (vl * vl);
      const r = controlForRightCurvature(0, bl, 0, fl, 1, dfl, d2fl);
      let f = rationalCubicInterpolation(beta, 0, bl, 0, fl, 1, dfl, r);
      if (!(f > 0)) {
        const u = beta / bl;
        f = (fl * u + bl * (1 - u)) * u;
      }
      s = inverseLowerMap(ax, f);
      sRight = sl;
      kind = LOWEST;
    } else {
      const r = controlForLeftCurvature(bl, bc, sl, sc, 1 / vl, 1 / vc, -wl / (vl * vl));
      s = rationalCubicInterpolation(beta, bl, bc, sl, sc, 1 / vl, 1 / vc, r);
      sLeft = sl;
      kind = MIDDLE;
    }
  } else {
    const sh = vc > Number.MIN_VALUE ? sc + (bMax - bc) / vc : Number.MAX_VALUE;
    const bh = normalisedBlackCallWithVega(x, sh, scratch);
    const vh = scratch[0] ?? 0;
    const wh = (x * x) / (sh * sh * sh) - 0.25 * sh;
    sLeft = sc;
    if (beta <= bh) {
      const r = controlForRightCurvature(bc, bh, sc, sh, 1 / vc, 1 / vh, -wh / (vh * vh));
      s = rationalCubicInterpolation(beta, bc, bh, sc, sh, 1 / vc, 1 / vh, r);
      sRight = sh;
      kind = beta > 0.5 * bMax ? UPPER : MIDDLE;
    } else {
      const fh = normCdf(-0.5 * sh);
      const density = normPdf(0.5 * sh);
      const fp = -0.5 * density;
      const fpp = 0.125 * sh * density;
      const dfh = fp / vh;
      const d2fh = (fpp - fp * wh) / (vh * vh);
      const r = controlForLeftCurvature(bh, bMax, fh, 0, dfh, -0.5, d2fh);
      let f = rationalCubicInterpolation(beta, bh, bMax, fh, 0, dfh, -0.5, r);
      if (!(f > 0)) f = 0.5 * (bMax - beta);
      s = -2 * inverseNormCdfFast(f);
      sLeft = sh;
      kind = UPPER;
    }
  }
  return householder(beta, x, bMax, s, sLeft, sRight, kind, stats);
}

/**
 * Third-order Householder iteration on g(s) = 0, where g is 1/ln b − 1/ln β (lowest branch), b − β
 * (middle) or ln(b_max − β) − ln(b_max − b) (upper). With ν = −g/g', h₂ = g''/g', h₃ = g'''/g' the step is
 * ν·(1 + h₂ν/2)/(1 + ν(h₂ + h₃ν/6)). Derivatives follow from b' (vega), w = b''/b' = x²/s³ − s/4 and
 * b'''/b' = w² + w' with w' = −3x²/s⁴ − 1/4. The root stays bracketed; a step that leaves the bracket is
 * replaced by bisection.
 */
function householder(
  beta: number,
  x: number,
  bMax: number,
  start: number,
  left: number,
  right: number,
  kind: number,
  stats?: NormalisedSolveStats,
): number {
  let s = start;
  let sLeft = left;
  let sRight = right;
  const lnBeta = kind === LOWEST ? Math.log(beta) : 0;
  const upperBeta = bMax - beta;
  const x2 = x * x;
  let iterations = 0;
  for (; iterations < MAXIMUM_ITERATIONS; iterations++) {
    if (!(s > sLeft && s < sRight)) s = sRight < Infinity ? 0.5 * (sLeft + sRight) : Math.max(2 * sLeft, 1);
    const b = normalisedBlackCallWithVega(x, s, scratch);
    const v = scratch[0] ?? 0;
    if (b > beta) sRight = s;
    else if (b < beta) sLeft = s;
    else break;
    const s2 = s * s;
    const w = x2 / (s2 * s) - 0.25 * s;
    const wp = (-3 * x2) / (s2 * s2) - 0.25;
    let nu: number;
    let h2: number;
    let h3: number;
    if (kind === LOWEST) {
      if (!(b > 0) || !(v > 0)) {
        s = Number.NaN;
        continue;
      }
      const lnB = Math.log(b);
      const p = v / b;
      const wmp = w - p;
      nu = ((lnBeta - lnB) * lnB) / (lnBeta * p);
      h2 = wmp - (2 * p) / lnB;
      h3 = (6 * p * p) / (lnB * lnB) - (6 * p * wmp) / lnB + wmp * (w - 2 * p) + wp;
    } else if (kind === UPPER) {
      const u = bMax - b;
      if (!(u > 0) || !(v > 0)) {
        s = Number.NaN;
        continue;
      }
      const m = v / u;
      nu = Math.log(u / upperBeta) / m;
      h2 = m + w;
      h3 = 2 * m * m + 3 * m * w + w * w + wp;
    } else {
      if (!(v > 0)) {
        s = Number.NaN;
        continue;
      }
      nu = (beta - b) / v;
      h2 = w;
      h3 = w * w + wp;
    }
    const factor = (1 + 0.5 * h2 * nu) / (1 + nu * (h2 + (h3 * nu) / 6));
    const ds = factor > 0 && Number.isFinite(factor) ? nu * factor : nu;
    const next = s + ds;
    if (next > sLeft && next < sRight) {
      s = next;
      if (Math.abs(ds) <= CONVERGED_STEP * s) {
        iterations++;
        break;
      }
    } else if (Math.abs(ds) <= CONVERGED_STEP * s) {
      // The root is within this tiny step of s, at the edge of the bracket: s is the answer.
      iterations++;
      break;
    } else {
      s = Number.NaN;
    }
  }
  if (stats) stats.iterations = iterations;
  return s;
}
