/**
 * A short, readable Black-Scholes-Merton: the textbook formulas, term by term, with no speed tricks. It is
 * the oracle the fast kernel is tested against (as py_vollib tests its code against `ref_python`), not a
 * path any caller takes. Argument order and units as in ../black-scholes.ts.
 */
import { normCdf, normPdf } from "../normal";
import type { OptionRight } from "../types";

interface Terms {
  /** S·e^(−qT) and K·e^(−rT). */
  spotDiscounted: number;
  strikeDiscounted: number;
  d1: number;
  d2: number;
  rootT: number;
}

function terms(spot: number, strike: number, years: number, rate: number, dividendYield: number, vol: number): Terms {
  const rootT = Math.sqrt(years);
  const d1 = (Math.log(spot / strike) + (rate - dividendYield + 0.5 * vol * vol) * years) / (vol * rootT);
  return {
    spotDiscounted: spot * Math.exp(-dividendYield * years),
    strikeDiscounted: strike * Math.exp(-rate * years),
    d1,
    d2: d1 - vol * rootT,
    rootT,
  };
}

/** C = S·e^(−qT)·N(d1) − K·e^(−rT)·N(d2); P = K·e^(−rT)·N(−d2) − S·e^(−qT)·N(−d1). */
export function referencePrice(right: OptionRight, spot: number, strike: number, years: number, rate: number, dividendYield: number, vol: number): number {
  const t = terms(spot, strike, years, rate, dividendYield, vol);
  return right === "call"
    ? t.spotDiscounted * normCdf(t.d1) - t.strikeDiscounted * normCdf(t.d2)
    : t.strikeDiscounted * normCdf(-t.d2) - t.spotDiscounted * normCdf(-t.d1);
}

/** The greeks per share: vega and rho per 1.00 of vol or rate, theta and charm per year. */
export function referenceGreeks(
  right: OptionRight,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  dividendYield: number,
  vol: number,
): { delta: number; gamma: number; vega: number; theta: number; rho: number; vanna: number; charm: number; probItm: number } {
  const t = terms(spot, strike, years, rate, dividendYield, vol);
  const sign = right === "call" ? 1 : -1;
  const density = normPdf(t.d1);
  const qFactor = Math.exp(-dividendYield * years);
  const delta = sign * qFactor * normCdf(sign * t.d1);
  const gamma = (qFactor * density) / (spot * vol * t.rootT);
  const vega = t.spotDiscounted * density * t.rootT;
  const theta =
    -(t.spotDiscounted * density * vol) / (2 * t.rootT) -
    sign * rate * t.strikeDiscounted * normCdf(sign * t.d2) +
    sign * dividendYield * t.spotDiscounted * normCdf(sign * t.d1);
  const rho = sign * strike * years * Math.exp(-rate * years) * normCdf(sign * t.d2);
  const vanna = (-qFactor * density * t.d2) / vol;
  const charm =
    sign * dividendYield * qFactor * normCdf(sign * t.d1) -
    (qFactor * density * (2 * (rate - dividendYield) * years - t.d2 * vol * t.rootT)) / (2 * years * vol * t.rootT);
  return { delta, gamma, vega, theta, rho, vanna, charm, probItm: normCdf(sign * t.d2) };
}

/** The volatility whose reference price is `price`, by bisection on [1e-9, 10] (price increases with vol). */
export function referenceImpliedVolatility(right: OptionRight, price: number, spot: number, strike: number, years: number, rate: number, dividendYield: number): number {
  let low = 1e-9;
  let high = 10;
  for (let i = 0; i < 200 && high - low > 1e-16 * high; i++) {
    const mid = 0.5 * (low + high);
    if (referencePrice(right, spot, strike, years, rate, dividendYield, mid) < price) low = mid;
    else high = mid;
  }
  return 0.5 * (low + high);
}
