/**
 * Monte Carlo under geometric Brownian motion (the BSM world): terminal prices, path-dependent events
 * (touching a level, a stop-loss being hit) and expectations, with a standard error on every estimate.
 * Seeded and deterministic; paths live in typed arrays and are advanced one time step at a time for all
 * paths together. Antithetic pairs (z, −z) are used by default.
 *
 * Units: prices in currency, years in years, rates continuously compounded decimals, vol annualised.
 */
import { bsmPriceUnchecked } from "./black-scholes";
import { OptionsError, OptionsErrorCode } from "./errors";
import { legMultiplier, legVolatility, type PositionMarket } from "./leg-value";
import { assertPricedLegs } from "./payoff";
import { SeededRandom } from "./random";
import { expiryInstantMs } from "./time";
import { DAYS_PER_YEAR, type Leg } from "./types";

/** The simulated market. */
export interface SimulationSpec {
  /** Starting price (> 0). */
  spot: number;
  rate: number;
  dividendYield: number;
  /** Volatility of the simulated underlying (> 0). */
  vol: number;
  /** Horizon, years (> 0). */
  years: number;
  /** Number of paths (even when antithetic). */
  paths: number;
  /** Seed of the generator. */
  seed: number;
  /** Time steps for path-dependent questions (default: one per calendar day). */
  steps?: number;
  /** Antithetic variates (default true). */
  antithetic?: boolean;
}

/** An estimate with its standard error. */
export interface Estimate {
  value: number;
  standardError: number;
  paths: number;
}

function check(spec: SimulationSpec): void {
  if (
    !(spec.spot > 0) ||
    !(spec.vol > 0) ||
    !(spec.years > 0) ||
    !Number.isFinite(spec.rate) ||
    !Number.isFinite(spec.dividendYield) ||
    !Number.isInteger(spec.paths) ||
    spec.paths < 2
  ) {
    throw new OptionsError(OptionsErrorCode.InvalidInput, "Monte Carlo needs spot, vol and years > 0, finite rates and ≥ 2 whole paths.");
  }
}

function stepsOf(spec: SimulationSpec): number {
  const steps = spec.steps ?? Math.max(1, Math.round(spec.years * DAYS_PER_YEAR));
  if (!Number.isInteger(steps) || steps < 1) throw new OptionsError(OptionsErrorCode.InvalidInput, "Steps must be a whole number ≥ 1.");
  return steps;
}

/** Fills z with normals, antithetic in pairs when asked. */
function draw(random: SeededRandom, z: Float64Array, antithetic: boolean): void {
  if (!antithetic) {
    random.fillNormal(z);
    return;
  }
  for (let i = 0; i + 1 < z.length; i += 2) {
    const x = random.nextNormal();
    z[i] = x;
    z[i + 1] = -x;
  }
  if (z.length % 2 === 1) z[z.length - 1] = random.nextNormal();
}

/** Mean and standard error of per-path values; antithetic pairs are averaged first (they are not independent). */
function estimate(values: Float64Array, antithetic: boolean): Estimate {
  const pairs = antithetic ? Math.floor(values.length / 2) : values.length;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < pairs; i++) {
    const v = antithetic ? 0.5 * ((values[2 * i] ?? 0) + (values[2 * i + 1] ?? 0)) : (values[i] ?? 0);
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / pairs;
  const variance = Math.max(0, (sumSq - pairs * mean * mean) / (pairs - 1));
  return { value: mean, standardError: Math.sqrt(variance / pairs), paths: values.length };
}

/** Terminal prices S_T of `paths` paths (exact lognormal draw, one step). */
export function simulateTerminal(spec: SimulationSpec): Float64Array {
  check(spec);
  const z = new Float64Array(spec.paths);
  draw(new SeededRandom(spec.seed), z, spec.antithetic ?? true);
  const s = spec.vol * Math.sqrt(spec.years);
  const drift = (spec.rate - spec.dividendYield - 0.5 * spec.vol * spec.vol) * spec.years;
  for (let i = 0; i < z.length; i++) z[i] = spec.spot * Math.exp(drift + s * (z[i] ?? 0));
  return z;
}

/** E[f(S_T)] with its standard error (undiscounted). */
export function expectTerminal(spec: SimulationSpec, f: (terminal: number) => number): Estimate {
  const terminal = simulateTerminal(spec);
  const values = new Float64Array(terminal.length);
  for (let i = 0; i < terminal.length; i++) values[i] = f(terminal[i] ?? 0);
  return estimate(values, spec.antithetic ?? true);
}

/**
 * Probability of touching `barrier` (above or below the spot) at any of the `steps` monitoring dates up to
 * the horizon. Discrete monitoring touches less often than the continuous closed form.
 */
export function touchProbability(spec: SimulationSpec, barrier: number): Estimate {
  check(spec);
  const steps = stepsOf(spec);
  const antithetic = spec.antithetic ?? true;
  const up = barrier > spec.spot;
  const n = spec.paths;
  const price = new Float64Array(n).fill(spec.spot);
  const touched = new Float64Array(n);
  if (barrier === spec.spot) touched.fill(1);
  const z = new Float64Array(n);
  const random = new SeededRandom(spec.seed);
  const dt = spec.years / steps;
  const drift = (spec.rate - spec.dividendYield - 0.5 * spec.vol * spec.vol) * dt;
  const s = spec.vol * Math.sqrt(dt);
  for (let step = 0; step < steps; step++) {
    draw(random, z, antithetic);
    for (let i = 0; i < n; i++) {
      const next = (price[i] ?? 0) * Math.exp(drift + s * (z[i] ?? 0));
      price[i] = next;
      if (up ? next >= barrier : next <= barrier) touched[i] = 1;
    }
  }
  return estimate(touched, antithetic);
}

/** What counts as the stop being hit. */
export type StopRule =
  /** The underlying trades at or below a level. */
  | { kind: "underlying_below"; level: number }
  /** The underlying trades at or above a level. */
  | { kind: "underlying_above"; level: number }
  /** The position's model P&L reaches −amount (currency) or worse. */
  | { kind: "loss"; amount: number };

/** Result of {@link stopLossProbability}. */
export interface StopLossEstimate {
  /** Probability that the stop is hit at a monitoring date before the horizon. */
  hit: Estimate;
  /** Expected P&L at the horizon if positions are closed when the stop hits (model values), currency. */
  expectedPnl: Estimate;
}

/**
 * Probability that a stop is hit before the horizon, for a priced position valued with BSM along each
 * path (each leg at its own iv, else market.vol; expired legs at intrinsic value). The paths use
 * `spec.vol`; spec.spot, rate and dividendYield should match the market's.
 * @param horizonMs end of the simulation, epoch ms (after market.nowMs)
 */
export function stopLossProbability(
  legs: readonly Leg[],
  market: PositionMarket,
  spec: Omit<SimulationSpec, "years" | "spot" | "rate" | "dividendYield">,
  horizonMs: number,
  stop: StopRule,
): StopLossEstimate {
  assertPricedLegs(legs);
  const years = (horizonMs - market.nowMs) / (DAYS_PER_YEAR * 86_400_000);
  const full: SimulationSpec = { ...spec, spot: market.spot, rate: market.rate, dividendYield: market.dividendYield, years };
  check(full);
  const steps = stepsOf(full);
  const antithetic = full.antithetic ?? true;
  const count = legs.length;
  const isStock = new Uint8Array(count);
  const isCall = new Uint8Array(count);
  const strike = new Float64Array(count);
  const expiry = new Float64Array(count);
  const size = new Float64Array(count);
  const vol = new Float64Array(count);
  let cost = 0;
  legs.forEach((leg, j) => {
    size[j] = leg.quantity * legMultiplier(leg);
    cost += (size[j] ?? 0) * (leg.price ?? 0);
    if (leg.kind === "stock") {
      isStock[j] = 1;
      return;
    }
    isCall[j] = leg.right === "call" ? 1 : 0;
    strike[j] = leg.strike;
    expiry[j] = expiryInstantMs(leg.expiry, market.closeHourUtc);
    vol[j] = legVolatility(leg, market);
  });
  const value = (underlying: number, atMs: number): number => {
    let total = 0;
    for (let j = 0; j < count; j++) {
      let unit: number;
      if (isStock[j] === 1) unit = underlying;
      else {
        const t = ((expiry[j] ?? 0) - atMs) / (DAYS_PER_YEAR * 86_400_000);
        const k = strike[j] ?? 0;
        unit =
          t > 0
            ? bsmPriceUnchecked(isCall[j] === 1, underlying, k, t, market.rate, market.dividendYield, vol[j] ?? 0)
            : Math.max(isCall[j] === 1 ? underlying - k : k - underlying, 0);
      }
      total += (size[j] ?? 0) * unit;
    }
    return total;
  };

  const n = full.paths;
  const price = new Float64Array(n).fill(market.spot);
  const hit = new Float64Array(n);
  const pnl = new Float64Array(n);
  const z = new Float64Array(n);
  const random = new SeededRandom(full.seed);
  const dt = years / steps;
  const drift = (market.rate - market.dividendYield - 0.5 * full.vol * full.vol) * dt;
  const s = full.vol * Math.sqrt(dt);
  for (let step = 1; step <= steps; step++) {
    draw(random, z, antithetic);
    const atMs = market.nowMs + (horizonMs - market.nowMs) * (step / steps);
    for (let i = 0; i < n; i++) {
      const next = (price[i] ?? 0) * Math.exp(drift + s * (z[i] ?? 0));
      price[i] = next;
      if (hit[i] === 1) continue;
      let stopped: boolean;
      if (stop.kind === "underlying_below") stopped = next <= stop.level;
      else if (stop.kind === "underlying_above") stopped = next >= stop.level;
      else stopped = false;
      if (stopped || stop.kind === "loss" || step === steps) {
        const current = value(next, atMs) - cost;
        if (stop.kind === "loss" && current <= -stop.amount) stopped = true;
        if (stopped) hit[i] = 1;
        if (stopped || step === steps) pnl[i] = current;
      }
    }
  }
  return { hit: estimate(hit, antithetic), expectedPnl: estimate(pnl, antithetic) };
}
