/**
 * How a long intraday history is asked for: in windows of about 2,000 bars each, newest first, so that no one
 * answer from TWS is large. Decoding an answer holds the event loop for its whole length (about 40 µs a bar),
 * so six months of 1-minute bars in one answer (49,530 bars) froze every route for seconds; a week at a time
 * keeps each under ~100 ms. Daily and weekly bars never need it (two years are ~500 bars).
 *
 * Windows of one contract are sent at least CHUNK_SPACING_MS apart (TWS counts six requests for one contract
 * within two seconds as a pacing violation), and they count toward TWS's 60 requests in 10 minutes like any
 * other, which is why 1-minute bars go back at most six months (26 windows).
 */
import type { BarSize, Duration } from "./history";

/** The window each request covers, per bar size; absent: one request for the whole duration. */
const WINDOW: Partial<Record<BarSize, { duration: Duration; days: number }>> = {
  "1 min": { duration: "1 W", days: 7 },
  "5 mins": { duration: "1 M", days: 30 },
  "15 mins": { duration: "3 M", days: 91 },
  "30 mins": { duration: "6 M", days: 182 },
  "1 hour": { duration: "1 Y", days: 365 },
};

/** Calendar days a duration reaches back, as TWS counts them (a month is 30 days here, generously). */
const DAYS: Record<Duration, number> = { "1 D": 1, "2 D": 2, "1 W": 7, "2 W": 14, "1 M": 31, "3 M": 92, "6 M": 183, "1 Y": 366, "2 Y": 731 };

/** Most windows one history may take: under half of TWS's 60 historical requests per 10 minutes. */
export const MAX_WINDOWS = 27;
/** Least time between two windows' requests (TWS: no six requests for one contract within two seconds). */
export const CHUNK_SPACING_MS = 400;

export interface HistoryPlan {
  /** The duration each request asks for. */
  window: Duration;
  /** Calendar days each window covers. */
  windowDays: number;
  /** The history reaches back this many calendar days. */
  days: number;
  /** Requests needed. */
  windows: number;
}

/** How a history is fetched: one request, or windows; undefined when one request is small enough. */
export function planHistory(duration: Duration, barSize: BarSize): HistoryPlan | undefined {
  const window = WINDOW[barSize];
  const days = DAYS[duration];
  if (!window || days <= window.days) return undefined;
  return { window: window.duration, windowDays: window.days, days, windows: Math.ceil(days / window.days) };
}

/** Why a history cannot be had this finely, or undefined when it can. */
export function historyTooLong(duration: Duration, barSize: BarSize): string | undefined {
  const plan = planHistory(duration, barSize);
  if (!plan || plan.windows <= MAX_WINDOWS) return undefined;
  return `${barSize} bars go back at most 6 M (TWS allows only 60 history requests in 10 minutes); use a longer bar_size for ${duration}.`;
}

/** TWS's end time for a request, in UTC ("yyyymmdd-hh:mm:ss"). */
export function endDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 19)}`;
}
