import {
  EXT_CLOSE_MIN,
  EXT_OPEN_MIN,
  RTH_CLOSE_MIN,
  RTH_OPEN_MIN,
  type DayNumber,
  isTradingDay,
  nyTime,
  nyToUtc,
  previousTradingDay,
} from "./calendar";
import type { MinuteBar, PricePath } from "./price-path";
import { hashString, normal } from "./rng";

const RTH_MINUTES = RTH_CLOSE_MIN - RTH_OPEN_MIN;
/** Overnight gaps are smaller than a session's move: a quarter of a day's standard deviation. */
const GAP_FACTOR = 0.25;
/** Extended-hours prices wander with a fifth of the daytime volatility. */
const EXT_VOL_FACTOR = 0.2;
/** How far back daily history goes (trading days): a little over two years. */
const MAX_DAYS_BACK = 540;

export interface DailyBar extends MinuteBar {
  day: DayNumber;
  volume: number;
}

/**
 * Prices before the simulator's start: a daily random walk run backwards from the starting price, and inside
 * each past session a Brownian bridge from that day's open to its close, so minute bars, daily bars and the
 * live price all agree. After the start, everything comes from the forward PricePath.
 */
export class SessionHistory {
  /** The last session that closed at or before the start. */
  readonly anchorDay: DayNumber;
  /** The session in progress at the start, if the simulator started during regular hours. */
  readonly partialDay: DayNumber | undefined;
  private readonly closes: number[] = [];
  private readonly days: DayNumber[] = [];
  private readonly stream: number;
  private readonly sigmaDay: number;
  private readonly intraday = new Map<DayNumber, { time: number; bar: MinuteBar }[]>();

  constructor(
    private readonly path: PricePath,
    private readonly seed: number,
  ) {
    const u = path.underlying;
    this.stream = hashString(`days:${u.symbol}`);
    this.sigmaDay = u.realizedVol / Math.sqrt(252);
    const start = nyTime(path.origin);
    const inSession = isTradingDay(start.day) && start.minutes >= RTH_OPEN_MIN && start.minutes < RTH_CLOSE_MIN;
    let anchorClose: number;
    if (inSession) {
      this.partialDay = start.day;
      this.anchorDay = previousTradingDay(start.day);
      const elapsed = (start.minutes - RTH_OPEN_MIN) / RTH_MINUTES;
      const z = normal(seed, this.stream, 1_000_000);
      anchorClose = path.originPrice * Math.exp(-this.sigmaDay * Math.sqrt(elapsed + GAP_FACTOR ** 2) * z);
    } else {
      this.partialDay = undefined;
      this.anchorDay =
        isTradingDay(start.day) && start.minutes >= RTH_CLOSE_MIN ? start.day : previousTradingDay(start.day);
      anchorClose = path.originPrice;
    }
    this.closes.push(anchorClose);
    this.days.push(this.anchorDay);
  }

  private ensureBack(k: number): void {
    while (this.closes.length <= k && this.closes.length <= MAX_DAYS_BACK) {
      const i = this.closes.length;
      const later = this.closes[i - 1] ?? this.path.originPrice;
      const z = normal(this.seed, this.stream, i);
      this.closes.push(later * Math.exp(-this.sigmaDay * z + 0.5 * this.sigmaDay ** 2));
      this.days.push(previousTradingDay(this.days[i - 1] ?? this.anchorDay));
    }
  }

  /** Index of a past trading day counted back from the anchor (0 = anchor), or undefined if out of range. */
  private indexOf(day: DayNumber): number | undefined {
    if (day > this.anchorDay) return undefined;
    // Trading days are ~5/7 of calendar days; walk the cached list until we pass the day.
    for (let k = 0; k <= MAX_DAYS_BACK; k++) {
      this.ensureBack(k);
      const d = this.days[k];
      if (d === undefined) return undefined;
      if (d === day) return k;
      if (d < day) return undefined;
    }
    return undefined;
  }

  /** Close of a completed past session (at or before the anchor). */
  closeOf(day: DayNumber): number | undefined {
    const k = this.indexOf(day);
    return k === undefined ? undefined : this.closes[k];
  }

  /** Open of a past session (or of the session in progress at the start). */
  openOf(day: DayNumber): number | undefined {
    const prevClose = this.closeOf(previousTradingDay(day));
    if (prevClose === undefined) return undefined;
    const z = normal(this.seed, this.stream ^ 0x51ed270b, day);
    return prevClose * Math.exp(this.sigmaDay * GAP_FACTOR * z);
  }

  /**
   * Minute bars of a session that started before the simulator did, from 04:00 to 20:00 New York
   * (regular-hours bars are 09:30-16:00). For the session in progress at the start, only bars before the start.
   */
  minuteBarsOf(day: DayNumber): { time: number; bar: MinuteBar }[] {
    const cached = this.intraday.get(day);
    if (cached) return cached;
    const open = this.openOf(day);
    const prevClose = this.closeOf(previousTradingDay(day));
    const isPartial = day === this.partialDay;
    const close = isPartial ? this.path.originPrice : this.closeOf(day);
    if (open === undefined || prevClose === undefined || close === undefined) return [];
    const sigmaMin = this.sigmaDay / Math.sqrt(RTH_MINUTES);
    const stream = hashString(`minutes:${this.path.underlying.symbol}:${day}`);
    const bars: { time: number; bar: MinuteBar }[] = [];
    const rthEnd = isPartial ? nyTime(this.path.origin).minutes : RTH_CLOSE_MIN;
    this.bridge(bars, day, EXT_OPEN_MIN, RTH_OPEN_MIN, prevClose, open, sigmaMin * EXT_VOL_FACTOR, stream, 0);
    this.bridge(bars, day, RTH_OPEN_MIN, rthEnd, open, close, sigmaMin, stream, 10_000);
    if (!isPartial) this.bridge(bars, day, RTH_CLOSE_MIN, EXT_CLOSE_MIN, close, close, sigmaMin * EXT_VOL_FACTOR, stream, 20_000);
    // Two years of minutes would be ~500k bars per symbol: keep only recently used days.
    if (this.intraday.size >= 40) this.intraday.clear();
    this.intraday.set(day, bars);
    return bars;
  }

  /** Appends a Brownian bridge from `a` to `b` between two New York minutes, one bar per minute. */
  private bridge(
    out: { time: number; bar: MinuteBar }[],
    day: DayNumber,
    fromMin: number,
    toMin: number,
    a: number,
    b: number,
    sigma: number,
    stream: number,
    offset: number,
  ): void {
    const n = toMin - fromMin;
    if (n <= 0) return;
    const walk: number[] = [0];
    for (let i = 1; i <= n; i++) walk.push((walk[i - 1] ?? 0) + sigma * normal(this.seed, stream, offset + i));
    const la = Math.log(a);
    const drift = Math.log(b) - la - (walk[n] ?? 0);
    const at = (i: number): number => Math.exp(la + (walk[i] ?? 0) + (drift * i) / n);
    for (let i = 0; i < n; i++) {
      const o = at(i);
      const c = at(i + 1);
      const wiggle = sigma * 0.6 * Math.abs(normal(this.seed, stream, offset + 5_000 + i));
      out.push({
        time: nyToUtc(day, fromMin + i),
        bar: { open: o, close: c, high: Math.max(o, c) * Math.exp(wiggle), low: Math.min(o, c) * Math.exp(-wiggle) },
      });
    }
  }
}
