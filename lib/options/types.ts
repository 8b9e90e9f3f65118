/**
 * Shared types for options positions. A position is a list of legs; quantities are signed (+ long,
 * − short). Premiums are per share (per unit of the underlying), as quoted.
 */

/** Call or put. */
export type OptionRight = "call" | "put";

/** Contract multiplier used when a leg does not give one (US equity options). */
export const DEFAULT_MULTIPLIER = 100;

/** One option leg. */
export interface OptionLeg {
  kind: "option";
  right: OptionRight;
  /** Strike price, in the underlying's currency. */
  strike: number;
  /** Expiry date as YYYYMMDD (e.g. "20260116"). */
  expiry: string;
  /** Signed number of contracts: + long (bought), − short (sold). */
  quantity: number;
  /** Shares per contract; 100 when absent. */
  multiplier?: number;
  /** Premium per share paid (long) or received (short), ≥ 0. */
  price?: number;
  /** Implied volatility for this leg, decimal annualised (0.25 = 25%). */
  iv?: number;
}

/** A stock (or ETF) leg. */
export interface StockLeg {
  kind: "stock";
  /** Signed number of shares: + long, − short. */
  quantity: number;
  /** Price per share paid (long) or received (short). */
  price?: number;
}

/** A leg of a position. */
export type Leg = OptionLeg | StockLeg;

/**
 * Black-Scholes-Merton sensitivities of one option (per share, not per contract).
 * Units: price in currency; delta per 1 of spot; gamma per 1 of spot per 1 of spot; vega per 1.00 of vol
 * (vegaPerPoint per 0.01); theta per year of calendar time (thetaPerDay per calendar day, = theta/365);
 * rho per 1.00 of rate (rhoPerPoint per 0.01); vanna = ∂delta/∂vol per 1.00 of vol; charm = change of delta
 * per year as time passes (charmPerDay per calendar day); probItm = risk-neutral probability of expiring in
 * the money.
 */
export interface Greeks {
  price: number;
  delta: number;
  gamma: number;
  vega: number;
  vegaPerPoint: number;
  theta: number;
  thetaPerDay: number;
  rho: number;
  rhoPerPoint: number;
  vanna: number;
  charm: number;
  charmPerDay: number;
  probItm: number;
}

/** Calendar days per year used for per-day figures and by {@link yearFraction}. */
export const DAYS_PER_YEAR = 365;
