/**
 * The normalised Black function and its derivatives in total volatility.
 *
 * With forward F, strike K, x = ln(F/K) and total volatility s = σ·√T, an undiscounted Black call is
 * √(F·K)·b(x, s) where
 *
 *   b(x, s) = e^{x/2}·Φ(x/s + s/2) − e^{−x/2}·Φ(x/s − s/2).
 *
 * A put is b(−x, s) (put–call symmetry of the normalised form). For x ≤ 0 (out of the money), writing
 * h = x/s and t = s/2 and Y(z) = Φ(z)/φ(z), the price is b = φ-prefactor·[Y(h+t) − Y(h−t)] with
 * prefactor e^{−(h²+t²)/2}/√(2π), and Y(z) = √(π/2)·erfcx(−z/√2). Subtracting the two terms directly
 * loses precision where they are close, so four regions are used:
 *
 * 1. h ≪ 0 with h + t ≪ 0: the asymptotic series of Y summed term by term in closed form;
 * 2. small t: the Taylor series of Y(h+t) − Y(h−t) in t (odd powers), its coefficients in closed form;
 * 3. h + t > 0.85: the plain formula, dominated by its first term;
 * 4. elsewhere: the erfcx difference.
 *
 * Each keeps the relative error within a few units in the last place of what the inputs determine.
 */
import {
  erfNearZero as erfNearZeroImport,
  erfcx as erfcxImport,
  gaussianFactor2 as gaussianFactor2Import,
  normLowerTail as normLowerTailImport,
} from "./normal";

// Local bindings: loaders that compile imports to property getters would otherwise run a getter on every
// call in these hot paths.
const erfNearZero = erfNearZeroImport;
const erfcx = erfcxImport;
const gaussianFactor2 = gaussianFactor2Import;
const normLowerTail = normLowerTailImport;

const ONE_OVER_SQRT_TWO = 0.7071067811865476;
const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
/** √(π/2): Y(z) = √(π/2)·erfcx(−z/√2). */
const SQRT_HALF_PI = 1.2533141373155003;
const SQRT_TWO_PI = 2.5066282746310002;
/** Up to this argument erf is one rational function of y² (Cody's first interval). */
const ERF_NEAR_ZERO = 0.46875;
/** Region 1 applies for h below this. */
const ASYMPTOTIC_H = -10;
/** Region 2 applies for t below this. */
const SMALL_T = 2 * Math.pow(Number.EPSILON, 1 / 16);
/** Region 3 applies for h + t above this. */
const PLAIN_H_PLUS_T = 0.85;
/** Relative size at which a series term no longer changes the sum. */
const SERIES_TOLERANCE = 1e-17;
/** Below these t the small-t series needs no terms beyond t⁹, t¹¹ respectively. */
const SMALL_T_TO_ORDER_9 = 0.05;
const SMALL_T_TO_ORDER_11 = 0.1;
/** 1/k! for the odd k of the small-t series. */
const INVERSE_3_FACTORIAL = 1 / 6;
const INVERSE_5_FACTORIAL = 1 / 120;
const INVERSE_7_FACTORIAL = 1 / 5040;
const INVERSE_9_FACTORIAL = 1 / 362880;
const INVERSE_11_FACTORIAL = 1 / 39916800;
const INVERSE_13_FACTORIAL = 1 / 6227020800;
const INVERSE_15_FACTORIAL = 1 / 1307674368000;

/**
 * The regions' arguments h, t and vega and their result b go through these slots rather than as arguments
 * and return values, which V8 boxes (one allocation each) for functions too large to inline.
 */
const regionIo = new Float64Array(5);
const REGION_H = 0;
const REGION_T = 1;
const REGION_VEGA = 2;
const REGION_HALF_FORWARD = 3;
const REGION_B = 4;

/** Normalised intrinsic value of a call, (e^{x/2} − e^{−x/2})⁺ = 2·sinh(x/2) for x > 0. */
export function normalisedIntrinsicCall(x: number): number {
  return x > 0 ? 2 * Math.sinh(0.5 * x) : 0;
}


/**
 * Regions 1 and 2, the two series, in one function: it is then too large to be inlined, and the rare
 * asymptotic region does not use up the inlining budget of the callers' common paths. Arguments and
 * result through regionIo.
 *
 * Region 1: b for h ≤ −10 and h + t well below zero. The asymptotic series Y(z) ~ −Σ (−1)ⁿ(2n−1)!!/z^{2n+1}
 * makes Y(h+t) − Y(h−t) = (t/r)·Σ (−1)ⁿ·2·(2n−1)!!·qⁿ·Pₙ(e) with r = h² − t², q = (h/r)², e = (t/h)²
 * and Pₙ(e) = Σₖ C(2n+1, 2k+1)·eᵏ, whose terms are all positive. Pₙ comes from the positive recurrence
 * A_{m+1} = A_m + B_m, B_{m+1} = B_m + e·A_m (A_m = ((1+a)^m − (1−a)^m)/(2a), a² = e).
 *
 * Region 2: b for small t. Y(h+t) − Y(h−t) = 2·Σ_{k odd} Y⁽ᵏ⁾(h)·tᵏ/k!, where (from Y' = 1 + h·Y and
 * Y⁽ⁿ⁺¹⁾ = h·Y⁽ⁿ⁾ + n·Y⁽ⁿ⁻¹⁾) every odd derivative is a·B(h²) − A(h²) with a = Y' = 1 + h·Y and integer
 * polynomials A, B; the coefficients are independent of each other, so they evaluate in parallel instead
 * of as one long recurrence. Summed to t⁹ for t < 0.05, to t¹¹ for t < 0.1 and to t¹⁵ up to t = 0.21:
 * for every h ≤ 0 the terms left out are below 2⁻⁵⁶ of the sum (their size is largest at h = 0, where
 * Y⁽ᵏ⁾(0)/k! = 1/k!!). Everything is carried multiplied by the vega: vega·Y(h) = Φ(h)·e^{−t²/2} near
 * h = 0 (vega = φ(h)·e^{−t²/2}) and √(π/2)·vega·erfcx(−h/√2) beyond, neither of which needs e^{h²/2}.
 */
function seriesRegions(): void {
  const h = regionIo[REGION_H] ?? Number.NaN;
  const t = regionIo[REGION_T] ?? Number.NaN;
  if (h < ASYMPTOTIC_H && h + t < SMALL_T + ASYMPTOTIC_H) {
    const vega = regionIo[REGION_VEGA] ?? Number.NaN;
    const e = (t / h) * (t / h);
    const r = (h + t) * (h - t);
    const q = (h / r) * (h / r);
    let a = 1;
    let bb = 1;
    let coefficient = 2;
    let sum = 2;
    let previous = Infinity;
    for (let n = 1; n < 40; n++) {
      const a1 = a + bb;
      const b1 = bb + e * a;
      a = a1 + b1;
      bb = b1 + e * a1;
      coefficient *= -(2 * n - 1) * q;
      const term = coefficient * a;
      const size = Math.abs(term);
      if (size >= previous) break;
      sum += term;
      if (size <= SERIES_TOLERANCE * sum) break;
      previous = size;
    }
    const b = vega * (t / r) * sum;
    regionIo[REGION_B] = b > 0 ? b : 0;
    return;
  }
  const vega = regionIo[REGION_VEGA] ?? Number.NaN;
  const w = t * t;
  const y = -h * ONE_OVER_SQRT_TWO;
  // e^{−t²/2} for t < 0.21 from its Taylor series: terms beyond the eighth are below 2⁻⁶⁰ of it.
  const z = 0.5 * w;
  const z2 = z * z;
  const expMinusZ = 1 - z + z2 * (0.5 - z * (1 / 6) + z2 * (1 / 24 - z * (1 / 120) + z2 * (1 / 720 - z * (1 / 5040) + z2 * (1 / 40320))));
  const vegaY = y <= ERF_NEAR_ZERO ? (0.5 - 0.5 * erfNearZero(y)) * expMinusZ : SQRT_HALF_PI * vega * erfcx(y);
  // vega·a and vega·Y⁽ᵏ⁾(h)/k! for k = 3, 5, …
  const va = vega + h * vegaY;
  const g = h * h;
  const c3 = (va * (3 + g) - vega) * INVERSE_3_FACTORIAL;
  const c5 = (va * (15 + g * (10 + g)) - vega * (7 + g)) * INVERSE_5_FACTORIAL;
  const c7 = (va * (105 + g * (105 + g * (21 + g))) - vega * (57 + g * (18 + g))) * INVERSE_7_FACTORIAL;
  const c9 =
    (va * (945 + g * (1260 + g * (378 + g * (36 + g)))) - vega * (561 + g * (285 + g * (33 + g)))) *
    INVERSE_9_FACTORIAL;
  let beyondC9 = 0;
  if (t >= SMALL_T_TO_ORDER_9) {
    const c11 =
      (va * (10395 + g * (17325 + g * (6930 + g * (990 + g * (55 + g))))) -
        vega * (6555 + g * (4680 + g * (840 + g * (52 + g))))) *
      INVERSE_11_FACTORIAL;
    let beyondC11 = 0;
    if (t >= SMALL_T_TO_ORDER_11) {
      const c13 =
        (va * (135135 + g * (270270 + g * (135135 + g * (25740 + g * (2145 + g * (78 + g)))))) -
          vega * (89055 + g * (82845 + g * (20370 + g * (1926 + g * (75 + g)))))) *
        INVERSE_13_FACTORIAL;
      const c15 =
        (va * (2027025 + g * (4729725 + g * (2837835 + g * (675675 + g * (75075 + g * (4095 + g * (105 + g))))))) -
          vega * (1381905 + g * (1595790 + g * (501795 + g * (64260 + g * (3795 + g * (102 + g))))))) *
        INVERSE_15_FACTORIAL;
      beyondC11 = w * (c13 + w * c15);
    }
    beyondC9 = w * (c11 + beyondC11);
  }
  const b = 2 * t * (va + w * (c3 + w * (c5 + w * (c7 + w * (c9 + beyondC9)))));
  regionIo[REGION_B] = b > 0 ? b : 0;
}

/**
 * Region 3: b = e^{x/2}Φ(h+t) − e^{−x/2}Φ(h−t) with x = 2ht, safe when h + t is clearly positive. The
 * normal probabilities need e^{−(h±t)²/2} = √(2π)·vega·e^{∓x/2}: no exponential of their own.
 */
function plainRegion(): void {
  const h = regionIo[REGION_H] ?? Number.NaN;
  const t = regionIo[REGION_T] ?? Number.NaN;
  const halfForward = regionIo[REGION_HALF_FORWARD] ?? Number.NaN;
  const gaussian = SQRT_TWO_PI * (regionIo[REGION_VEGA] ?? Number.NaN);
  const u = h + t;
  const upper = 1 - normLowerTail(u, gaussian / halfForward);
  const lower = normLowerTail(t - h, gaussian * halfForward);
  const b = halfForward * upper - lower / halfForward;
  regionIo[REGION_B] = b > 0 ? b : 0;
}

/**
 * Region 4: b = ½·e^{−(h²+t²)/2}·[erfcx(−(h+t)/√2) − erfcx(−(h−t)/√2)] = √(π/2)·vega·[…]. Near zero
 * erfcx(y) = e^{y²}·(1 − erf(y)) takes e^{(h±t)²/2} = e^{±x/2}/(√(2π)·vega) instead of an exponential.
 */
function erfcxRegion(): void {
  const h = regionIo[REGION_H] ?? Number.NaN;
  const t = regionIo[REGION_T] ?? Number.NaN;
  const vega = regionIo[REGION_VEGA] ?? Number.NaN;
  const halfForward = regionIo[REGION_HALF_FORWARD] ?? Number.NaN;
  const inverseGaussian = 1 / (SQRT_TWO_PI * vega);
  const yu = -ONE_OVER_SQRT_TWO * (h + t);
  const yv = -ONE_OVER_SQRT_TWO * (h - t);
  // erfcx(−y) = 2e^{y²} − erfcx(y) for y > 0.
  const xu =
    yu > ERF_NEAR_ZERO
      ? erfcx(yu)
      : yu >= -ERF_NEAR_ZERO
        ? halfForward * inverseGaussian * (1 - erfNearZero(yu))
        : 2 * halfForward * inverseGaussian - erfcx(-yu);
  const xv = yv > ERF_NEAR_ZERO ? erfcx(yv) : (inverseGaussian / halfForward) * (1 - erfNearZero(yv));
  const b = SQRT_HALF_PI * vega * (xu - xv);
  regionIo[REGION_B] = b > 0 ? b : 0;
}

/**
 * b for an out-of-the-money call from h = x/s ≤ 0, t = s/2 > 0, the factor every region shares,
 * vega = e^{−(h²+t²)/2}/√(2π) (also ∂b/∂s), and halfForward = e^{x/2} = e^{h·t} (the price at infinite
 * volatility), for callers that already have them.
 */
export function normalisedOtmCallFromVega(h: number, t: number, vega: number, halfForward: number): number {
  regionIo[REGION_H] = h;
  regionIo[REGION_T] = t;
  regionIo[REGION_VEGA] = vega;
  regionIo[REGION_HALF_FORWARD] = halfForward;
  if (t < SMALL_T || (h < ASYMPTOTIC_H && h + t < SMALL_T + ASYMPTOTIC_H)) seriesRegions();
  else if (h + t > PLAIN_H_PLUS_T) plainRegion();
  else erfcxRegion();
  return regionIo[REGION_B] ?? Number.NaN;
}

/**
 * b in regions 1 and 2 only (t < 0.21, or h < −10 with h + t < −9.79), arguments as for
 * {@link normalisedOtmCallFromVega}: for callers that handle regions 3 and 4 themselves.
 */
export function normalisedOtmCallSeries(h: number, t: number, vega: number): number {
  regionIo[REGION_H] = h;
  regionIo[REGION_T] = t;
  regionIo[REGION_VEGA] = vega;
  seriesRegions();
  return regionIo[REGION_B] ?? Number.NaN;
}

/** b(x, s) for x ≤ 0 and s > 0 (no intrinsic value). */
function outOfTheMoneyCall(x: number, s: number): number {
  const h = x / s;
  const t = 0.5 * s;
  return normalisedOtmCallFromVega(h, t, ONE_OVER_SQRT_TWO_PI * gaussianFactor2(h, t), Math.exp(0.5 * x));
}

/**
 * The normalised Black call price b(x, s) (dimensionless; multiply by √(F·K) and the discount factor).
 * x = ln(F/K), s = σ·√T (total volatility, ≥ 0). For s = 0 it is the normalised intrinsic value.
 */
export function normalisedBlackCall(x: number, s: number): number {
  if (x > 0) {
    const intrinsic = 2 * Math.sinh(0.5 * x);
    return s > 0 ? intrinsic + outOfTheMoneyCall(-x, s) : intrinsic;
  }
  return s > 0 ? outOfTheMoneyCall(x, s) : 0;
}

/** The normalised Black price for a call (θ = +1) or a put (θ = −1): b(θ·x, s). */
export function normalisedBlack(x: number, s: number, theta: number): number {
  return normalisedBlackCall(theta < 0 ? -x : x, s);
}

/**
 * ∂b/∂s, the normalised vega (same for calls and puts): e^{−(h²+t²)/2}/√(2π) with h = x/s, t = s/2.
 */
export function normalisedVega(x: number, s: number): number {
  if (!(s > 0)) return x === 0 ? ONE_OVER_SQRT_TWO_PI : 0;
  const h = x / s;
  const t = 0.5 * s;
  return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * (h * h + t * t));
}

/** (∂²b/∂s²)/(∂b/∂s) = x²/s³ − s/4 (zero at the inflection point s = √(2|x|)). */
export function normalisedVolgaOverVega(x: number, s: number): number {
  return (x * x) / (s * s * s) - 0.25 * s;
}
