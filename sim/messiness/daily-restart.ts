import { nyTime, nyToUtc } from "../market/calendar";

/** "HH:MM" (24-hour, US/Eastern) to minutes after midnight; undefined when malformed. */
export function parseTimeOfDay(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return undefined;
  return h * 60 + min;
}

/**
 * Whether simulated time passed a US/Eastern time of day in (fromMs, toMs]. TWS restarts itself once a day at the
 * time set in its configuration; the clock may run fast or jump, so crossings are detected, not equality.
 */
export function crossesTimeOfDay(fromMs: number, toMs: number, minutesOfDay: number): boolean {
  if (toMs <= fromMs) return false;
  const today = nyTime(toMs).day;
  for (const day of [today - 1, today]) {
    const at = nyToUtc(day, minutesOfDay);
    if (at > fromMs && at <= toMs) return true;
  }
  return false;
}
