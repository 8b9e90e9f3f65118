/**
 * Rational cubic interpolation (Delbourgo & Gregory, 1985) with a control parameter r:
 *
 *   y(u) = [y_r·u³ + (r·y_r − h·d_r)·u²(1−u) + (r·y_l + h·d_l)·u(1−u)² + y_l·(1−u)³] / [1 + (r−3)·u(1−u)]
 *
 * on [x_l, x_r] with h = x_r − x_l and u = (x − x_l)/h. It matches values and first derivatives at both
 * ends for every r > −1; r = 3 is the cubic Hermite spline and r → ∞ tends to the straight line. Its second
 * derivative at either end is linear in r, which lets r be chosen to match a known curvature there.
 */

/** Smallest admissible control parameter (the denominator stays positive). */
const MINIMUM_CONTROL = -(1 - Math.sqrt(Number.EPSILON));
/** Above this the interpolant is the straight line to double precision. */
const MAXIMUM_CONTROL = 2 / (Number.EPSILON * Number.EPSILON);

/** Value of the rational cubic at x. */
export function rationalCubicInterpolation(
  x: number,
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  r: number,
): number {
  const h = xr - xl;
  if (Math.abs(h) <= 0) return 0.5 * (yl + yr);
  const u = (x - xl) / h;
  const v = 1 - u;
  if (!(r < MAXIMUM_CONTROL)) return yr * u + yl * v;
  const u2 = u * u;
  const v2 = v * v;
  return (yr * u2 * u + (r * yr - h * dr) * u2 * v + (r * yl + h * dl) * u * v2 + yl * v2 * v) / (1 + (r - 3) * u * v);
}

/**
 * Lowest control parameter that keeps the interpolant monotone where the data are monotone and convex
 * (or concave) where the data are, with slopes d_l, d_r and secant slope m.
 */
function shapePreservingMinimum(dl: number, dr: number, m: number): number {
  const monotone = dl * m >= 0 && dr * m >= 0;
  const convex = dl <= m && m <= dr;
  const concave = dl >= m && m >= dr;
  if (!monotone && !convex && !concave) return MINIMUM_CONTROL;
  let r1 = -Number.MAX_VALUE;
  let r2 = -Number.MAX_VALUE;
  if (monotone) r1 = m !== 0 ? (dl + dr) / m : MAXIMUM_CONTROL;
  if (convex || concave) {
    const a = m - dl;
    const b = dr - m;
    r2 = a !== 0 && b !== 0 ? Math.max(Math.abs((dr - dl) / b), Math.abs((dr - dl) / a)) : MAXIMUM_CONTROL;
  } else if (monotone) {
    r2 = MAXIMUM_CONTROL;
  }
  return Math.max(MINIMUM_CONTROL, r1, r2);
}

/** Clamp a control parameter to the admissible, shape-preserving range. */
function admissible(r: number, dl: number, dr: number, m: number): number {
  const lowest = shapePreservingMinimum(dl, dr, m);
  if (!(r > lowest)) return lowest;
  return r < MAXIMUM_CONTROL ? r : MAXIMUM_CONTROL;
}

/**
 * Control parameter that gives second derivative `curvature` at the left end x_l (then clamped so that the
 * interpolant keeps the data's monotonicity and convexity). From y''(x_l)·h² = 2r(Δ − h·d_l) + 2h(d_l − d_r).
 */
export function controlForLeftCurvature(
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  curvature: number,
): number {
  const h = xr - xl;
  const delta = yr - yl;
  const denominator = delta - h * dl;
  const numerator = 0.5 * h * h * curvature + h * (dr - dl);
  const r = denominator !== 0 ? numerator / denominator : numerator > 0 ? MAXIMUM_CONTROL : MINIMUM_CONTROL;
  return admissible(r, dl, dr, delta / h);
}

/**
 * Control parameter that gives second derivative `curvature` at the right end x_r (then clamped as above).
 * From y''(x_r)·h² = 2r(h·d_r − Δ) + 2h(d_l − d_r).
 */
export function controlForRightCurvature(
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  curvature: number,
): number {
  const h = xr - xl;
  const delta = yr - yl;
  const denominator = h * dr - delta;
  const numerator = 0.5 * h * h * curvature + h * (dr - dl);
  const r = denominator !== 0 ? numerator / denominator : numerator > 0 ? MAXIMUM_CONTROL : MINIMUM_CONTROL;
  return admissible(r, dl, dr, delta / h);
}
