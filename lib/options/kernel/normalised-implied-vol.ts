/**
 * Implied total volatility of the normalised Black function: s with b(x, s) = β to double precision, by
 * third-order Householder steps after P. Jäckel's "Let's Be Rational" (2015), each evaluating b and its vega
 * once (one exponential), on an objective chosen per branch so that it is close to linear in s: 1/ln b on
 * the lowest branch, b itself in the middle, ln(b_max − b) on the upper one.
 *
 * The starting value decides how many steps are needed. For |x| = |ln(F/K)| from 0.01 to 3.24 it comes from
 * price curves tabulated at load (below): a quintic Hermite interpolation, typically within 1e-6 of the root,
 * after which one step reaches double precision. Elsewhere it is Jäckel's: one more evaluation of b at a node
 * and a rational cubic interpolation (two of his four branches on maps that make the curve nearly linear),
 * within about 1e-2, after which two steps do.
 */
import {
  gaussianFactor as gaussianFactorImport,
  gaussianFactor2 as gaussianFactor2Import,
  inverseNormCdfFast as inverseNormCdfFastImport,
  normCdf as normCdfImport,
  normLowerTail as normLowerTailImport,
} from "../normal";
import { log as logImport } from "./elementary";
import {
  normalisedIntrinsicCall as normalisedIntrinsicCallImport,
  normalisedOtmCallFromVega as normalisedOtmCallFromVegaImport,
} from "./normalised-black";
import {
  controlForLeftCurvature as controlForLeftCurvatureImport,
  controlForRightCurvature as controlForRightCurvatureImport,
  rationalCubicInterpolation as rationalCubicInterpolationImport,
} from "./rational-cubic";
import { IV_ABOVE_MAXIMUM, IV_BELOW_INTRINSIC, IV_INVALID_INPUT, IV_NO_TIME_VALUE } from "./iv-codes";

// Local bindings: loaders that compile imports to property getters would otherwise run a getter on every
// call in the hot loops below.
const log = logImport;
const gaussianFactor = gaussianFactorImport;
const gaussianFactor2 = gaussianFactor2Import;
const inverseNormCdfFast = inverseNormCdfFastImport;
const normCdf = normCdfImport;
const normLowerTail = normLowerTailImport;
const normalisedIntrinsicCall = normalisedIntrinsicCallImport;
const normalisedOtmCallFromVega = normalisedOtmCallFromVegaImport;
const controlForLeftCurvature = controlForLeftCurvatureImport;
const controlForRightCurvature = controlForRightCurvatureImport;
const rationalCubicInterpolation = rationalCubicInterpolationImport;

/** Results of {@link normalisedImpliedVolatility} below zero: the negated codes of iv-codes.ts. */
export const NORMALISED_BELOW_INTRINSIC = -IV_BELOW_INTRINSIC;
export const NORMALISED_ABOVE_MAXIMUM = -IV_ABOVE_MAXIMUM;
export const NORMALISED_NO_TIME_VALUE = -IV_NO_TIME_VALUE;
export const NORMALISED_INVALID = -IV_INVALID_INPUT;

/**
 * Slots of the work array of {@link otmCallImpliedVolatilityInto}: the inputs β, |x| and b_max, then the
 * result s and the number of Householder steps taken; the rest are the solver's own. Doubles go through a
 * typed array rather than arguments and return values, which V8 boxes (one allocation each) for functions
 * too large to inline. The slots, the branches and the table's layout below are const enums, whose members
 * the compiler writes in as numbers: V8 loads a module-level constant from the module's context, with
 * checks, at every use, which in the solver's hot paths costs as much as the arithmetic.
 */
const enum Slot {
  Beta = 0,
  AbsX = 1,
  BMax = 2,
  Result = 3,
  Iterations = 4,
  /** The bracket, the branch, b_c, s_c, the node s_l or s_h and ln β. */
  Left = 5,
  Right = 6,
  Kind = 7,
  BC = 8,
  SC = 9,
  SNode = 10,
  LnBeta = 11,
  Count = 12,
}
export const SOLVE_BETA = Slot.Beta;
export const SOLVE_ABS_X = Slot.AbsX;
export const SOLVE_B_MAX = Slot.BMax;
export const SOLVE_RESULT = Slot.Result;
export const SOLVE_ITERATIONS = Slot.Iterations;
export const SOLVE_SLOTS = Slot.Count;

const SQRT_THREE = 1.7320508075688772;
const ONE_OVER_SQRT_THREE = 0.5773502691896258;
const SQRT_TWO_PI = 2.5066282746310002;
const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
const TWO_PI_OVER_SQRT_27 = 1.2091995761561452;

/** The branches, by their Householder objective. */
const enum Branch {
  Lowest = 0,
  Middle = 1,
  Upper = 2,
}

/** Optional diagnostics of one solve. */
export interface NormalisedSolveStats {
  iterations: number;
}

const work = new Float64Array(Slot.Count);
/** The two tabulated nodes around β: abscissa, (ds/dX)/s and (d²s/dX²)/s of each. */
const pair = new Float64Array(2 * 3);

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
  const bMax = Math.exp(0.5 * xr);
  if (b >= bMax) return NORMALISED_ABOVE_MAXIMUM;
  work[Slot.Beta] = b;
  work[Slot.AbsX] = -xr;
  work[Slot.BMax] = bMax;
  otmCallImpliedVolatilityInto(work);
  if (stats) stats.iterations = work[Slot.Iterations] ?? 0;
  return work[Slot.Result] ?? Number.NaN;
}

/**
 * Implied total volatility of an out-of-the-money call in normalised form: s with b(−|x|, s) = β, for
 * callers that have checked 0 < β < b_max and already hold b_max = e^{−|x|/2} (the price at infinite
 * volatility). Reads β, |x| = |ln(F/K)| and b_max from `io` and writes s and the number of Householder steps
 * back (slots SOLVE_*).
 */
export function otmCallImpliedVolatilityInto(io: Float64Array): void {
  startingValue(io);
  householder(io);
}

/**
 * The starting value, to io[Slot.Result], with the bracket (io[Slot.Left], io[Slot.Right]), the
 * Householder branch (io[Slot.Kind]) and ln β (io[Slot.LnBeta], or NaN). From the tabulated curves when
 * they cover β, else from the rational cubic through the node s_l or s_h.
 */
function startingValue(io: Float64Array): void {
  const beta = io[Slot.Beta] ?? Number.NaN;
  const ax = io[Slot.AbsX] ?? Number.NaN;
  const bMax = io[Slot.BMax] ?? Number.NaN;
  const sc = Math.sqrt(2 * ax);
  const u = Math.sqrt(sc * 0.7071067811865476);
  // The table covers √0.1 ≤ u < √1.8 (CURVE_U_MIN, CURVE_U_MAX).
  const tabulated = u >= 0.31622776601683794 && u < 1.3416407864998738;
  // Catmull–Rom weights and the four rows around u.
  const position = u * Curve.StepsPerUnit;
  const j = Math.floor(position);
  const f = position - j;
  const f2 = f * f;
  const w0 = 0.5 * (f2 + f2 - f - f2 * f);
  const w1 = 0.5 * (2 - 5 * f2 + 3 * f2 * f);
  const w2 = 0.5 * (f + 4 * f2 - 3 * f2 * f);
  const w3 = 0.5 * (f2 * f - f2);
  const i1 = j * Curve.Row;
  const i0 = i1 - Curve.Row;
  const i2 = i1 + Curve.Row;
  const i3 = i2 + Curve.Row;
  const c = tabulated ? (curves ??= buildCurves()) : NO_CURVES;
  let bc = tabulated ? (w0 * (c[i0] ?? 0) + w1 * (c[i1] ?? 0) + w2 * (c[i2] ?? 0) + w3 * (c[i3] ?? 0)) * bMax : Number.NaN;
  // (The unary pluses on the results of these rarely taken calls keep bc and s unboxed doubles on the
  // common path: a call's result is of unknown type to the optimising compiler.) β within 1e-5 (relative)
  // of the tabulated b_c decides the side from the exact b_c.
  if (!(Math.abs(beta - bc) > 1e-5 * bc)) bc = +exactBc(sc, bMax);
  const left = beta < bc;
  // The root lies below s_c when β < b_c and above it otherwise.
  io[Slot.Left] = left ? 0 : sc;
  io[Slot.Right] = left ? sc : Infinity;
  io[Slot.BC] = bc;
  io[Slot.SC] = sc;
  // The node where the tangent at s_c meets zero (s_l) or b_max (s_h), with √(2π).
  const sNode = left ? sc - (bc * 2.5066282746310002) / bMax : sc + ((bMax - bc) * 2.5066282746310002) / bMax;
  io[Slot.SNode] = sNode;
  // ln β on the left, ln(b_max − β) on the right (one call site: the logarithm is inlined once).
  const logarithm = log(left ? beta : bMax - beta);
  const lnBeta = left ? logarithm : Number.NaN;
  io[Slot.LnBeta] = lnBeta;
  let s = Number.NaN;
  if (tabulated) {
    // β's abscissa, and the last node with an abscissa at least as large (they decrease along a side).
    const target = left ? 1 / Math.sqrt(-2 * lnBeta) : logarithm + 0.5 * ax;
    const base = left ? Curve.Left : Curve.Right;
    let o = base + Curve.Values * Curve.Nodes;
    if (target >= w0 * (c[i0 + o] ?? 0) + w1 * (c[i1 + o] ?? 0) + w2 * (c[i2 + o] ?? 0) + w3 * (c[i3 + o] ?? 0)) {
      let lo = 0;
      let hi = Curve.Nodes;
      while (hi - lo > 1) {
        const mid: number = (lo + hi) >> 1;
        o = base + Curve.Values * mid;
        if (w0 * (c[i0 + o] ?? 0) + w1 * (c[i1 + o] ?? 0) + w2 * (c[i2 + o] ?? 0) + w3 * (c[i3 + o] ?? 0) >= target) lo = mid;
        else hi = mid;
      }
      // The two nodes' abscissae and derivatives (relative to s), adjacent in the row.
      o = base + Curve.Values * lo;
      for (let k = 0; k < 2 * Curve.Values; k++, o++) {
        pair[k] = w0 * (c[i0 + o] ?? 0) + w1 * (c[i1 + o] ?? 0) + w2 * (c[i2 + o] ?? 0) + w3 * (c[i3 + o] ?? 0);
      }
      const xa = pair[0] ?? Number.NaN;
      const xb = pair[Curve.Values] ?? Number.NaN;
      const hx = xb - xa;
      const sa = sc * ((left ? LEFT_POWERS[lo] : RIGHT_POWERS[lo]) ?? Number.NaN);
      const sb = sc * ((left ? LEFT_POWERS[lo + 1] : RIGHT_POWERS[lo + 1]) ?? Number.NaN);
      // (ds/dX)·Δ and (d²s/dX²)·Δ²/2 at both nodes.
      const d1a = sa * hx * (pair[1] ?? Number.NaN);
      const d2a = 0.5 * sa * hx * hx * (pair[2] ?? Number.NaN);
      const d1b = sb * hx * (pair[Curve.Values + 1] ?? Number.NaN);
      const d2b = 0.5 * sb * hx * hx * (pair[Curve.Values + 2] ?? Number.NaN);
      // The quintic Hermite basis at τ.
      const tau = (target - xa) / hx;
      const t2 = tau * tau;
      const t3 = t2 * tau;
      const m = 1 - tau;
      const m2 = m * m;
      const m3 = m2 * m;
      s =
        m3 * (sa * (1 + 3 * tau + 6 * t2) + d1a * tau * (1 + 3 * tau) + d2a * t2) +
        t3 * (sb * (1 + 3 * m + 6 * m2) - d1b * m * (1 + 3 * m) + d2b * m2);
    }
  }
  if (!(s > 0)) s = +rationalCubicStart(io, left);
  io[Slot.Result] = s;
  io[Slot.Kind] = left ? (s < sNode ? Branch.Lowest : Branch.Middle) : s > sNode || beta > 0.5 * bMax ? Branch.Upper : Branch.Middle;
}

/**
 * Tabulated price curves. For |x| from 0.01 to 3.24 the curve s ↦ b(−|x|, s) is stored at
 * nodes s_c·LEFT_RATIO^{−k} and s_c·RIGHT_RATIO^{k}, k = 0 … Curve.Nodes, each with the abscissa of that
 * side and the first two derivatives of s with respect to it; a starting value is then a quintic Hermite
 * interpolation between the two nodes around β, typically within 1e-6 of the root, so that one Householder
 * step reaches double precision. Abscissae that make s nearly linear: below s_c X = 1/√(−2·ln b) (s → |x|·X
 * as s → 0), above it Z = ln(b_max − b) + |x|/2 = ln(1 − b/b_max) (s → −2·Φ⁻¹(e^Z/2) as s → ∞).
 *
 * The rows run over u = |x|^{1/4} (a uniform step in u is finest near the money, where the curves change
 * fastest with |x|) and are read back by cubic (Catmull–Rom) interpolation in u. A row holds b_c/b_max, then
 * per left node X, (ds/dX)/s and (d²s/dX²)/s, then per right node Z, (ds/dZ)/s and (d²s/dZ²)/s. Outside
 * the table (|x| < 0.01, |x| > 3.24, s below s_c·LEFT_RATIO^{−Curve.Nodes} or above s_c·RIGHT_RATIO^{Curve.Nodes})
 * the starting value comes from one evaluation of b at the node s_l or s_h and a rational cubic instead.
 */
const enum Curve {
  /** Nodes 0 … Nodes on each side. */
  Nodes = 10,
  /** Per node: the abscissa and two derivatives. */
  Values = 3,
  /** Where a row's left and right nodes begin, and the row's length. */
  Left = 1,
  Right = Left + Values * (Nodes + 1),
  Row = Right + Values * (Nodes + 1),
  /** Rows per unit of u. */
  StepsPerUnit = 64,
}
const LEFT_RATIO = 1.6;
const RIGHT_RATIO = 1.4;
/** The table covers u = |x|^{1/4} from √0.1 to √1.8 (written out where used in startingValue). */
const CURVE_U_MIN = Math.sqrt(0.1);
const CURVE_U_MAX = Math.sqrt(1.8);
const CURVE_U_STEP = 1 / Curve.StepsPerUnit;
const LN_SQRT_TWO_PI = 0.9189385332046728;
/** LEFT_RATIO^{−k} and RIGHT_RATIO^{k}, k = 0 … Curve.Nodes. */
const LEFT_POWERS = Float64Array.from({ length: Curve.Nodes + 1 }, (_, k) => Math.pow(LEFT_RATIO, -k));
const RIGHT_POWERS = Float64Array.from({ length: Curve.Nodes + 1 }, (_, k) => Math.pow(RIGHT_RATIO, k));
/**
 * The table, built on the first solve that reaches it rather than at load (a few milliseconds that code
 * which never implies a volatility, such as the browser's charts, need not pay). Always the same values.
 */
let curves: Float64Array | null = null;
const NO_CURVES = new Float64Array(0);

function buildCurves(): Float64Array {
  const rows = Math.ceil(CURVE_U_MAX / CURVE_U_STEP) + 3;
  const table = new Float64Array(rows * Curve.Row).fill(Number.NaN);
  // Row j holds u = j·CURVE_U_STEP; rows below CURVE_U_MIN − CURVE_U_STEP are never read.
  for (let j = Math.floor(CURVE_U_MIN / CURVE_U_STEP) - 1; j < rows; j++) {
    const zeta = j * CURVE_U_STEP * j * CURVE_U_STEP;
    const ax = zeta * zeta;
    const sc = Math.SQRT2 * zeta;
    const bMax = Math.exp(-0.5 * ax);
    const row = j * Curve.Row;
    table[row] = exactBc(sc, bMax) / bMax;
    for (let k = 0; k <= Curve.Nodes; k++) {
      const sl = sc * Math.pow(LEFT_RATIO, -k);
      leftNode(ax, sl, table, row + Curve.Left + Curve.Values * k);
      const sr = sc * Math.pow(RIGHT_RATIO, k);
      rightNode(ax, sr, table, row + Curve.Right + Curve.Values * k);
    }
  }
  return table;
}

/**
 * X = 1/√(−2·ln b) at s, with (ds/dX)/s and (d²s/dX²)/s, into table[at …]. From p = b'/b and w = b''/b':
 * dX/ds = p·X³, so ds/dX = 1/(p·X³) and d²s/dX² = ((p − w)/p²)/X⁶ − 3/(p·X⁴). Deep below the money b
 * underflows; there b is proportional to its vega (asymptotic and small-t regions), whose logarithm is known.
 */
function leftNode(ax: number, s: number, table: Float64Array, at: number): void {
  const h = -ax / s;
  const t = 0.5 * s;
  const lnVega = -0.5 * (h * h + t * t) - LN_SQRT_TWO_PI;
  const halfForward = Math.exp(-0.5 * ax);
  let lnB: number;
  let p: number;
  const vega = Math.exp(lnVega);
  if (vega > 1e-250) {
    const b = normalisedOtmCallFromVega(h, t, vega, halfForward);
    lnB = Math.log(b);
    p = vega / b;
  } else {
    const ratio = normalisedOtmCallFromVega(h, t, 1, halfForward);
    lnB = Math.log(ratio) + lnVega;
    p = 1 / ratio;
  }
  const w = (ax * ax) / (s * s * s) - 0.25 * s;
  const x = 1 / Math.sqrt(-2 * lnB);
  const x3 = x * x * x;
  table[at] = x;
  table[at + 1] = 1 / (p * x3 * s);
  table[at + 2] = ((p - w) / (p * p * x3 * x3) - 3 / (p * x3 * x)) / s;
}

/**
 * Z = ln(1 − b/b_max) at s, with (ds/dZ)/s and (d²s/dZ²)/s, into table[at …]. b_max − b =
 * e^{x/2}·Φ(−h−t) + e^{−x/2}·Φ(h−t) keeps full precision where b is close to b_max. With q = b'/(b_max − b):
 * ds/dZ = −1/q and d²s/dZ² = −(q + w)/q².
 */
function rightNode(ax: number, s: number, table: Float64Array, at: number): void {
  const h = -ax / s;
  const t = 0.5 * s;
  const bMax = Math.exp(-0.5 * ax);
  const rest = bMax * normCdf(-h - t) + normCdf(h - t) / bMax;
  const vega = ONE_OVER_SQRT_TWO_PI * gaussianFactor2(h, t);
  const q = vega / rest;
  const w = (ax * ax) / (s * s * s) - 0.25 * s;
  table[at] = Math.log(rest / bMax);
  table[at + 1] = -1 / (q * s);
  table[at + 2] = -(q + w) / (q * q * s);
}

// ---------------------------------------------------------------------------------------------------------
// "Let's Be Rational" starting values, where the table does not reach.

/**
 * The starting value interpolates between the inflection point s_c = √(2|x|) (where h + t = 0) and a node:
 * s_l = s_c − b_c/v_c below it, where the tangent at s_c meets zero, or s_h = s_c + (b_max − b_c)/v_c above
 * it, where the tangent meets b_max. What it needs there: b and its vega, the lower map's Φ(z)
 * (z = −|x|/(√3·s_l)) or the upper map's Φ(−s_h/2), φ/Φ at that argument, and the rational cubic's control
 * parameter for the outer branch (lowest or upper, on a map) and for the middle branch on that side.
 */
const SIDE_B = 0;
const SIDE_V = 1;
const SIDE_MAP = 2;
const SIDE_MAP_RATIO = 3;
const SIDE_R_OUTER = 4;
const SIDE_R_MIDDLE = 5;
const SIDE_SLOTS = 6;

/** One branch's rational cubic: x_l, x_r, y_l, y_r, the slopes d_l, d_r, and the curvature it matches. */
const SPEC_XL = 0;
const SPEC_XR = 1;
const SPEC_YL = 2;
const SPEC_YR = 3;
const SPEC_DL = 4;
const SPEC_DR = 5;
const SPEC_CURVATURE = 6;
const SPEC_SLOTS = 7;

const spec = new Float64Array(SPEC_SLOTS);
const side = new Float64Array(SIDE_SLOTS);

/** b_c = b(x, s_c) = b_max/2 − Φ(−s_c)/b_max, where e^{−s_c²/2} = e^{x} = b_max². */
function exactBc(sc: number, bMax: number): number {
  return Math.max(0.5 * bMax - normLowerTail(sc, bMax * bMax) / bMax, 0);
}

/**
 * The starting value of "Let's Be Rational": one evaluation of b at the node, then a rational cubic between
 * it and s_c, or between it and b = 0 or b = b_max on the lower or upper map.
 */
function rationalCubicStart(io: Float64Array, left: boolean): number {
  const beta = io[Slot.Beta] ?? Number.NaN;
  const ax = io[Slot.AbsX] ?? Number.NaN;
  const bMax = io[Slot.BMax] ?? Number.NaN;
  exactSide(io, left, side);
  const bNode = side[SIDE_B] ?? Number.NaN;
  const outer = left ? beta < bNode : beta > bNode;
  branchSpec(io, side, outer, left, spec);
  const yr = spec[SPEC_YR] ?? Number.NaN;
  const y = rationalCubicInterpolation(
    beta,
    spec[SPEC_XL] ?? Number.NaN,
    spec[SPEC_XR] ?? Number.NaN,
    spec[SPEC_YL] ?? Number.NaN,
    yr,
    spec[SPEC_DL] ?? Number.NaN,
    spec[SPEC_DR] ?? Number.NaN,
    (outer ? side[SIDE_R_OUTER] : side[SIDE_R_MIDDLE]) ?? Number.NaN,
  );
  if (outer && left) {
    // Back from the lower map f = c·Φ(z)³ (c = 2π|x|/√27).
    let fl = y;
    if (!(fl > 0)) {
      const u = beta / bNode;
      fl = (yr * u + bNode * (1 - u)) * u;
    }
    return -ax / (SQRT_THREE * inverseNormCdfFast(Math.cbrt(fl / (TWO_PI_OVER_SQRT_27 * ax))));
  }
  if (outer) {
    // Back from the upper map f = Φ(−s/2).
    return -2 * inverseNormCdfFast(y > 0 ? y : 0.5 * (bMax - beta));
  }
  return y;
}

/**
 * Fills `spec` with the rational cubic of the outer branch (the lowest on [0, b_l] or the upper on
 * [b_h, b_max], on their maps) or the middle one (s(b) between the node and s_c) on the given side, from
 * io's |x|, b_max, b_c, s_c and node. The curvature is matched at the node's end: the right end for the
 * lowest and the right middle branch, the left end otherwise.
 */
function branchSpec(io: Float64Array, side: Float64Array, outer: boolean, left: boolean, spec: Float64Array): void {
  const ax = io[Slot.AbsX] ?? Number.NaN;
  const bMax = io[Slot.BMax] ?? Number.NaN;
  const bc = io[Slot.BC] ?? Number.NaN;
  const sc = io[Slot.SC] ?? Number.NaN;
  const sNode = io[Slot.SNode] ?? Number.NaN;
  const bNode = side[SIDE_B] ?? Number.NaN;
  const inverseVNode = 1 / (side[SIDE_V] ?? Number.NaN);
  const inverseSNode = 1 / sNode;
  // w = b''/b' = x²/s³ − s/4 at the node.
  const wNode = ax * ax * inverseSNode * inverseSNode * inverseSNode - 0.25 * sNode;
  const mapValue = side[SIDE_MAP] ?? Number.NaN;
  const mapDensity = mapValue * (side[SIDE_MAP_RATIO] ?? Number.NaN);
  if (outer && left) {
    // The lower map f(s) = (2π|x|/√27)·Φ(z)³ with z = −|x|/(√3·s): equal to b to leading order as s → 0
    // and invertible in closed form.
    const z = -ax * inverseSNode * ONE_OVER_SQRT_THREE;
    const c = TWO_PI_OVER_SQRT_27 * ax;
    const phi = mapValue;
    const fp = 3 * c * phi * phi * mapDensity * (-z * inverseSNode);
    const fpp = 3 * c * phi * mapDensity * inverseSNode * inverseSNode * ((2 * mapDensity - z * phi) * z * z + 2 * z * phi);
    spec[SPEC_XL] = 0;
    spec[SPEC_XR] = bNode;
    spec[SPEC_YL] = 0;
    spec[SPEC_YR] = c * phi * phi * phi;
    spec[SPEC_DL] = 1;
    spec[SPEC_DR] = fp * inverseVNode;
    spec[SPEC_CURVATURE] = (fpp - fp * wNode) * inverseVNode * inverseVNode;
  } else if (outer) {
    // The upper map f(s) = Φ(−s/2), equal to (b_max − b)/2 to leading order as s → ∞.
    const fp = -0.5 * mapDensity;
    const fpp = 0.125 * sNode * mapDensity;
    spec[SPEC_XL] = bNode;
    spec[SPEC_XR] = bMax;
    spec[SPEC_YL] = mapValue;
    spec[SPEC_YR] = 0;
    spec[SPEC_DL] = fp * inverseVNode;
    spec[SPEC_DR] = -0.5;
    spec[SPEC_CURVATURE] = (fpp - fp * wNode) * inverseVNode * inverseVNode;
  } else {
    // s as a function of b: s' = 1/v, s'' = −w/v²; at s_c the vega is b_max/√(2π).
    const inverseVc = SQRT_TWO_PI / bMax;
    spec[SPEC_XL] = left ? bNode : bc;
    spec[SPEC_XR] = left ? bc : bNode;
    spec[SPEC_YL] = left ? sNode : sc;
    spec[SPEC_YR] = left ? sc : sNode;
    spec[SPEC_DL] = left ? inverseVNode : inverseVc;
    spec[SPEC_DR] = left ? inverseVc : inverseVNode;
    spec[SPEC_CURVATURE] = -wNode * inverseVNode * inverseVNode;
  }
}

/** The control parameter that makes the branch's rational cubic match its curvature at the node's end. */
function controlParameter(spec: Float64Array, atRight: boolean): number {
  const xl = spec[SPEC_XL] ?? Number.NaN;
  const xr = spec[SPEC_XR] ?? Number.NaN;
  const yl = spec[SPEC_YL] ?? Number.NaN;
  const yr = spec[SPEC_YR] ?? Number.NaN;
  const dl = spec[SPEC_DL] ?? Number.NaN;
  const dr = spec[SPEC_DR] ?? Number.NaN;
  const curvature = spec[SPEC_CURVATURE] ?? Number.NaN;
  return atRight
    ? controlForRightCurvature(xl, xr, yl, yr, dl, dr, curvature)
    : controlForLeftCurvature(xl, xr, yl, yr, dl, dr, curvature);
}

/**
 * The node data on one side, exactly, from io's |x|, b_max, b_c, s_c and node: one evaluation of b and one
 * more exponential, then both control parameters.
 */
function exactSide(io: Float64Array, left: boolean, side: Float64Array): void {
  const ax = io[Slot.AbsX] ?? Number.NaN;
  const sNode = io[Slot.SNode] ?? Number.NaN;
  if (!(sNode > 0)) {
    // Only at x = 0, where β < b_c = 0 cannot happen.
    side.fill(0);
    return;
  }
  const h = -ax / sNode;
  const t = 0.5 * sNode;
  const v = ONE_OVER_SQRT_TWO_PI * gaussianFactor2(h, t);
  side[SIDE_B] = normalisedOtmCallFromVega(h, t, v, io[Slot.BMax] ?? Number.NaN);
  side[SIDE_V] = v;
  // The map's argument, as a lower tail: |z| = |x|/(√3·s_l) on the left, s_h/2 on the right.
  const y = left ? ax / (SQRT_THREE * sNode) : t;
  const e = gaussianFactor(y);
  const tail = normLowerTail(y, e);
  side[SIDE_MAP] = tail;
  side[SIDE_MAP_RATIO] = (ONE_OVER_SQRT_TWO_PI * e) / tail;
  branchSpec(io, side, true, left, spec);
  side[SIDE_R_OUTER] = controlParameter(spec, left);
  branchSpec(io, side, false, left, spec);
  side[SIDE_R_MIDDLE] = controlParameter(spec, !left);
}

/**
 * Third-order Householder iteration from io[Slot.Result] on g(s) = 0, where g is 1/ln b − 1/ln β (lowest
 * branch), b − β (middle) or ln(b_max − β) − ln(b_max − b) (upper). With ν = −g/g', h₂ = g''/g',
 * h₃ = g'''/g' the step is ν·(1 + h₂ν/2)/(1 + ν(h₂ + h₃ν/6)). Derivatives follow from b' (the vega),
 * w = b''/b' = x²/s³ − s/4 and b'''/b' = w² + w' with w' = −3x²/s⁴ − 1/4. Each step evaluates b and its
 * vega once, from one exponential. The root stays bracketed; a step that leaves the bracket is replaced by
 * bisection.
 */
function householder(io: Float64Array): void {
  const beta = io[Slot.Beta] ?? Number.NaN;
  const x = -(io[Slot.AbsX] ?? Number.NaN);
  const bMax = io[Slot.BMax] ?? Number.NaN;
  const kind = io[Slot.Kind] ?? Branch.Middle;
  let s = io[Slot.Result] ?? Number.NaN;
  let sLeft = io[Slot.Left] ?? 0;
  let sRight = io[Slot.Right] ?? Infinity;
  // ln β: the starting value took it on the left, where the lowest branch lies.
  const lnBeta = kind === Branch.Lowest ? (io[Slot.LnBeta] ?? Math.log(beta)) : 0;
  const upperBeta = bMax - beta;
  let iterations = 0;
  // At most 40 steps, a hard cap for the rare starts far from the root (bracketing takes over). A step below
  // 1e-5 of s leaves an error far below one ulp after it: the iteration converges with order four and,
  // measured over the whole domain, a step of 1e-4 already does.
  for (; iterations < 40; iterations++) {
    if (!(s > sLeft && s < sRight)) s = sRight < Infinity ? 0.5 * (sLeft + sRight) : Math.max(2 * sLeft, 1);
    const inverseS = 1 / s;
    const h = x * inverseS;
    const t = 0.5 * s;
    const hh = h * h;
    const v = 0.3989422804014327 * gaussianFactor2(h, t);
    const b = normalisedOtmCallFromVega(h, t, v, bMax);
    if (b > beta) sRight = s;
    else if (b < beta) sLeft = s;
    else break;
    // w = x²/s³ − s/4 = h²/s − t/2 and w' = −3h²/s² − 1/4.
    const w = hh * inverseS - 0.5 * t;
    const wp = -3 * hh * inverseS * inverseS - 0.25;
    // ln(b/β) on the lowest branch and ln((b_max − b)/(b_max − β)) on the upper one, as ln(1 + d) of the
    // relative difference d. Near the root, where nearly every step starts, |d| < 1e-4 and ln(1 + d) is its
    // series to d⁵ (the rest below 2⁻⁶⁰ of it): more precise than the difference of two logarithms of
    // nearly equal numbers, and no call. Further away Math.log (this function's inlining budget goes to
    // the exponential and b; a call to elementary.ts's log that is not inlined would box its argument).
    const d = kind === Branch.Lowest ? (b - beta) / beta : (beta - b) / upperBeta;
    const logRatio =
      kind === Branch.Middle
        ? 0
        : d < 1e-4 && d > -1e-4
          ? d * (1 - d * (1 / 2 - d * (1 / 3 - d * (1 / 4 - d * (1 / 5)))))
          : Math.log(1 + d);
    let nu: number;
    let h2: number;
    let h3: number;
    if (kind === Branch.Lowest) {
      if (!(b > 0) || !(v > 0)) {
        s = Number.NaN;
        continue;
      }
      const lnB = lnBeta + logRatio;
      const p = v / b;
      const pOverLnB = p / lnB;
      const wmp = w - p;
      nu = (-logRatio * lnB * b) / (lnBeta * v);
      h2 = wmp - 2 * pOverLnB;
      h3 = 6 * pOverLnB * pOverLnB - 6 * pOverLnB * wmp + wmp * (w - 2 * p) + wp;
    } else if (kind === Branch.Upper) {
      const u = bMax - b;
      if (!(u > 0) || !(v > 0)) {
        s = Number.NaN;
        continue;
      }
      const m = v / u;
      nu = (logRatio * u) / v;
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
    const factor = (1 + 0.5 * h2 * nu) / (1 + nu * (h2 + h3 * nu * (1 / 6)));
    const ds = factor > 0 && factor < Infinity ? nu * factor : nu;
    const next = s + ds;
    if (next > sLeft && next < sRight) {
      s = next;
      if (Math.abs(ds) <= 1e-5 * s) {
        iterations++;
        break;
      }
    } else if (Math.abs(ds) <= 1e-5 * s) {
      // The root is within this tiny step of s, at the edge of the bracket: s is the answer.
      iterations++;
      break;
    } else {
      s = Number.NaN;
    }
  }
  io[Slot.Result] = s;
  io[Slot.Iterations] = iterations;
}
