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
 * 2. small t: the Taylor series of Y(h+t) − Y(h−t) in t (odd powers), derivatives by recurrence;
 * 3. h + t > 0.85: the plain formula, dominated by its first term;
 * 4. elsewhere: the erfcx difference.
 *
 * Each keeps the relative error within a few units in the last place of what the inputs determine.
 */
import {
  erfcx as erfcxImport,
  gaussianFactor as gaussianFactorImport,
  normLowerTail as normLowerTailImport,
} from "./normal";

// Local bindings: loaders that compile imports to property getters would otherwise run a getter on every
// call in these hot paths.
const erfcx = erfcxImport;
const gaussianFactor = gaussianFactorImport;
const normLowerTail = normLowerTailImport;

const ONE_OVER_SQRT_TWO = 0.7071067811865476;
const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
/** √(π/2): Y(z) = √(π/2)·erfcx(−z/√2). */
const SQRT_HALF_PI = 1.2533141373155003;
/** Region 1 applies for h below this. */
const ASYMPTOTIC_H = -10;
/** Region 2 applies for t below this. */
const SMALL_T = 2 * Math.pow(Number.EPSILON, 1 / 16);
/** Region 3 applies for h + t above this. */
const PLAIN_H_PLUS_T = 0.85;
/** Relative size at which a series term no longer changes the sum. */
const SERIES_TOLERANCE = 1e-17;
/** 1/k! for the odd k of the small-t series. */
const INVERSE_3_FACTORIAL = 1 / 6;
const INVERSE_5_FACTORIAL = 1 / 120;
const INVERSE_7_FACTORIAL = 1 / 5040;
const INVERSE_9_FACTORIAL = 1 / 362880;
const INVERSE_11_FACTORIAL = 1 / 39916800;
const INVERSE_13_FACTORIAL = 1 / 6227020800;
const INVERSE_15_FACTORIAL = 1 / 1307674368000;

/** Normalised intrinsic value of a call, (e^{x/2} − e^{−x/2})⁺ = 2·sinh(x/2) for x > 0. */
export function normalisedIntrinsicCall(x: number): number {
  return x > 0 ? 2 * Math.sinh(0.5 * x) : 0;
}

/**
 * Region 1: b for h ≤ −10 and h + t well below zero. The asymptotic series Y(z) ~ −Σ (−1)ⁿ(2n−1)!!/z^{2n+1}
 * makes Y(h+t) − Y(h−t) = (t/r)·Σ (−1)ⁿ·2·(2n−1)!!·qⁿ·Pₙ(e) with r = h² − t², q = (h/r)², e = (t/h)²
 * and Pₙ(e) = Σₖ C(2n+1, 2k+1)·eᵏ, whose terms are all positive. Pₙ comes from the positive recurrence
 * A_{m+1} = A_m + B_m, B_{m+1} = B_m + e·A_m (A_m = ((1+a)^m − (1−a)^m)/(2a), a² = e).
 */
function asymptoticRegion(h: number, t: number, vega: number): number {
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
  return b > 0 ? b : 0;
}

/**
 * Region 2: b for small t. Y(h+t) − Y(h−t) = 2·Σ_{k odd} Y⁽ᵏ⁾(h)·tᵏ/k!, where (from Y' = 1 + h·Y and
 * Y⁽ⁿ⁺¹⁾ = h·Y⁽ⁿ⁾ + n·Y⁽ⁿ⁻¹⁾) every odd derivative is A(h²) + a·B(h²) with a = Y' = 1 + h·Y and integer
 * polynomials A, B. Summed to t¹⁵: for t < 0.21 the next term is below ε of the sum. The coefficients are
 * independent of each other, so they evaluate in parallel instead of as one long recurrence.
 */
function smallTRegion(h: number, t: number, vega: number): number {
  const a = 1 + h * SQRT_HALF_PI * erfcx(-h * ONE_OVER_SQRT_TWO);
  const g = h * h;
  const w = t * t;
  // (Y⁽ᵏ⁾/k!) for k = 3, 5, …, 15.
  const c3 = (-1 + a * (3 + g)) * INVERSE_3_FACTORIAL;
  const c5 = (-7 - g + a * (15 + g * (10 + g))) * INVERSE_5_FACTORIAL;
  const c7 = (-57 + g * (-18 - g) + a * (105 + g * (105 + g * (21 + g)))) * INVERSE_7_FACTORIAL;
  const c9 = (-561 + g * (-285 + g * (-33 - g)) + a * (945 + g * (1260 + g * (378 + g * (36 + g))))) * INVERSE_9_FACTORIAL;
  const c11 =
    (-6555 + g * (-4680 + g * (-840 + g * (-52 - g))) + a * (10395 + g * (17325 + g * (6930 + g * (990 + g * (55 + g)))))) *
    INVERSE_11_FACTORIAL;
  const c13 =
    (-89055 +
      g * (-82845 + g * (-20370 + g * (-1926 + g * (-75 - g)))) +
      a * (135135 + g * (270270 + g * (135135 + g * (25740 + g * (2145 + g * (78 + g))))))) *
    INVERSE_13_FACTORIAL;
  const c15 =
    (-1381905 +
      g * (-1595790 + g * (-501795 + g * (-64260 + g * (-3795 + g * (-102 - g))))) +
      a * (2027025 + g * (4729725 + g * (2837835 + g * (675675 + g * (75075 + g * (4095 + g * (105 + g)))))))) *
    INVERSE_15_FACTORIAL;
  const sum = t * (a + w * (c3 + w * (c5 + w * (c7 + w * (c9 + w * (c11 + w * (c13 + w * c15)))))));
  const b = 2 * vega * sum;
  return b > 0 ? b : 0;
}

/**
 * Region 3: b = e^{x/2}Φ(h+t) − e^{−x/2}Φ(h−t), safe when h + t is clearly positive. Both normal
 * probabilities share one exponential: e^{−(h−t)²/2} = e^{−(h+t)²/2}·e^{x}.
 */
function plainRegion(h: number, t: number): number {
  const u = h + t;
  const halfForward = Math.exp(h * t);
  const eu = gaussianFactor(u);
  const upper = 1 - normLowerTail(u, eu);
  const lower = normLowerTail(t - h, eu * halfForward * halfForward);
  const b = halfForward * upper - lower / halfForward;
  return b > 0 ? b : 0;
}

/** Region 4: b = ½·e^{−(h²+t²)/2}·[erfcx(−(h+t)/√2) − erfcx(−(h−t)/√2)] = √(π/2)·vega·[…]. */
function erfcxRegion(h: number, t: number, vega: number): number {
  const b = SQRT_HALF_PI * vega * (erfcx(-ONE_OVER_SQRT_TWO * (h + t)) - erfcx(-ONE_OVER_SQRT_TWO * (h - t)));
  return b > 0 ? b : 0;
}

/**
 * b for an out-of-the-money call from h = x/s ≤ 0, t = s/2 > 0 and the factor every region shares,
 * vega = e^{−(h²+t²)/2}/√(2π) (also ∂b/∂s), for callers that already have it.
 */
export function normalisedOtmCallFromVega(h: number, t: number, vega: number): number {
  if (h < ASYMPTOTIC_H && h + t < SMALL_T + ASYMPTOTIC_H) return asymptoticRegion(h, t, vega);
  if (t < SMALL_T) return smallTRegion(h, t, vega);
  if (h + t > PLAIN_H_PLUS_T) return plainRegion(h, t);
  return erfcxRegion(h, t, vega);
}

/**
 * b(x, s) for x ≤ 0 and s > 0 (no intrinsic value). Every region shares the factor
 * vega = e^{−(h²+t²)/2}/√(2π), which is also ∂b/∂s: when `out` is given it receives it in out[0].
 */
function outOfTheMoneyCall(x: number, s: number, out: Float64Array | null): number {
  const h = x / s;
  const t = 0.5 * s;
  const vega = ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * (h * h + t * t));
  if (out) out[0] = vega;
  return normalisedOtmCallFromVega(h, t, vega);
}

/**
 * b(x, s) of an out-of-the-money call (x ≤ 0, s > 0) together with its vega ∂b/∂s, written to out[0];
 * both from one exponential.
 */
export function normalisedBlackCallWithVega(x: number, s: number, out: Float64Array): number {
  return outOfTheMoneyCall(x, s, out);
}

/**
 * The normalised Black call price b(x, s) (dimensionless; multiply by √(F·K) and the discount factor).
 * x = ln(F/K), s = σ·√T (total volatility, ≥ 0). For s = 0 it is the normalised intrinsic value.
 */
export function normalisedBlackCall(x: number, s: number): number {
  if (x > 0) {
    const intrinsic = 2 * Math.sinh(0.5 * x);
    return s > 0 ? intrinsic + outOfTheMoneyCall(-x, s, null) : intrinsic;
  }
  return s > 0 ? outOfTheMoneyCall(x, s, null) : 0;
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
