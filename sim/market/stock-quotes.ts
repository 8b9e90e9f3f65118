import { RTH_CLOSE_MIN, RTH_OPEN_MIN, type DayNumber, isTradingDay, nyTime, nyToUtc, previousTradingDay } from "./calendar";
import { PricePath, roundTo } from "./price-path";
import { hashString, intBetween, uniform } from "./rng";
import { SessionHistory } from "./session-history";
import type { Underlying } from "./underlyings";

export interface StockQuote {
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  last: number;
  lastSize: number;
  /** Shares traded so far in the current (or last) regular session. */
  volume: number;
  open: number;
  high: number;
  low: number;
  /** The previous session's close. */
  close: number;
  /** Simulated epoch seconds of the last trade. */
  lastTime: number;
}

interface SessionStats {
  day: DayNumber;
  open: number;
  high: number;
  low: number;
  prevClose: number;
  /** Fraction of the regular session elapsed, 0..1. */
  elapsed: number;
}

/** Stock/ETF quotes: the random-walk mid, a one-to-few-cent spread, sizes in shares, and session statistics. */
export class StockMarket {
  readonly path: PricePath;
  readonly history: SessionHistory;
  private readonly sizeStream: number;
  private statsCache: { minute: number; stats: SessionStats } | undefined;

  constructor(
    readonly underlying: Underlying,
    private readonly seed: number,
    startTime: number,
  ) {
    this.path = new PricePath(underlying, seed, startTime);
    this.history = new SessionHistory(this.path, seed);
    this.sizeStream = hashString(`sizes:${underlying.symbol}`);
  }

  /** The quoted spread: a penny for the big ETFs, a little wider for high-priced single stocks. */
  spread(mid: number): number {
    if (this.underlying.stockType === "ETF") return 0.01;
    return Math.max(0.01, roundTo(mid * 0.00004, 0.01));
  }

  mid(t: number): number {
    return this.path.priceAt(t);
  }

  /** Close of a completed regular session, from history or from the live path. */
  sessionClose(day: DayNumber): number {
    if (day <= this.history.anchorDay) return this.history.closeOf(day) ?? this.path.originPrice;
    return this.path.priceAt(nyToUtc(day, RTH_CLOSE_MIN));
  }

  /** The regular session that most recently opened at or before t. */
  static sessionDay(t: number): DayNumber {
    const ny = nyTime(t);
    return isTradingDay(ny.day) && ny.minutes >= RTH_OPEN_MIN ? ny.day : previousTradingDay(ny.day);
  }

  private stats(t: number): SessionStats {
    const minute = Math.floor(t / 60_000);
    if (this.statsCache && this.statsCache.minute === minute) return this.statsCache.stats;
    const day = StockMarket.sessionDay(t);
    const openT = nyToUtc(day, RTH_OPEN_MIN);
    const closeT = nyToUtc(day, RTH_CLOSE_MIN);
    const prevClose = this.sessionClose(previousTradingDay(day));
    let open: number;
    let high = -Infinity;
    let low = Infinity;
    const consider = (bars: { time: number; bar: { high: number; low: number } }[], from: number, to: number): void => {
      for (const { time, bar } of bars) {
        if (time < from || time >= to) continue;
        if (bar.high > high) high = bar.high;
        if (bar.low < low) low = bar.low;
      }
    };
    const end = Math.min(minute * 60_000, closeT);
    if (day <= this.history.anchorDay || day === this.history.partialDay) {
      open = this.history.openOf(day) ?? prevClose;
      consider(this.history.minuteBarsOf(day), openT, closeT);
      consider(this.path.minuteBars(this.path.origin, end), openT, closeT);
    } else {
      open = this.path.priceAt(openT);
      consider(this.path.minuteBars(openT, end), openT, closeT);
    }
    const elapsed = Math.min(1, Math.max(0, (t - openT) / (closeT - openT)));
    const stats = { day, open, high: Math.max(high, open), low: Math.min(low, open), prevClose, elapsed };
    this.statsCache = { minute, stats };
    return stats;
  }

  quote(t: number): StockQuote {
    const mid = this.mid(t);
    const spread = this.spread(mid);
    const bid = roundTo(Math.floor((mid - spread / 2) / 0.01 + 1e-9) * 0.01, 0.01);
    const ask = roundTo(bid + spread, 0.01);
    const second = Math.floor(t / 1000);
    const lot = this.underlying.dailyVolume > 50_000_000 ? 8 : 4;
    const bidSize = 100 * intBetween(this.seed, this.sizeStream, second * 3, 1, lot * 5);
    const askSize = 100 * intBetween(this.seed, this.sizeStream, second * 3 + 1, 1, lot * 5);
    const buyerInitiated = uniform(this.seed, this.sizeStream, second * 3 + 2) < 0.5;
    const s = this.stats(t);
    // Cumulative volume follows a U-shaped intraday profile (busy open and close).
    const f = s.elapsed;
    const profile = (f + 0.25 * ((2 * f - 1) ** 3 + 1)) / 1.5;
    const volume = Math.round((this.underlying.dailyVolume * profile) / 100) * 100;
    const last = buyerInitiated ? ask : bid;
    return {
      bid,
      ask,
      bidSize,
      askSize,
      last,
      lastSize: 100 * intBetween(this.seed, this.sizeStream ^ 1, second, 1, 5),
      volume,
      open: roundTo(s.open, 0.01),
      high: roundTo(Math.max(s.high, s.elapsed > 0 && s.elapsed < 1 ? mid : s.high), 0.01),
      low: roundTo(Math.min(s.low, s.elapsed > 0 && s.elapsed < 1 ? mid : s.low), 0.01),
      close: roundTo(s.prevClose, 0.01),
      lastTime: second,
    };
  }
}
