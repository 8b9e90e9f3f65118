/**
 * The model value of legs at a given underlying price and instant: Black-Scholes-Merton before expiry,
 * intrinsic value from expiry on. The clock is an argument (epoch milliseconds), never read.
 */
import { bsmPriceUnchecked } from "./black-scholes";
import { OptionsError, OptionsErrorCode } from "./errors";
import { yearFraction } from "./time";
import { DEFAULT_MULTIPLIER, type Leg, type OptionLeg } from "./types";

/** Market inputs for valuing a position. */
export interface PositionMarket {
  /** Underlying price now (> 0). */
  spot: number;
  /** Risk-free rate, continuously compounded decimal. */
  rate: number;
  /** Continuous dividend yield, decimal. */
  dividendYield: number;
  /** The current instant, epoch milliseconds (supplied by the caller). */
  nowMs: number;
  /** Hour (UTC) at which options expire on their expiry date; default 4 pm New York (20 in summer, 21 in winter). */
  closeHourUtc?: number;
  /** Volatility (annualised decimal) for option legs that carry no `iv`. */
  vol?: number;
}

/** Smallest volatility used after an IV shift (a shift can't make volatility negative). */
export const MIN_SHIFTED_VOL = 1e-4;

/** Shares per contract of a leg (1 for stock). */
export function legMultiplier(leg: Leg): number {
  return leg.kind === "option" ? (leg.multiplier ?? DEFAULT_MULTIPLIER) : 1;
}

/** The volatility of an option leg: its own iv, else the market's; shifted by `ivShift` (decimal). */
export function legVolatility(leg: OptionLeg, market: PositionMarket, ivShift = 0): number {
  const base = leg.iv ?? market.vol;
  if (base === undefined || !(base >= 0) || !Number.isFinite(base)) {
    throw new OptionsError(
      OptionsErrorCode.InvalidInput,
      `The ${leg.strike} ${leg.right} ${leg.expiry} leg has no implied volatility and the market gives none.`,
    );
  }
  const v = base + ivShift;
  return v > MIN_SHIFTED_VOL ? v : MIN_SHIFTED_VOL;
}

/** Throws OptionsError(InvalidInput) unless the market is usable. */
export function assertPositionMarket(market: PositionMarket): void {
  if (
    !(market.spot > 0) ||
    !Number.isFinite(market.spot) ||
    !Number.isFinite(market.rate) ||
    !Number.isFinite(market.dividendYield) ||
    !Number.isFinite(market.nowMs)
  ) {
    throw new OptionsError(OptionsErrorCode.InvalidInput, "Need a spot > 0, finite rates and a current time.");
  }
}

/**
 * Value per share of one leg (currency) at underlying price `underlying` and instant `atMs`:
 * BSM before its expiry, intrinsic after; the stock is worth the price.
 */
export function legUnitValue(
  leg: Leg,
  market: PositionMarket,
  underlying: number,
  atMs: number,
  ivShift = 0,
): number {
  if (leg.kind === "stock") return underlying;
  const years = yearFraction(atMs, leg.expiry, market.closeHourUtc);
  if (years === 0) {
    const intrinsic = leg.right === "call" ? underlying - leg.strike : leg.strike - underlying;
    return intrinsic > 0 ? intrinsic : 0;
  }
  const vol = legVolatility(leg, market, ivShift);
  return bsmPriceUnchecked(leg.right === "call", underlying, leg.strike, years, market.rate, market.dividendYield, vol);
}

/** Value of the whole position (currency, signed by quantity) at a price and instant. */
export function positionValue(
  legs: readonly Leg[],
  market: PositionMarket,
  underlying: number,
  atMs: number,
  ivShift = 0,
): number {
  let total = 0;
  for (const leg of legs) total += leg.quantity * legMultiplier(leg) * legUnitValue(leg, market, underlying, atMs, ivShift);
  return total;
}
