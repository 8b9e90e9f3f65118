/**
 * Black-Scholes-Merton sensitivities, analytic, from the same evaluation of d1, d2 and the normal
 * distribution as the price (kernel/bsm-kernel.ts, reached through kernel/scalar.ts).
 * Argument order and units as in black-scholes.ts; result units as documented on {@link Greeks}.
 */
import { assertBsmInputs } from "./black-scholes";
import {
  bsmGreeksInto,
  GREEK_CHARM,
  GREEK_DELTA,
  GREEK_GAMMA,
  GREEK_PRICE,
  GREEK_PROB_ITM,
  GREEK_RHO,
  GREEK_SLOTS,
  GREEK_THETA,
  GREEK_VANNA,
  GREEK_VEGA,
} from "./kernel/scalar";
import { DAYS_PER_YEAR, type Greeks, type OptionRight } from "./types";

export { bsmGreeksInto, GREEK_CHARM, GREEK_DELTA, GREEK_GAMMA, GREEK_PRICE, GREEK_PROB_ITM, GREEK_RHO, GREEK_SLOTS, GREEK_THETA, GREEK_VANNA, GREEK_VEGA };

const scratch = new Float64Array(GREEK_SLOTS);

/**
 * Black-Scholes-Merton price and greeks of one European option, per share.
 * @param right "call" or "put"
 * @param spot underlying price (> 0)
 * @param strike strike (> 0)
 * @param years time to expiry in years (≥ 0)
 * @param rate risk-free rate, continuously compounded, decimal
 * @param dividendYield continuous dividend yield, decimal
 * @param vol annualised volatility, decimal (≥ 0)
 * @returns {@link Greeks}: theta per year and per calendar day, vega and rho per 1.00 and per point (0.01)
 * @throws OptionsError(InvalidInput) for inputs outside that domain
 */
export function bsmGreeks(
  right: OptionRight,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  dividendYield: number,
  vol: number,
): Greeks {
  assertBsmInputs(spot, strike, years, rate, dividendYield, vol);
  bsmGreeksInto(right === "call", spot, strike, years, rate, dividendYield, vol, scratch, 0);
  const vega = scratch[GREEK_VEGA] ?? 0;
  const theta = scratch[GREEK_THETA] ?? 0;
  const rho = scratch[GREEK_RHO] ?? 0;
  const charm = scratch[GREEK_CHARM] ?? 0;
  return {
    price: scratch[GREEK_PRICE] ?? 0,
    delta: scratch[GREEK_DELTA] ?? 0,
    gamma: scratch[GREEK_GAMMA] ?? 0,
    vega,
    vegaPerPoint: vega / 100,
    theta,
    thetaPerDay: theta / DAYS_PER_YEAR,
    rho,
    rhoPerPoint: rho / 100,
    vanna: scratch[GREEK_VANNA] ?? 0,
    charm,
    charmPerDay: charm / DAYS_PER_YEAR,
    probItm: scratch[GREEK_PROB_ITM] ?? 0,
  };
}
