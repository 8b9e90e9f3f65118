/**
 * Where end-to-end runs live in time: the next regular New York trading morning, whatever the hour the suite is
 * run at (a weekend, a holiday, after the close, an expiry day, a daylight-saving change). The whole run (the
 * app, its simulator, the test workers and the browser) moves there together and keeps ticking.
 */
import path from "node:path";
import { civil, isTradingDay, nyTime, nyToUtc, type DayNumber } from "../../sim/market/calendar";

export const CLOCK_OFFSET_ENV = "SUMPPUMP_TEST_CLOCK_OFFSET_MS";
const PRELOAD = path.join(import.meta.dirname, "shifted-clock.mjs");
/** 11:00 New York: an hour and a half after the open, five hours before the close. */
const MORNING_MINUTES = 11 * 60;

/** Days the exchange closes early (13:00): the day after Thanksgiving, 24 December and 3 July. */
function closesEarly(day: DayNumber): boolean {
  const { m, d, dow } = civil(day);
  const dayAfterThanksgiving = m === 11 && dow === 5 && d >= 23 && d <= 29;
  return dayAfterThanksgiving || (m === 12 && d === 24) || (m === 7 && d === 3);
}

/** 11:00 New York on the first full trading day after `realNowMs`'s New York date. */
export function nextTradingMorning(realNowMs: number): number {
  let day = nyTime(realNowMs).day + 1;
  while (!isTradingDay(day) || closesEarly(day)) day++;
  return nyToUtc(day, MORNING_MINUTES);
}

/**
 * The environment that moves a test run to the next trading morning: the offset (kept when already set, so
 * every process of one run shares it) and NODE_OPTIONS loading the preload that applies it.
 */
export function shiftedClockEnv(env: Record<string, string | undefined> = process.env, realNowMs: number = Date.now()): Record<string, string> {
  const offset = env[CLOCK_OFFSET_ENV] ?? String(nextTradingMorning(realNowMs) - realNowMs);
  const preload = `--import=${PRELOAD}`;
  const options = env.NODE_OPTIONS ?? "";
  return { [CLOCK_OFFSET_ENV]: offset, NODE_OPTIONS: options.includes(PRELOAD) ? options : `${options} ${preload}`.trim() };
}

