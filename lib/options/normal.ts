/**
 * The error function family and the standard normal distribution, to full double precision.
 *
 * erf, erfc and erfcx use W. J. Cody's rational Chebyshev approximations (Math. Comp. 1969), evaluated on
 * three intervals of |x|: [0, 0.46875], (0.46875, 4] and (4, ∞). exp(−x²) takes the rounding error of x² as
 * a correction to the exponential's argument, so that it does not leak into the result.
 *
 * The numbers in these functions are written where they are used: V8 does not fold a module-level constant
 * into optimised code but loads it from the module's context, with checks, at every use, which in the
 * pricing loops costs as much as the arithmetic.
 */
import { expWithCorrection as expWithCorrectionImport, squareError as squareErrorImport } from "./kernel/elementary";

// Local bindings: loaders that compile imports to property getters would otherwise run a getter on every
// call in the hot paths below.
const expWithCorrection = expWithCorrectionImport;
const squareError = squareErrorImport;

export const SQRT_TWO_PI = 2.5066282746310002;
export const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
export const ONE_OVER_SQRT_TWO = 0.7071067811865476;

/** erf(x) on |x| ≤ 0.46875: Cody's rational function of x². */
function erfSmall(x: number): number {
  const y = Math.abs(x);
  // Below 1.11e-16, erf(x) = x·2/√π to double precision.
  const ysq = y > 1.11e-16 ? y * y : 0;
  let num = 0.18577770618460315 * ysq;
  let den = ysq;
  num = (num + 3.1611237438705656) * ysq;
  den = (den + 23.601290952344122) * ysq;
  num = (num + 113.86415415105016) * ysq;
  den = (den + 244.02463793444417) * ysq;
  num = (num + 377.485237685302) * ysq;
  den = (den + 1282.6165260773723) * ysq;
  return (x * (num + 3209.3775891384694)) / (den + 2844.236833439171);
}

/**
 * erfcx(y) for 0.46875 < y ≤ 4: Cody's degree-8 rational function. Both polynomials are evaluated in
 * Estrin's scheme (pairs, then pairs of pairs) rather than Horner's, which halves the chain of dependent
 * operations; every coefficient and every power of y is positive, so the rounding is as small either way.
 */
function erfcxMid(y: number): number {
  const y2 = y * y;
  const y4 = y2 * y2;
  const num =
    1230.3393547979972 +
    2051.0783778260716 * y +
    (1712.0476126340707 + 881.9522212417691 * y) * y2 +
    (298.6351381974001 + 66.11919063714163 * y + (8.883149794388377 + 0.5641884969886701 * y) * y2) * y4 +
    2.1531153547440383e-8 * (y4 * y4);
  const den =
    1230.3393548037495 +
    3439.3676741437216 * y +
    (4362.619090143247 + 3290.7992357334597 * y) * y2 +
    (1621.3895745666903 + 537.1811018620099 * y + (117.6939508913125 + 15.744926110709835 * y) * y2) * y4 +
    y4 * y4;
  return num / den;
}

/** erfcx(y) for y > 4: Cody's rational function of 1/y²; 1/(y√π) to double precision beyond 6.71e7. */
function erfcxLarge(y: number): number {
  if (y >= 6.71e7) return 0.5641895835477563 / y;
  const z = 1 / (y * y);
  let num = 0.016315387137302097 * z;
  let den = z;
  num = (num + 0.30532663496123236) * z;
  den = (den + 2.568520192289822) * z;
  num = (num + 0.36034489994980445) * z;
  den = (den + 1.8729528499234604) * z;
  num = (num + 0.12578172611122926) * z;
  den = (den + 0.5279051029514285) * z;
  num = (num + 0.016083785148742275) * z;
  den = (den + 0.06051834131244132) * z;
  const r = (z * (num + 6.587491615298378e-4)) / (den + 0.0023352049762686918);
  return (0.5641895835477563 - r) / y;
}

/** exp(−y²) without the rounding error of y², from one exponential (0 beyond y² = 1500, where it underflows). */
function expMinusSquare(y: number): number {
  const p = y * y;
  if (!(p < 1500)) return p === p ? 0 : Number.NaN;
  return expWithCorrection(-p, -squareError(y, p));
}

/** exp(+y²) without the rounding error of y², from one exponential (∞ beyond y² = 1500). */
function expSquare(y: number): number {
  const p = y * y;
  if (!(p < 1500)) return p === p ? Infinity : Number.NaN;
  return expWithCorrection(p, squareError(y, p));
}

/** The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt. */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) return erfSmall(x);
  // erfc underflows to 0 beyond 26.543.
  const c = y <= 4 ? expMinusSquare(y) * erfcxMid(y) : y < 26.543 ? expMinusSquare(y) * erfcxLarge(y) : 0;
  return x < 0 ? c - 1 : 1 - c;
}

/** The complementary error function erfc(x) = 1 − erf(x), accurate in relative terms for large x. */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) return 1 - erfSmall(x);
  let c: number;
  if (y <= 4) c = expMinusSquare(y) * erfcxMid(y);
  else if (y < 26.543) c = expMinusSquare(y) * erfcxLarge(y);
  else c = 0;
  return x < 0 ? 2 - c : c;
}

/** The scaled complementary error function erfcx(x) = exp(x²)·erfc(x); ≈ 1/(x√π) for large x. */
export function erfcx(x: number): number {
  const y = Math.abs(x);
  let c: number;
  if (y <= 0.46875) {
    c = Math.exp(x * x) * (1 - erfSmall(x));
    return c;
  }
  if (y <= 4) c = erfcxMid(y);
  else c = erfcxLarge(y);
  if (x >= 0) return c;
  // Below −26.628, erfcx(x) = 2·exp(x²) overflows.
  if (x < -26.628) return Number.MAX_VALUE;
  const e = expSquare(y);
  return e + e - c;
}

/** Standard normal density φ(z) = exp(−z²/2)/√(2π). */
export function normPdf(z: number): number {
  return 0.3989422804014327 * Math.exp(-0.5 * z * z);
}

/** φ(z) with the exponent split so that large |z| keeps full relative precision. */
export function normPdfAccurate(z: number): number {
  return 0.3989422804014327 * expMinusHalfSquare(z);
}

/** exp(−z²/2) without the rounding error of z² (the same as {@link gaussianFactor}). */
export function expMinusHalfSquare(z: number): number {
  return gaussianFactor(z);
}

/** erf(y) for |y| ≤ 0.46875 (Cody's first interval: one rational function of y², no exponential). */
export function erfNearZero(y: number): number {
  return erfSmall(y);
}

/**
 * erfcx(y) for y > 0.46875 (Cody's second and third rational functions, no exponential): erfcx without the
 * branches and exponentials of the other arguments, for callers that only have these.
 */
export function erfcxAbove(y: number): number {
  return y <= 4 ? erfcxMid(y) : erfcxLarge(y);
}

/**
 * Cody's rational function at y ≥ 0 as it comes: erfc(y) = 1 − erf(y) up to 0.46875, erfcx(y) beyond; the
 * caller scales the one it gets (no exponential here). One call for both, so that it is inlined wherever
 * it is used, however often either side is taken.
 */
export function erfcOrErfcx(y: number): number {
  return y <= 0.46875 ? 1 - erfSmall(y) : y <= 4 ? erfcxMid(y) : erfcxLarge(y);
}

/**
 * erfcx(y) = e^{y²}·erfc(y) for y ≥ 0 from e^{−y²}, which the caller already has: Cody's rational functions
 * beyond 0.46875 (which need no exponential), (1 − erf(y))/e^{−y²} below.
 */
export function erfcxFromGaussian(y: number, expMinusY2: number): number {
  if (y <= 0.46875) return (1 - erfSmall(y)) / expMinusY2;
  return y <= 4 ? erfcxMid(y) : erfcxLarge(y);
}

/**
 * Φ(−|z|), the lower tail, given e^{−z²/2} (so that callers who already have it pay no further exp):
 * ½ − ½·erf(|z|/√2) near zero, ½·e^{−z²/2}·erfcx(|z|/√2) beyond.
 */
export function normLowerTail(absZ: number, expMinusHalfZ2: number): number {
  const y = absZ * 0.7071067811865476;
  if (y <= 0.46875) return 0.5 - 0.5 * erfSmall(y);
  if (y >= 26.543) return 0;
  return 0.5 * expMinusHalfZ2 * (y <= 4 ? erfcxMid(y) : erfcxLarge(y));
}

/**
 * e^{−z²/2} from one exponential, with the rounding error of z² put back (to first order, which is exact
 * to well within an ulp), so that large |z| keeps full relative precision.
 */
export function gaussianFactor(z: number): number {
  const p = z * z;
  if (!(p < 1500)) return p === p ? 0 : Number.NaN;
  return expWithCorrection(-0.5 * p, -0.5 * squareError(z, p));
}

/**
 * e^{−(h²+t²)/2} from one exponential, with the rounding errors of h² and t² put back as in
 * {@link gaussianFactor}.
 */
export function gaussianFactor2(h: number, t: number): number {
  const ph = h * h;
  const pt = t * t;
  const p = ph + pt;
  if (!(p < 1500)) return p === p ? 0 : Number.NaN;
  // h² + t² = p + error: the squares' rounding errors and the sum's, which (larger − p) + smaller gives
  // exactly.
  const sumError = ph > pt ? ph - p + pt : pt - p + ph;
  const error = squareError(h, ph) + squareError(t, pt) + sumError;
  return expWithCorrection(-0.5 * p, -0.5 * error);
}

/** Standard normal distribution function Φ(z), accurate in relative terms in the lower tail. */
export function normCdf(z: number): number {
  const a = Math.abs(z);
  const tail = normLowerTail(a, a * 0.7071067811865476 <= 0.46875 ? 1 : gaussianFactor(a));
  return z < 0 ? tail : 1 - tail;
}

/** Lower-tail rational approximation of Φ⁻¹(p) for 0 < p < 0.02425. */
function inverseNormTail(p: number): number {
  const q = Math.sqrt(-2 * Math.log(p));
  return (
    (((((-0.007784894002430293 * q - 0.3223964580411365) * q - 2.400758277161838) * q - 2.549732539343734) * q +
      4.374664141464968) *
      q +
      2.938163982698783) /
    ((((0.007784695709041462 * q + 0.3224671290700398) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1)
  );
}

/**
 * A fast approximation of Φ⁻¹(p) (P. J. Acklam's rational approximation, relative error below 1.2e-9),
 * for starting values: the central rational function between the tails at 0.02425 and 1 − 0.02425.
 * Returns −∞ for p ≤ 0 and +∞ for p ≥ 1.
 */
export function inverseNormCdfFast(p: number): number {
  if (!(p > 0)) return -Infinity;
  if (!(p < 1)) return Infinity;
  if (p < 0.02425) return inverseNormTail(p);
  if (p > 1 - 0.02425) return -inverseNormTail(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((-39.69683028665376 * r + 220.9460984245205) * r - 275.9285104469687) * r + 138.357751867269) * r -
      30.66479806614716) *
      r +
      2.506628277459239) *
      q) /
    (((((-54.47609879822406 * r + 161.5858368580409) * r - 155.6989798598866) * r + 66.80131188771972) * r -
      13.28068155288572) *
      r +
      1)
  );
}

/**
 * The standard normal quantile Φ⁻¹(p) to full double precision: the fast approximation refined by one
 * Halley step on Φ(z) − p. Returns −∞ for p ≤ 0, +∞ for p ≥ 1 and NaN for NaN.
 */
export function inverseNormCdf(p: number): number {
  if (Number.isNaN(p)) return NaN;
  const z = inverseNormCdfFast(p);
  if (!Number.isFinite(z)) return z;
  // Refine on the smaller tail so that the residual keeps its relative precision.
  const e = z <= 0 ? normCdf(z) - p : 1 - p - normCdf(-z);
  const u = e / normPdfAccurate(z);
  return z - u / (1 + 0.5 * z * u);
}
