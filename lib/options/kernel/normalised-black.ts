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
  erfcOrErfcx as erfcOrErfcxImport,
  erfcxAbove as erfcxAboveImport,
  gaussianFactor2 as gaussianFactor2Import,
  normLowerTail as normLowerTailImport,
} from "../normal";

// Local bindings: loaders that compile imports to property getters would otherwise run a getter on every
// call in these hot paths.
const erfNearZero = erfNearZeroImport;
const erfcOrErfcx = erfcOrErfcxImport;
const erfcxAbove = erfcxAboveImport;
const gaussianFactor2 = gaussianFactor2Import;
const normLowerTail = normLowerTailImport;

/**
 * The regions' arguments and result go through the slots of regionIo rather than as arguments and return
 * values, which V8 boxes (one allocation each) for functions too large to inline: h at 0, t at 1, vega at 2,
 * halfForward at 3 and b at 4.
 *
 * The numbers in the region functions are written where they are used, as in normal.ts: V8 loads a
 * module-level constant from the module's context, with checks, at every use. The region boundaries:
 * region 1 for h < −10 with h + t < −10 + 2·ε^(1/16), region 2 for t < 2·ε^(1/16) = 0.21022410381342865,
 * region 3 for h + t > 0.85.
 */
const regionIo = new Float64Array(5);

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
 * of as one long recurrence. Summed to t¹⁵, whatever t: up to t = 0.21, for every h ≤ 0, the terms left out
 * are below 2⁻⁵⁶ of the sum (their size is largest at h = 0, where Y⁽ᵏ⁾(0)/k! = 1/k!!), and every term is
 * computed even where the sum would not need it (from t⁹ on below t = 0.05), which costs less than the
 * branches that would skip them. Everything is carried multiplied by the vega: vega·Y(h) = Φ(h)·e^{−t²/2} near
 * h = 0 (vega = φ(h)·e^{−t²/2}) and √(π/2)·vega·erfcx(−h/√2) beyond, neither of which needs e^{h²/2}.
 */
function seriesRegions(): void {
  const io = regionIo;
  const h = io[0] ?? Number.NaN;
  const t = io[1] ?? Number.NaN;
  const vega = io[2] ?? Number.NaN;
  if (h < -10 && h + t < -10 + 0.21022410381342865) {
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
      // A term this small relative to the sum no longer changes it.
      if (size <= 1e-17 * sum) break;
      previous = size;
    }
    const b = vega * (t / r) * sum;
    io[4] = b > 0 ? b : 0;
    return;
  }
  const w = t * t;
  // y = −h/√2.
  const y = -h * 0.7071067811865476;
  // e^{−t²/2} for t < 0.21 from its Taylor series: terms beyond the eighth are below 2⁻⁶⁰ of it.
  const z = 0.5 * w;
  const z2 = z * z;
  const expMinusZ = 1 - z + z2 * (0.5 - z * (1 / 6) + z2 * (1 / 24 - z * (1 / 120) + z2 * (1 / 720 - z * (1 / 5040) + z2 * (1 / 40320))));
  // vega·Y(h): ½·erfc(y)·e^{−t²/2} in Cody's first interval (y ≤ 0.46875), else √(π/2)·vega·erfcx(y).
  const rational = erfcOrErfcx(y);
  const vegaY = y <= 0.46875 ? 0.5 * rational * expMinusZ : 1.2533141373155003 * vega * rational;
  // vega·a and vega·Y⁽ᵏ⁾(h)/k! for k = 3, 5, … (the 1/k! written out).
  const va = vega + h * vegaY;
  const g = h * h;
  const c3 = (va * (3 + g) - vega) * (1 / 6);
  const c5 = (va * (15 + g * (10 + g)) - vega * (7 + g)) * (1 / 120);
  const c7 = (va * (105 + g * (105 + g * (21 + g))) - vega * (57 + g * (18 + g))) * (1 / 5040);
  const c9 =
    (va * (945 + g * (1260 + g * (378 + g * (36 + g)))) - vega * (561 + g * (285 + g * (33 + g)))) * (1 / 362880);
  const c11 =
    (va * (10395 + g * (17325 + g * (6930 + g * (990 + g * (55 + g))))) -
      vega * (6555 + g * (4680 + g * (840 + g * (52 + g))))) *
    (1 / 39916800);
  const c13 =
    (va * (135135 + g * (270270 + g * (135135 + g * (25740 + g * (2145 + g * (78 + g)))))) -
      vega * (89055 + g * (82845 + g * (20370 + g * (1926 + g * (75 + g)))))) *
    (1 / 6227020800);
  const c15 =
    (va * (2027025 + g * (4729725 + g * (2837835 + g * (675675 + g * (75075 + g * (4095 + g * (105 + g))))))) -
      vega * (1381905 + g * (1595790 + g * (501795 + g * (64260 + g * (3795 + g * (102 + g))))))) *
    (1 / 1307674368000);
  // The odd powers of t in Estrin's scheme (pairs, then pairs of pairs), which shortens the chain of
  // dependent operations after erfcx; every term is positive, so the order of the sum costs no precision.
  const w2 = w * w;
  const b = 2 * t * (va + w * c3 + w2 * (c5 + w * c7) + w2 * w2 * (c9 + w * c11 + w2 * (c13 + w * c15)));
  io[4] = b > 0 ? b : 0;
}

/**
 * Region 3: b = e^{x/2}Φ(h+t) − e^{−x/2}Φ(h−t) with x = 2ht, safe when h + t is clearly positive. The
 * normal probabilities need e^{−(h±t)²/2} = √(2π)·vega·e^{∓x/2}: no exponential of their own.
 */
function plainRegion(): void {
  const io = regionIo;
  const h = io[0] ?? Number.NaN;
  const t = io[1] ?? Number.NaN;
  const halfForward = io[3] ?? Number.NaN;
  // √(2π)·vega.
  const gaussian = 2.5066282746310002 * (io[2] ?? Number.NaN);
  const u = h + t;
  const upper = 1 - normLowerTail(u, gaussian / halfForward);
  const lower = normLowerTail(t - h, gaussian * halfForward);
  const b = halfForward * upper - lower / halfForward;
  io[4] = b > 0 ? b : 0;
}

/**
 * Region 4: b = ½·e^{−(h²+t²)/2}·[erfcx(−(h+t)/√2) − erfcx(−(h−t)/√2)] = √(π/2)·vega·[…]. Near zero
 * erfcx(y) = e^{y²}·(1 − erf(y)) takes e^{(h±t)²/2} = e^{±x/2}/(√(2π)·vega) instead of an exponential.
 */
function erfcxRegion(): void {
  const io = regionIo;
  const h = io[0] ?? Number.NaN;
  const t = io[1] ?? Number.NaN;
  const vega = io[2] ?? Number.NaN;
  const halfForward = io[3] ?? Number.NaN;
  const inverseGaussian = 1 / (2.5066282746310002 * vega);
  const yu = -0.7071067811865476 * (h + t);
  const yv = -0.7071067811865476 * (h - t);
  // erfcx(−y) = 2e^{y²} − erfcx(y) for y > 0; within Cody's first interval (|y| ≤ 0.46875) from erf.
  const xu =
    yu > 0.46875
      ? erfcxAbove(yu)
      : yu >= -0.46875
        ? halfForward * inverseGaussian * (1 - erfNearZero(yu))
        : 2 * halfForward * inverseGaussian - erfcxAbove(-yu);
  const xv = yv > 0.46875 ? erfcxAbove(yv) : (inverseGaussian / halfForward) * (1 - erfNearZero(yv));
  // √(π/2)·vega·(…).
  const b = 1.2533141373155003 * vega * (xu - xv);
  io[4] = b > 0 ? b : 0;
}

/**
 * The regions' functions: the series (regions 1 and 2), the plain formula (3) and the erfcx difference (4).
 * Called from one call site through this table, none is inlined by the optimising compiler (a call site with
 * more than one target is not): each is compiled on its own, with its erfcx inlined, instead of in every
 * caller (the implied-volatility solver's iteration), whose inlining budget would not hold them.
 */
const REGIONS: readonly (() => void)[] = [seriesRegions, plainRegion, erfcxRegion];

/**
 * b for an out-of-the-money call from h = x/s ≤ 0, t = s/2 > 0, the factor every region shares,
 * vega = e^{−(h²+t²)/2}/√(2π) (also ∂b/∂s), and halfForward = e^{x/2} = e^{h·t} (the price at infinite
 * volatility), for callers that already have them.
 */
export function normalisedOtmCallFromVega(h: number, t: number, vega: number, halfForward: number): number {
  const io = regionIo;
  io[0] = h;
  io[1] = t;
  io[2] = vega;
  io[3] = halfForward;
  const region = t < 0.21022410381342865 || (h < -10 && h + t < -10 + 0.21022410381342865) ? 0 : h + t > 0.85 ? 1 : 2;
  REGIONS[region]?.();
  return io[4] ?? Number.NaN;
}

/**
 * b in regions 1 and 2 only (t < 0.21, or h < −10 with h + t < −9.79), arguments as for
 * {@link normalisedOtmCallFromVega}: for callers that handle regions 3 and 4 themselves.
 */
export function normalisedOtmCallSeries(h: number, t: number, vega: number): number {
  const io = regionIo;
  io[0] = h;
  io[1] = t;
  io[2] = vega;
  seriesRegions();
  return io[4] ?? Number.NaN;
}

/** b(x, s) for x ≤ 0 and s > 0 (no intrinsic value). */
function outOfTheMoneyCall(x: number, s: number): number {
  const h = x / s;
  const t = 0.5 * s;
  return normalisedOtmCallFromVega(h, t, 0.3989422804014327 * gaussianFactor2(h, t), Math.exp(0.5 * x));
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
  if (!(s > 0)) return x === 0 ? 0.3989422804014327 : 0;
  const h = x / s;
  const t = 0.5 * s;
  return 0.3989422804014327 * Math.exp(-0.5 * (h * h + t * t));
}

/** (∂²b/∂s²)/(∂b/∂s) = x²/s³ − s/4 (zero at the inflection point s = √(2|x|)). */
export function normalisedVolgaOverVega(x: number, s: number): number {
  return (x * x) / (s * s * s) - 0.25 * s;
}
