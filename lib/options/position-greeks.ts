/**
 * Greeks of a whole position: the sum over legs of quantity × multiplier × the per-share greek. Stock adds
 * its share count to delta and nothing else. The clock comes in through the market (nowMs).
 */
import { bsmGreeks } from "./greeks";
import { assertPositionMarket, legMultiplier, legVolatility, type PositionMarket } from "./leg-value";
import { assertPricedLegs } from "./payoff";
import { yearFraction } from "./time";
import { DAYS_PER_YEAR, type Leg } from "./types";

/** Sensitivities of a position or of one leg (signed, per position, in currency unless noted). */
export interface PositionGreeksFigures {
  /** Model value now (currency). */
  value: number;
  /** Share-equivalent delta: currency per 1.00 move of the underlying. */
  delta: number;
  /** Change of delta per 1.00 move of the underlying (shares per unit). */
  gamma: number;
  /** Currency per 1.00 of volatility; vegaPerPoint per 0.01. */
  vega: number;
  vegaPerPoint: number;
  /** Currency per year of calendar time; thetaPerDay per calendar day. */
  theta: number;
  thetaPerDay: number;
  /** Currency per 1.00 of rate; rhoPerPoint per 0.01. */
  rho: number;
  rhoPerPoint: number;
}

/** Position greeks with the per-leg breakdown (in the order of the legs). */
export interface PositionGreeks extends PositionGreeksFigures {
  /** Model value minus premium paid (currency): the unrealised P&L at model prices, when every leg is priced. */
  pnl: number | null;
  legs: PositionGreeksFigures[];
}

function zero(): PositionGreeksFigures {
  return { value: 0, delta: 0, gamma: 0, vega: 0, vegaPerPoint: 0, theta: 0, thetaPerDay: 0, rho: 0, rhoPerPoint: 0 };
}

/**
 * Sum of the legs' greeks at the market's spot and instant. Option legs use their own `iv`, else
 * market.vol; an expired option contributes its intrinsic value and delta only.
 * @throws OptionsError(InvalidInput) for a bad market or an option leg with no volatility
 */
export function positionGreeks(legs: readonly Leg[], market: PositionMarket): PositionGreeks {
  assertPositionMarket(market);
  const total = zero();
  const perLeg: PositionGreeksFigures[] = [];
  for (const leg of legs) {
    const f = zero();
    const size = leg.quantity * legMultiplier(leg);
    if (leg.kind === "stock") {
      f.value = size * market.spot;
      f.delta = size;
    } else {
      const years = yearFraction(market.nowMs, leg.expiry, market.closeHourUtc);
      const vol = years > 0 ? legVolatility(leg, market) : 0;
      const g = bsmGreeks(leg.right, market.spot, leg.strike, years, market.rate, market.dividendYield, vol);
      f.value = size * g.price;
      f.delta = size * g.delta;
      f.gamma = size * g.gamma;
      f.vega = size * g.vega;
      f.theta = size * g.theta;
      f.rho = size * g.rho;
    }
    f.vegaPerPoint = f.vega / 100;
    f.thetaPerDay = f.theta / DAYS_PER_YEAR;
    f.rhoPerPoint = f.rho / 100;
    perLeg.push(f);
    total.value += f.value;
    total.delta += f.delta;
    total.gamma += f.gamma;
    total.vega += f.vega;
    total.theta += f.theta;
    total.rho += f.rho;
  }
  total.vegaPerPoint = total.vega / 100;
  total.thetaPerDay = total.theta / DAYS_PER_YEAR;
  total.rhoPerPoint = total.rho / 100;
  let pnl: number | null = null;
  if (legs.every((leg) => leg.price !== undefined)) {
    assertPricedLegs(legs);
    let cost = 0;
    for (const leg of legs) cost += leg.quantity * legMultiplier(leg) * (leg.price ?? 0);
    pnl = total.value - cost;
  }
  return { ...total, pnl, legs: perLeg };
}
