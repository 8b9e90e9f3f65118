/**
 * Volatility history for reqHistoricalData's OPTION_IMPLIED_VOLATILITY and HISTORICAL_VOLATILITY bars of a
 * stock or ETF.
 *
 * Implied volatility: IB's 30-day at-the-money implied volatility, one value per session close. The option
 * quotes price from a fixed surface whose 30-day ATM level is `atmVol30d`, so every session from the start
 * onward closes at that level; before the start, the log of IV / atmVol30d follows a mean-reverting AR(1) run
 * backwards from 0 at the last close, its shocks partly tied (negatively, looking forward) to that day's
 * simulated stock return, as equity IV rises when prices fall. Every value is a pure function of (seed,
 * symbol, day).
 *
 * Historical volatility: the 30-session Garman-Klass volatility of the simulated daily bars, annualised over
 * 252 sessions, as IB documents it.
 */
import { RTH_CLOSE_MIN, RTH_OPEN_MIN, type DayNumber, civil, isTradingDay, nyTime, nyToUtc, previousTradingDay } from "./calendar";
import { type Bar, type BarUnit, type Duration, buildBars, durationStart } from "./bars";
import type { StockInstrument } from "./instruments";
import type { Market } from "./market";
import { hashString, normal } from "./rng";
import type { Underlying } from "./underlyings";

export type VolatilityKind = "OPTION_IMPLIED_VOLATILITY" | "HISTORICAL_VOLATILITY";

/** Daily persistence of the log-IV deviation: a half-life of about 30 sessions. */
const PERSISTENCE = 0.5 ** (1 / 30);
/** Daily standard deviation of log-IV changes (vol of vol): about 5% a day. */
const SHOCK = 0.05;
/** Share of an IV shock explained by the stock's own return that day (leverage effect). */
const RETURN_LINK = 0.6;
/** Sessions in a Garman-Klass window. */
const HV_WINDOW = 30;
/** How far back the implied-volatility walk goes, in sessions (as far as the price history). */
const MAX_SESSIONS = 540;

const walks = new WeakMap<Market, Map<string, { days: DayNumber[]; logDev: number[] }>>();

/** Log of (30-day IV / atmVol30d) at each past session close, counted back from the last close before the start. */
function walkOf(market: Market, u: Underlying): { days: DayNumber[]; logDev: number[] } {
  let bySymbol = walks.get(market);
  if (!bySymbol) {
    bySymbol = new Map();
    walks.set(market, bySymbol);
  }
  const cached = bySymbol.get(u.symbol);
  if (cached) return cached;
  const history = market.stock(u).history;
  const sigmaDay = u.realizedVol / Math.sqrt(252);
  const stream = hashString(`iv-walk:${u.symbol}`);
  const days: DayNumber[] = [history.anchorDay];
  const logDev: number[] = [0];
  const own = Math.sqrt(1 - RETURN_LINK ** 2);
  for (let k = 1; k < MAX_SESSIONS; k++) {
    const later = days[k - 1]!;
    const day = previousTradingDay(later);
    const closeLater = history.closeOf(later);
    const close = history.closeOf(day);
    if (closeLater === undefined || close === undefined) break;
    // The forward return from `day` to `later`, standardised; a rise in price went with a fall in IV.
    const z = Math.log(closeLater / close) / sigmaDay;
    const w = normal(market.seed, stream, k);
    logDev.push(PERSISTENCE * logDev[k - 1]! + SHOCK * (RETURN_LINK * z + own * w));
    days.push(day);
  }
  const walk = { days, logDev };
  bySymbol.set(u.symbol, walk);
  return walk;
}

/** The 30-day implied volatility at a session's close (decimal); undefined before the simulated history. */
export function impliedVolAtClose(market: Market, u: Underlying, day: DayNumber): number | undefined {
  const { days, logDev } = walkOf(market, u);
  if (day > days[0]!) return u.atmVol30d;
  const k = days.indexOf(day);
  return k < 0 ? undefined : u.atmVol30d * Math.exp(logDev[k]!);
}

/** Sessions whose regular hours overlap [start, end), oldest first. */
function sessionsIn(start: number, end: number): DayNumber[] {
  const out: DayNumber[] = [];
  for (let day = nyTime(start).day; day <= nyTime(end).day; day++) {
    if (!isTradingDay(day)) continue;
    if (Math.min(end, nyToUtc(day, RTH_CLOSE_MIN)) > Math.max(start, nyToUtc(day, RTH_OPEN_MIN))) out.push(day);
  }
  return out;
}

/** One value per session (close) with the previous session's value as the open. */
interface DailyValue {
  day: DayNumber;
  open: number;
  close: number;
}

function impliedDaily(market: Market, u: Underlying, sessions: DayNumber[]): DailyValue[] {
  const out: DailyValue[] = [];
  for (const day of sessions) {
    const close = impliedVolAtClose(market, u, day);
    const before = impliedVolAtClose(market, u, previousTradingDay(day));
    if (close === undefined || before === undefined) continue;
    // Overnight the level drifts a little from the previous close before the session trades.
    const open = before * Math.exp(0.3 * SHOCK * normal(market.seed, hashString(`iv-open:${u.symbol}`), day));
    out.push({ day, open, close });
  }
  return out;
}

function historicalDaily(market: Market, inst: StockInstrument, end: number, sessions: DayNumber[]): DailyValue[] {
  if (sessions.length === 0) return [];
  const bars = buildBars(market, inst, { kind: "day" }, end, { tradingDays: sessions.length + HV_WINDOW + 1 }, true, "TRADES");
  const gk = bars.map((b) => 0.5 * Math.log(b.high / b.low) ** 2 - (2 * Math.LN2 - 1) * Math.log(b.close / b.open) ** 2);
  const hvAt = (i: number): number | undefined => {
    if (i < HV_WINDOW - 1) return undefined;
    let s = 0;
    for (let j = i - HV_WINDOW + 1; j <= i; j++) s += gk[j]!;
    return Math.sqrt((Math.max(0, s) / HV_WINDOW) * 252);
  };
  const wanted = new Set(sessions);
  const out: DailyValue[] = [];
  bars.forEach((b, i) => {
    if (!wanted.has(b.day)) return;
    const close = hvAt(i);
    const open = hvAt(i - 1);
    if (close !== undefined && open !== undefined) out.push({ day: b.day, open, close });
  });
  return out;
}

/**
 * Daily, weekly or monthly volatility bars of a stock over a request's range. Values are decimals (0.152 is
 * 15.2%), the high and low bracket the open and close, and volume and count are 0 (IB reports none).
 */
export function buildVolatilityBars(
  market: Market,
  inst: StockInstrument,
  unit: Exclude<BarUnit, { kind: "minutes" }>,
  endTime: number,
  duration: Duration,
  what: VolatilityKind,
): Bar[] {
  const u = inst.underlying;
  const sessions = sessionsIn(durationStart(duration, endTime), endTime);
  const daily = what === "OPTION_IMPLIED_VOLATILITY" ? impliedDaily(market, u, sessions) : historicalDaily(market, inst, endTime, sessions);
  const stream = hashString(`vol-range:${what}:${u.symbol}`);
  const round = (v: number): number => Number(v.toFixed(6));
  const key = (day: DayNumber): number => {
    if (unit.kind === "day") return day;
    if (unit.kind === "week") return day - ((civil(day).dow + 6) % 7);
    const c = civil(day);
    return c.y * 100 + c.m;
  };
  const bars: Bar[] = [];
  let current: Bar | undefined;
  let currentKey = NaN;
  for (const d of daily) {
    // Inside the session the level wanders a little beyond its open and close.
    const up = Math.exp(0.5 * SHOCK * Math.abs(normal(market.seed, stream, d.day * 2)));
    const down = Math.exp(-0.5 * SHOCK * Math.abs(normal(market.seed, stream, d.day * 2 + 1)));
    const high = Math.max(d.open, d.close) * (what === "OPTION_IMPLIED_VOLATILITY" ? up : 1);
    const low = Math.min(d.open, d.close) * (what === "OPTION_IMPLIED_VOLATILITY" ? down : 1);
    const k = key(d.day);
    if (!current || k !== currentKey) {
      if (current) bars.push(current);
      currentKey = k;
      current = { time: nyToUtc(d.day, RTH_OPEN_MIN), day: d.day, open: round(d.open), high: round(high), low: round(low), close: round(d.close), volume: 0, wap: 0, count: 0 };
    } else {
      current.high = Math.max(current.high, round(high));
      current.low = Math.min(current.low, round(low));
      current.close = round(d.close);
    }
    current.wap = round((current.high + current.low + current.close) / 3);
  }
  if (current) bars.push(current);
  return bars;
}
