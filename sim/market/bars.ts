import { EXT_CLOSE_MIN, EXT_OPEN_MIN, RTH_CLOSE_MIN, RTH_OPEN_MIN, type DayNumber, civil, dayNumber, formatDay, isTradingDay, nyTime, nyToUtc, previousTradingDay } from "./calendar";
import type { Instrument } from "./instruments";
import type { Market } from "./market";
import type { MinuteBar } from "./price-path";
import { hashString, uniform } from "./rng";

export interface Bar {
  /** Bar start, simulated epoch ms. */
  time: number;
  /** Trading day of the bar (for daily and longer bars). */
  day: DayNumber;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  wap: number;
  count: number;
}

export type BarUnit = { kind: "minutes"; minutes: number } | { kind: "day" } | { kind: "week" } | { kind: "month" };

/** "1 min", "5 mins", "1 hour", "4 hours", "1 day", "1 week", "1 month"; undefined if not supported. */
export function parseBarSize(text: string): BarUnit | undefined {
  const m = /^\s*(\d+)\s+(min|mins|hour|hours|day|days|week|weeks|month|months|W|M)\s*$/i.exec(text);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  const n = Number(m[1]);
  const unit = m[2].toLowerCase();
  if (unit.startsWith("min")) return [1, 2, 3, 5, 10, 15, 20, 30].includes(n) ? { kind: "minutes", minutes: n } : undefined;
  if (unit.startsWith("hour")) return [1, 2, 3, 4, 8].includes(n) ? { kind: "minutes", minutes: n * 60 } : undefined;
  if (n !== 1) return undefined;
  if (unit.startsWith("day")) return { kind: "day" };
  if (unit.startsWith("week") || unit === "w") return { kind: "week" };
  return { kind: "month" };
}

/** How far back a request reaches: "N D" counts trading days (as TWS does); S, W, M and Y are calendar spans. */
export type Duration = { tradingDays: number } | { calendarDays: number };

/** Start of a request's range ending at `end`. */
export function durationStart(d: Duration, end: number): number {
  if ("calendarDays" in d) return end - d.calendarDays * 86_400_000;
  let day = nyTime(end).day;
  if (!isTradingDay(day)) day = previousTradingDay(day);
  for (let i = 1; i < d.tradingDays; i++) day = previousTradingDay(day);
  return nyToUtc(day, 0);
}

/** "30 D", "2 W", "6 M", "1 Y", "3600 S"; undefined when malformed. */
export function parseDuration(text: string): Duration | undefined {
  const m = /^\s*(\d+)\s*([SDWMY])\s*$/i.exec(text);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  const n = Number(m[1]);
  if (n <= 0) return undefined;
  switch (m[2].toUpperCase()) {
    case "S":
      return { calendarDays: n / 86_400 };
    case "D":
      return { tradingDays: n };
    case "W":
      return { calendarDays: n * 7 };
    case "M":
      return { calendarDays: n * 30.5 };
    default:
      return { calendarDays: n * 365.25 };
  }
}

/**
 * End time of a request: "" (now), "yyyymmdd hh:mm:ss" (New York, as TWS assumes its own zone),
 * "yyyymmdd hh:mm:ss US/Eastern", "... UTC", or "yyyymmdd-hh:mm:ss" (UTC).
 */
export function parseEndDateTime(text: string, now: number): number | undefined {
  const s = text.trim();
  if (s === "") return now;
  const m = /^(\d{4})(\d{2})(\d{2})([ -])(\d{2}):(\d{2}):(\d{2})(?:\s+(\S+))?$/.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, sep, hh, mm, ss, tz] = m;
  const day = dayNumber(Number(y), Number(mo), Number(d));
  const minutes = Number(hh) * 60 + Number(mm);
  const secondsMs = Number(ss) * 1000;
  const utc = sep === "-" || (tz !== undefined && /^(UTC|GMT)$/i.test(tz));
  return utc ? day * 86_400_000 + minutes * 60_000 + secondsMs : nyToUtc(day, minutes) + secondsMs;
}

/** Bar time as TWS formats it: formatDate 1 gives "yyyymmdd hh:mm:ss US/Eastern" (days: "yyyymmdd"), 2 epoch seconds. */
export function formatBarTime(bar: Bar, unit: BarUnit, formatDate: number): string {
  if (unit.kind !== "minutes") return formatDay(bar.day);
  if (formatDate === 2) return String(Math.floor(bar.time / 1000));
  const t = nyTime(bar.time);
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${formatDay(t.day)} ${pad(Math.floor(t.minutes / 60))}:${pad(t.minutes % 60)}:00 US/Eastern`;
}

const PROFILE_STREAM = hashString("bar-volume");

/** Share of a session's volume traded in one regular-hours minute (U-shaped: busy open and close). */
function minuteShare(minuteOfDay: number): number {
  const f = (minuteOfDay - RTH_OPEN_MIN) / (RTH_CLOSE_MIN - RTH_OPEN_MIN);
  if (f < 0 || f >= 1) return 0.02 / (RTH_CLOSE_MIN - RTH_OPEN_MIN);
  return (1 + 3 * (2 * f - 1) ** 2) / 2 / (RTH_CLOSE_MIN - RTH_OPEN_MIN);
}

/** One-minute stock bars of a trading day within [from, to), from history before the start and the live path after. */
function stockMinutes(market: Market, inst: Instrument, day: DayNumber, from: number, to: number): { time: number; bar: MinuteBar }[] {
  const stock = market.stock(inst.underlying);
  const out: { time: number; bar: MinuteBar }[] = [];
  const dayStart = nyToUtc(day, EXT_OPEN_MIN);
  const dayEnd = nyToUtc(day, EXT_CLOSE_MIN);
  const lo = Math.max(from, dayStart);
  const hi = Math.min(to, dayEnd);
  if (hi <= lo) return out;
  if (lo < stock.path.origin) {
    for (const b of stock.history.minuteBarsOf(day)) if (b.time >= lo && b.time < hi && b.time < stock.path.origin) out.push(b);
  }
  if (hi > stock.path.origin) out.push(...stock.path.minuteBars(Math.max(lo, stock.path.origin), hi));
  return out;
}

/**
 * Bars of any supported size for a stock or option, consistent with the simulated price (the last bar of a
 * request ending now closes at the current price's minute). `what` selects TRADES / MIDPOINT / BID / ASK.
 */
export function buildBars(
  market: Market,
  inst: Instrument,
  unit: BarUnit,
  endTime: number,
  duration: Duration,
  useRth: boolean,
  what: "TRADES" | "MIDPOINT" | "BID" | "ASK",
): Bar[] {
  const startTime = durationStart(duration, endTime);
  const firstDay = nyTime(startTime).day;
  const lastDay = nyTime(endTime).day;
  const u = inst.underlying;
  const seed = market.seed;
  const rthOnly = useRth || inst.kind === "option";
  // Per-minute bars of the whole range, already transformed into the requested instrument and side.
  const minutes: { time: number; day: DayNumber; bar: MinuteBar; volume: number }[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    if (!isTradingDay(day)) continue;
    const from = Math.max(startTime, nyToUtc(day, rthOnly ? RTH_OPEN_MIN : EXT_OPEN_MIN));
    const to = Math.min(endTime, nyToUtc(day, rthOnly ? RTH_CLOSE_MIN : EXT_CLOSE_MIN));
    if (to <= from) continue;
    for (const { time, bar } of stockMinutes(market, inst, day, from, to)) {
      const mod = nyTime(time).minutes;
      const noise = 0.7 + 0.6 * uniform(seed, PROFILE_STREAM ^ inst.conId, Math.floor(time / 60_000));
      let b = bar;
      let volume = Math.round(u.dailyVolume * minuteShare(mod) * noise);
      if (inst.kind === "option") {
        const price = (s: number): number => market.options.model(inst, s, time).greeks.price;
        const [o, c, h, l] = [price(bar.open), price(bar.close), price(bar.high), price(bar.low)];
        b = { open: o, close: c, high: Math.max(o, c, h, l), low: Math.min(o, c, h, l) };
        volume = Math.round(volume / 20_000);
      }
      if (what !== "TRADES" && what !== "MIDPOINT") {
        const half = inst.kind === "option" ? Math.max(0.005, 0.01 * b.close) : 0.005;
        const sign = what === "ASK" ? 1 : -1;
        b = { open: b.open + sign * half, close: b.close + sign * half, high: b.high + sign * half, low: b.low + sign * half };
      }
      minutes.push({ time, day, bar: b, volume: what === "TRADES" ? volume : 0 });
    }
  }
  const key = (m: { time: number; day: DayNumber }): number => {
    if (unit.kind === "minutes") {
      const ny = nyTime(m.time);
      return m.day * 10_000 + Math.floor(ny.minutes / unit.minutes);
    }
    if (unit.kind === "day") return m.day;
    if (unit.kind === "week") return m.day - ((civil(m.day).dow + 6) % 7); // Monday of the week
    const c = civil(m.day);
    return c.y * 100 + c.m;
  };
  const bars: Bar[] = [];
  let current: Bar | undefined;
  let currentKey = NaN;
  let notional = 0;
  const round = (v: number): number => Math.round(v * 100) / 100;
  const flush = (): void => {
    if (!current) return;
    current.wap = current.volume > 0 ? round(notional / current.volume) : round((current.high + current.low + current.close) / 3);
    bars.push(current);
  };
  for (const m of minutes) {
    const k = key(m);
    if (!current || k !== currentKey) {
      flush();
      currentKey = k;
      notional = 0;
      const ny = nyTime(m.time);
      const bucketStart = unit.kind === "minutes" ? nyToUtc(m.day, Math.floor(ny.minutes / unit.minutes) * unit.minutes) : m.time;
      current = { time: bucketStart, day: m.day, open: round(m.bar.open), high: round(m.bar.high), low: round(m.bar.low), close: round(m.bar.close), volume: 0, wap: 0, count: 0 };
    }
    current.high = Math.max(current.high, round(m.bar.high));
    current.low = Math.min(current.low, round(m.bar.low));
    current.close = round(m.bar.close);
    current.volume += m.volume;
    current.count += Math.max(1, Math.round(m.volume / 400));
    notional += m.volume * ((m.bar.high + m.bar.low + m.bar.close) / 3);
  }
  flush();
  return bars;
}
