/**
 * The US equity calendar in New York time: daylight-saving rule, NYSE holidays (rule-based), regular
 * (09:30-16:00) and extended (04:00-20:00) sessions, and the trading-hours strings TWS puts in contract details.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A civil date as days since 1970-01-01 (UTC calendar arithmetic, no time zone). */
export type DayNumber = number;

export function dayNumber(y: number, m: number, d: number): DayNumber {
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function civil(day: DayNumber): { y: number; m: number; d: number; dow: number } {
  const dt = new Date(day * DAY_MS);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate(), dow: dt.getUTCDay() };
}

/** "YYYYMMDD" */
export function formatDay(day: DayNumber): string {
  const { y, m, d } = civil(day);
  return `${y}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}`;
}

export function parseDay(text: string): DayNumber | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  return dayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** The n-th given weekday (0 = Sunday) of a month; n = -1 for the last one. */
function nthWeekday(y: number, m: number, dow: number, n: number): DayNumber {
  if (n > 0) {
    const first = dayNumber(y, m, 1);
    const offset = (dow - civil(first).dow + 7) % 7;
    return first + offset + (n - 1) * 7;
  }
  const last = dayNumber(y, m + 1, 1) - 1;
  return last - ((civil(last).dow - dow + 7) % 7);
}

/** New York is UTC-4 from the second Sunday of March 02:00 to the first Sunday of November 02:00, else UTC-5. */
const dstCache = new Map<number, [number, number]>();

export function nyOffsetHours(utcMs: number): number {
  const y = new Date(utcMs).getUTCFullYear();
  let range = dstCache.get(y);
  if (!range) {
    const start = nthWeekday(y, 3, 0, 2) * DAY_MS + 7 * HOUR_MS; // 02:00 EST = 07:00 UTC
    const end = nthWeekday(y, 11, 0, 1) * DAY_MS + 6 * HOUR_MS; // 02:00 EDT = 06:00 UTC
    range = [start, end];
    dstCache.set(y, range);
  }
  return utcMs >= range[0] && utcMs < range[1] ? -4 : -5;
}

/** New York wall-clock fields of a UTC instant. */
export function nyTime(utcMs: number): { day: DayNumber; minutes: number; seconds: number } {
  const local = utcMs + nyOffsetHours(utcMs) * HOUR_MS;
  const day = Math.floor(local / DAY_MS);
  const msOfDay = local - day * DAY_MS;
  return { day, minutes: Math.floor(msOfDay / 60_000), seconds: Math.floor(msOfDay / 1000) % 60 };
}

/** UTC instant of a New York wall-clock time. */
export function nyToUtc(day: DayNumber, minutesOfDay: number): number {
  const guess = day * DAY_MS + minutesOfDay * 60_000 + 5 * HOUR_MS;
  return day * DAY_MS + minutesOfDay * 60_000 - nyOffsetHours(guess) * HOUR_MS;
}

function easterSunday(y: number): DayNumber {
  // Anonymous Gregorian algorithm.
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumber(y, month, day);
}

/** A fixed-date holiday on a weekend is observed on the Friday before or the Monday after. */
function observed(day: DayNumber): DayNumber {
  const dow = civil(day).dow;
  if (dow === 6) return day - 1;
  if (dow === 0) return day + 1;
  return day;
}

const holidayCache = new Map<number, Set<DayNumber>>();

export function nyseHolidays(y: number): Set<DayNumber> {
  const cached = holidayCache.get(y);
  if (cached) return cached;
  const days = new Set<DayNumber>();
  const ny = dayNumber(y, 1, 1);
  if (civil(ny).dow !== 6) days.add(observed(ny)); // NYSE does not observe New Year's Day on the prior Friday
  days.add(nthWeekday(y, 1, 1, 3)); // Martin Luther King Jr. Day
  days.add(nthWeekday(y, 2, 1, 3)); // Washington's Birthday
  days.add(easterSunday(y) - 2); // Good Friday
  days.add(nthWeekday(y, 5, 1, -1)); // Memorial Day
  if (y >= 2022) days.add(observed(dayNumber(y, 6, 19))); // Juneteenth
  days.add(observed(dayNumber(y, 7, 4)));
  days.add(nthWeekday(y, 9, 1, 1)); // Labor Day
  days.add(nthWeekday(y, 11, 4, 4)); // Thanksgiving
  days.add(observed(dayNumber(y, 12, 25)));
  holidayCache.set(y, days);
  return days;
}

export function isTradingDay(day: DayNumber): boolean {
  const { y, dow } = civil(day);
  if (dow === 0 || dow === 6) return false;
  return !nyseHolidays(y).has(day);
}

export function previousTradingDay(day: DayNumber): DayNumber {
  let d = day - 1;
  while (!isTradingDay(d)) d--;
  return d;
}

export function nextTradingDay(day: DayNumber): DayNumber {
  let d = day + 1;
  while (!isTradingDay(d)) d++;
  return d;
}

export const RTH_OPEN_MIN = 9 * 60 + 30;
export const RTH_CLOSE_MIN = 16 * 60;
export const EXT_OPEN_MIN = 4 * 60;
export const EXT_CLOSE_MIN = 20 * 60;

/** True during the regular session (09:30-16:00 New York on a trading day). */
export function isRegularHours(utcMs: number): boolean {
  const t = nyTime(utcMs);
  return isTradingDay(t.day) && t.minutes >= RTH_OPEN_MIN && t.minutes < RTH_CLOSE_MIN;
}

/**
 * TWS's tradingHours / liquidHours strings for the next `days` calendar days, e.g.
 * "20250324:0400-20250324:2000;20250325:CLOSED". Options trade the regular session only.
 */
export function sessionHoursString(fromDay: DayNumber, days: number, session: "extended" | "regular"): string {
  const [open, close] = session === "extended" ? ["0400", "2000"] : ["0930", "1600"];
  const parts: string[] = [];
  for (let d = fromDay; d < fromDay + days; d++) {
    const ds = formatDay(d);
    parts.push(isTradingDay(d) ? `${ds}:${open}-${ds}:${close}` : `${ds}:CLOSED`);
  }
  return parts.join(";");
}
