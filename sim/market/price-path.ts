import { isRegularHours } from "./calendar";
import { hashString, normal } from "./rng";
import type { Underlying } from "./underlyings";

/** Seconds of regular trading per year (252 sessions of 6.5 hours): volatility is quoted per trading time. */
const TRADING_SECONDS_PER_YEAR = 252 * 6.5 * 3600;
/** Outside the regular session prices still drift, at a fraction of the daytime volatility. */
const OFF_HOURS_VOL_FACTOR = 0.25;

export interface MinuteBar {
  open: number;
  high: number;
  low: number;
  close: number;
}

/**
 * One underlying's price from the simulator's start onward: a geometric random walk on a one-second grid,
 * each step a pure function of (seed, symbol, step), so the same seed gives the same price at the same
 * simulated time. Completed minutes are kept as OHLC bars (for history and session high/low).
 */
export class PricePath {
  readonly origin: number;
  readonly originPrice: number;
  private readonly stream: number;
  private readonly sigmaPerStep: number;
  /** Log price at the start of each minute computed so far (index 0 = origin minute). */
  private readonly minuteStart: number[] = [];
  private readonly bars: MinuteBar[] = [];
  private cache = { second: -1, logPrice: 0 };

  constructor(
    readonly underlying: Underlying,
    private readonly seed: number,
    startTime: number,
  ) {
    this.origin = Math.floor(startTime / 60_000) * 60_000;
    this.stream = hashString(`path:${underlying.symbol}`);
    // The seed also moves the starting level a little, so different seeds give different markets.
    const level = Math.exp(0.04 * normal(seed, hashString(`level:${underlying.symbol}`), 0));
    this.originPrice = roundTo(underlying.price * level, 0.01);
    this.sigmaPerStep = underlying.realizedVol / Math.sqrt(TRADING_SECONDS_PER_YEAR);
    this.minuteStart.push(Math.log(this.originPrice));
  }

  private step(second: number): number {
    const t = this.origin + second * 1000;
    const sigma = isRegularHours(t) ? this.sigmaPerStep : this.sigmaPerStep * OFF_HOURS_VOL_FACTOR;
    return sigma * normal(this.seed, this.stream, second) - 0.5 * sigma * sigma;
  }

  /** Completes minutes up to (not including) minute `m`, recording their bars. */
  private ensureMinute(m: number): void {
    while (this.minuteStart.length <= m) {
      const idx = this.minuteStart.length - 1;
      let x = this.minuteStart[idx] ?? 0;
      const open = Math.exp(x);
      let high = open;
      let low = open;
      for (let s = 0; s < 60; s++) {
        x += this.step(idx * 60 + s);
        const p = Math.exp(x);
        if (p > high) high = p;
        if (p < low) low = p;
      }
      this.bars.push({ open, high, low, close: Math.exp(x) });
      this.minuteStart.push(x);
    }
  }

  /** Mid price at a simulated instant (before the origin the origin price is returned). */
  priceAt(t: number): number {
    if (t <= this.origin) return this.originPrice;
    const second = Math.floor((t - this.origin) / 1000);
    if (second === this.cache.second) return Math.exp(this.cache.logPrice);
    const m = Math.floor(second / 60);
    this.ensureMinute(m);
    let x = this.minuteStart[m] ?? 0;
    for (let s = m * 60; s < second; s++) x += this.step(s);
    this.cache = { second, logPrice: x };
    return Math.exp(x);
  }

  /** Completed one-minute bars from `from` (inclusive) to `to` (exclusive), simulated epoch ms. */
  minuteBars(from: number, to: number): { time: number; bar: MinuteBar }[] {
    const first = Math.max(0, Math.floor((from - this.origin) / 60_000));
    const last = Math.floor((to - this.origin) / 60_000); // exclusive: the minute in progress
    if (last <= first) return [];
    this.ensureMinute(last);
    const out: { time: number; bar: MinuteBar }[] = [];
    for (let m = first; m < last; m++) {
      const bar = this.bars[m];
      if (bar) out.push({ time: this.origin + m * 60_000, bar });
    }
    return out;
  }
}

/** Rounds to a tick and strips binary noise (600.12, not 600.1200000000001). */
export function roundTo(value: number, tick: number): number {
  const decimals = Math.max(0, Math.ceil(-Math.log10(tick) - 1e-9));
  return Number((Math.round(value / tick) * tick).toFixed(decimals + 2));
}
