/**
 * The error function family and the standard normal distribution, to full double precision.
 *
 * erf, erfc and erfcx use W. J. Cody's rational Chebyshev approximations (Math. Comp. 1969), evaluated on
 * three intervals of |x|: [0, 0.46875], (0.46875, 4] and (4, ∞). exp(−x²) is split as exp(−x_h²)·exp(−(x−x_h)(x+x_h))
 * with x_h = x rounded down to 1/16, so that the square's rounding error does not leak into the result.
 */

const ERF_A0 = 3.1611237438705656;
const ERF_A1 = 113.86415415105016;
const ERF_A2 = 377.485237685302;
const ERF_A3 = 3209.3775891384694;
const ERF_A4 = 0.18577770618460315;
const ERF_B0 = 23.601290952344122;
const ERF_B1 = 244.02463793444417;
const ERF_B2 = 1282.6165260773723;
const ERF_B3 = 2844.236833439171;

const ERFC_C0 = 0.5641884969886701;
const ERFC_C1 = 8.883149794388377;
const ERFC_C2 = 66.11919063714163;
const ERFC_C3 = 298.6351381974001;
const ERFC_C4 = 881.9522212417691;
const ERFC_C5 = 1712.0476126340707;
const ERFC_C6 = 2051.0783778260716;
const ERFC_C7 = 1230.3393547979972;
const ERFC_C8 = 2.1531153547440383e-8;
const ERFC_D0 = 15.744926110709835;
const ERFC_D1 = 117.6939508913125;
const ERFC_D2 = 537.1811018620099;
const ERFC_D3 = 1621.3895745666903;
const ERFC_D4 = 3290.7992357334597;
const ERFC_D5 = 4362.619090143247;
const ERFC_D6 = 3439.3676741437216;
const ERFC_D7 = 1230.3393548037495;

const ERFC_P0 = 0.30532663496123236;
const ERFC_P1 = 0.36034489994980445;
const ERFC_P2 = 0.12578172611122926;
const ERFC_P3 = 0.016083785148742275;
const ERFC_P4 = 6.587491615298378e-4;
const ERFC_P5 = 0.016315387137302097;
const ERFC_Q0 = 2.568520192289822;
const ERFC_Q1 = 1.8729528499234604;
const ERFC_Q2 = 0.5279051029514285;
const ERFC_Q3 = 0.06051834131244132;
const ERFC_Q4 = 0.0023352049762686918;

const ONE_OVER_SQRT_PI = 0.5641895835477563;
const THRESHOLD = 0.46875;
/** Below this, erf(x) = x·2/√π to double precision. */
const X_SMALL = 1.11e-16;
/** Beyond this erfc underflows to 0. */
const X_BIG = 26.543;
/** Beyond this erfcx(x) = 1/(x√π) to double precision. */
const X_HUGE = 6.71e7;
/** Below −this, erfcx(x) = 2·exp(x²) overflows. */
const X_NEG = -26.628;

export const SQRT_TWO_PI = 2.5066282746310002;
export const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
export const ONE_OVER_SQRT_TWO = 0.7071067811865476;

/** erf(x)·(something) on |x| ≤ 0.46875: returns erf(x). */
function erfSmall(x: number): number {
  const y = Math.abs(x);
  const ysq = y > X_SMALL ? y * y : 0;
  let num = ERF_A4 * ysq;
  let den = ysq;
  num = (num + ERF_A0) * ysq;
  den = (den + ERF_B0) * ysq;
  num = (num + ERF_A1) * ysq;
  den = (den + ERF_B1) * ysq;
  num = (num + ERF_A2) * ysq;
  den = (den + ERF_B2) * ysq;
  return (x * (num + ERF_A3)) / (den + ERF_B3);
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
    ERFC_C7 +
    ERFC_C6 * y +
    (ERFC_C5 + ERFC_C4 * y) * y2 +
    (ERFC_C3 + ERFC_C2 * y + (ERFC_C1 + ERFC_C0 * y) * y2) * y4 +
    ERFC_C8 * (y4 * y4);
  const den =
    ERFC_D7 + ERFC_D6 * y + (ERFC_D5 + ERFC_D4 * y) * y2 + (ERFC_D3 + ERFC_D2 * y + (ERFC_D1 + ERFC_D0 * y) * y2) * y4 + y4 * y4;
  return num / den;
}

/** erfcx(y) for y > 4. */
function erfcxLarge(y: number): number {
  if (y >= X_HUGE) return ONE_OVER_SQRT_PI / y;
  const z = 1 / (y * y);
  let num = ERFC_P5 * z;
  let den = z;
  num = (num + ERFC_P0) * z;
  den = (den + ERFC_Q0) * z;
  num = (num + ERFC_P1) * z;
  den = (den + ERFC_Q1) * z;
  num = (num + ERFC_P2) * z;
  den = (den + ERFC_Q2) * z;
  num = (num + ERFC_P3) * z;
  den = (den + ERFC_Q3) * z;
  const r = (z * (num + ERFC_P4)) / (den + ERFC_Q4);
  return (ONE_OVER_SQRT_PI - r) / y;
}

/** Veltkamp's splitter 2²⁷ + 1: c − (c − y) with c = SPLITTER·y keeps the high 26 bits of y. */
const SPLITTER = 134217729;
/** Beyond this y² the exponentials below underflow to 0 (or overflow to ∞). */
const SQUARE_LIMIT = 1500;

/**
 * The rounding error of y·y: y² = (y·y) + squareError(y, y·y) exactly (Dekker's product with Veltkamp's
 * split), so that exp(∓y²) = exp(∓y·y)·(1 ∓ error) to well within an ulp.
 */
function squareError(y: number, p: number): number {
  const c = SPLITTER * y;
  const high = c - (c - y);
  const low = y - high;
  return high * high - p + 2 * high * low + low * low;
}

/** exp(−y²) without the rounding error of y², from one exponential. */
function expMinusSquare(y: number): number {
  const p = y * y;
  if (!(p < SQUARE_LIMIT)) return p === p ? 0 : Number.NaN;
  return Math.exp(-p) * (1 - squareError(y, p));
}

/** exp(+y²) without the rounding error of y², from one exponential. */
function expSquare(y: number): number {
  const p = y * y;
  if (!(p < SQUARE_LIMIT)) return p === p ? Infinity : Number.NaN;
  return Math.exp(p) * (1 + squareError(y, p));
}

/** The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt. */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESHOLD) return erfSmall(x);
  const c = y <= 4 ? expMinusSquare(y) * erfcxMid(y) : y < X_BIG ? expMinusSquare(y) * erfcxLarge(y) : 0;
  return x < 0 ? c - 1 : 1 - c;
}

/** The complementary error function erfc(x) = 1 − erf(x), accurate in relative terms for large x. */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESHOLD) return 1 - erfSmall(x);
  let c: number;
  if (y <= 4) c = expMinusSquare(y) * erfcxMid(y);
  else if (y < X_BIG) c = expMinusSquare(y) * erfcxLarge(y);
  else c = 0;
  return x < 0 ? 2 - c : c;
}

/** The scaled complementary error function erfcx(x) = exp(x²)·erfc(x); ≈ 1/(x√π) for large x. */
export function erfcx(x: number): number {
  const y = Math.abs(x);
  let c: number;
  if (y <= THRESHOLD) {
    c = Math.exp(x * x) * (1 - erfSmall(x));
    return c;
  }
  if (y <= 4) c = erfcxMid(y);
  else c = erfcxLarge(y);
  if (x >= 0) return c;
  if (x < X_NEG) return Number.MAX_VALUE;
  const e = expSquare(y);
  return e + e - c;
}

/** Standard normal density φ(z) = exp(−z²/2)/√(2π). */
export function normPdf(z: number): number {
  return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * z * z);
}

/** φ(z) with the exponent split so that large |z| keeps full relative precision. */
export function normPdfAccurate(z: number): number {
  return ONE_OVER_SQRT_TWO_PI * expMinusHalfSquare(z);
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
 * erfcx(y) = e^{y²}·erfc(y) for y ≥ 0 from e^{−y²}, which the caller already has: Cody's rational functions
 * beyond 0.46875 (which need no exponential), (1 − erf(y))/e^{−y²} below.
 */
export function erfcxFromGaussian(y: number, expMinusY2: number): number {
  if (y <= THRESHOLD) return (1 - erfSmall(y)) / expMinusY2;
  return y <= 4 ? erfcxMid(y) : erfcxLarge(y);
}

/**
 * Φ(−|z|), the lower tail, given e^{−z²/2} (so that callers who already have it pay no further exp):
 * ½ − ½·erf(|z|/√2) near zero, ½·e^{−z²/2}·erfcx(|z|/√2) beyond.
 */
export function normLowerTail(absZ: number, expMinusHalfZ2: number): number {
  const y = absZ * ONE_OVER_SQRT_TWO;
  if (y <= THRESHOLD) return 0.5 - 0.5 * erfSmall(y);
  if (y >= X_BIG) return 0;
  return 0.5 * expMinusHalfZ2 * (y <= 4 ? erfcxMid(y) : erfcxLarge(y));
}

/**
 * e^{−z²/2} from one exponential, with the rounding error of z² put back (to first order, which is exact
 * to well within an ulp), so that large |z| keeps full relative precision.
 */
export function gaussianFactor(z: number): number {
  const p = z * z;
  if (!(p < SQUARE_LIMIT)) return p === p ? 0 : Number.NaN;
  return Math.exp(-0.5 * p) * (1 - 0.5 * squareError(z, p));
}

/**
 * e^{−(h²+t²)/2} from one exponential, with the rounding errors of h² and t² put back as in
 * {@link gaussianFactor}.
 */
export function gaussianFactor2(h: number, t: number): number {
  const ph = h * h;
  const pt = t * t;
  const p = ph + pt;
  if (!(p < SQUARE_LIMIT)) return p === p ? 0 : Number.NaN;
  // h² + t² = p + error: the squares' rounding errors and the sum's, which (larger − p) + smaller gives
  // exactly.
  const sumError = ph > pt ? ph - p + pt : pt - p + ph;
  const error = squareError(h, ph) + squareError(t, pt) + sumError;
  return Math.exp(-0.5 * p) * (1 - 0.5 * error);
}

/** Standard normal distribution function Φ(z), accurate in relative terms in the lower tail. */
export function normCdf(z: number): number {
  const a = Math.abs(z);
  const tail = normLowerTail(a, a * ONE_OVER_SQRT_TWO <= THRESHOLD ? 1 : gaussianFactor(a));
  return z < 0 ? tail : 1 - tail;
}

const INV_A0 = -39.69683028665376;
const INV_A1 = 220.9460984245205;
const INV_A2 = -275.9285104469687;
const INV_A3 = 138.357751867269;
const INV_A4 = -30.66479806614716;
const INV_A5 = 2.506628277459239;
const INV_B0 = -54.47609879822406;
const INV_B1 = 161.5858368580409;
const INV_B2 = -155.6989798598866;
const INV_B3 = 66.80131188771972;
const INV_B4 = -13.28068155288572;
const INV_C0 = -0.007784894002430293;
const INV_C1 = -0.3223964580411365;
const INV_C2 = -2.400758277161838;
const INV_C3 = -2.549732539343734;
const INV_C4 = 4.374664141464968;
const INV_C5 = 2.938163982698783;
const INV_D0 = 0.007784695709041462;
const INV_D1 = 0.3224671290700398;
const INV_D2 = 2.445134137142996;
const INV_D3 = 3.754408661907416;
const INV_P_LOW = 0.02425;

/** Lower-tail rational approximation of Φ⁻¹(p) for 0 < p < 0.02425. */
function inverseNormTail(p: number): number {
  const q = Math.sqrt(-2 * Math.log(p));
  return (
    (((((INV_C0 * q + INV_C1) * q + INV_C2) * q + INV_C3) * q + INV_C4) * q + INV_C5) /
    ((((INV_D0 * q + INV_D1) * q + INV_D2) * q + INV_D3) * q + 1)
  );
}

/**
 * A fast approximation of Φ⁻¹(p) (P. J. Acklam's rational approximation, relative error below 1.2e-9),
 * for starting values. Returns −∞ for p ≤ 0 and +∞ for p ≥ 1.
 */
export function inverseNormCdfFast(p: number): number {
  if (!(p > 0)) return -Infinity;
  if (!(p < 1)) return Infinity;
  if (p < INV_P_LOW) return inverseNormTail(p);
  if (p > 1 - INV_P_LOW) return -inverseNormTail(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((INV_A0 * r + INV_A1) * r + INV_A2) * r + INV_A3) * r + INV_A4) * r + INV_A5) * q) /
    (((((INV_B0 * r + INV_B1) * r + INV_B2) * r + INV_B3) * r + INV_B4) * r + 1)
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
