/**
 * Black-Scholes-Merton with a continuous dividend yield: the simulator's own pricing, kept apart from the
 * app's on purpose. Units: years, decimal rates and vols; vega per 1 vol point, theta per calendar day.
 */

export interface Greeks {
  price: number;
  delta: number;
  gamma: number;
  /** Price change for +1 volatility point (0.01). */
  vega: number;
  /** Price change per calendar day. */
  theta: number;
}

export type Right = "C" | "P";

/** Complementary error function, Chebyshev fit (fractional error below 1.2e-7: plenty for quotes in cents). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

export function normCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

export function normPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Price and greeks of a European option. */
export function bsm(right: Right, s: number, k: number, t: number, r: number, q: number, sigma: number): Greeks {
  if (t <= 0 || sigma <= 0) {
    const intrinsic = right === "C" ? Math.max(0, s - k) : Math.max(0, k - s);
    const itm = right === "C" ? s > k : s < k;
    return { price: intrinsic, delta: itm ? (right === "C" ? 1 : -1) : 0, gamma: 0, vega: 0, theta: 0 };
  }
  const sqrtT = Math.sqrt(t);
  const d1 = (Math.log(s / k) + (r - q + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
  const d2 = d1 - sigma * sqrtT;
  const dq = Math.exp(-q * t);
  const dr = Math.exp(-r * t);
  const pdf = normPdf(d1);
  const gamma = (dq * pdf) / (s * sigma * sqrtT);
  const vega = (s * dq * pdf * sqrtT) / 100;
  if (right === "C") {
    const nd1 = normCdf(d1);
    const nd2 = normCdf(d2);
    const price = s * dq * nd1 - k * dr * nd2;
    const theta = (-(s * dq * pdf * sigma) / (2 * sqrtT) - r * k * dr * nd2 + q * s * dq * nd1) / 365;
    return { price, delta: dq * nd1, gamma, vega, theta };
  }
  const nmd1 = normCdf(-d1);
  const nmd2 = normCdf(-d2);
  const price = k * dr * nmd2 - s * dq * nmd1;
  const theta = (-(s * dq * pdf * sigma) / (2 * sqrtT) + r * k * dr * nmd2 - q * s * dq * nmd1) / 365;
  return { price, delta: -dq * nmd1, gamma, vega, theta };
}

/**
 * Implied volatility by bisection (robust for any quote); undefined when the price is outside the no-arbitrage
 * bounds, the way TWS leaves IV blank for a zero bid.
 */
export function impliedVol(right: Right, price: number, s: number, k: number, t: number, r: number, q: number): number | undefined {
  if (!(price > 0) || t <= 0) return undefined;
  const lower = bsm(right, s, k, t, r, q, 1e-4).price;
  const upper = bsm(right, s, k, t, r, q, 5).price;
  if (price <= lower || price >= upper) return undefined;
  let lo = 1e-4;
  let hi = 5;
  for (let i = 0; i < 60; i++) {
    const mid = 0.5 * (lo + hi);
    if (bsm(right, s, k, t, r, q, mid).price > price) hi = mid;
    else lo = mid;
    if (hi - lo < 1e-7) break;
  }
  return 0.5 * (lo + hi);
}
