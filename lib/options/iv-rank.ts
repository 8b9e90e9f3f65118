/**
 * IV rank and IV percentile of an underlying's implied volatility against its own past year. Pure: the caller
 * brings the daily series (TWS's 30-day implied volatility, decimal, oldest first).
 */

/** Fewer daily values than this is too short a year to rank against. */
export const MIN_IV_DAYS = 120;

export type IvRank =
  | {
      ok: true;
      /** (current − low) / (high − low), 0–1. */
      rank: number;
      /** Share of the past days whose IV was below the current, 0–1. */
      percentile: number;
      /** The IV ranked (decimal). */
      current: number;
      /** Lowest and highest IV of the period, the current included (decimal). */
      low: number;
      high: number;
      /** Past days compared against. */
      days: number;
    }
  | { ok: false; reason: string };

/**
 * Ranks `current` (by default the series' last value, which then is not counted among the past days) against
 * a daily implied-volatility series. Non-finite and non-positive values (days TWS had no IV) are skipped.
 * Never invents a figure: too short or flat a series gives `ok: false` with the reason.
 */
export function ivRank(series: readonly number[], current?: number): IvRank {
  const values = series.filter((v) => Number.isFinite(v) && v > 0);
  const now = current ?? values.at(-1);
  const past = current === undefined ? values.slice(0, -1) : values;
  if (now === undefined || !Number.isFinite(now) || now <= 0) return { ok: false, reason: "no current implied volatility" };
  if (past.length < MIN_IV_DAYS) return { ok: false, reason: `only ${past.length} days of implied-volatility history (need ${MIN_IV_DAYS})` };
  let low = now;
  let high = now;
  let below = 0;
  for (const v of past) {
    if (v < low) low = v;
    if (v > high) high = v;
    if (v < now) below++;
  }
  if (high - low < 1e-9) return { ok: false, reason: "implied volatility did not move over the period" };
  return { ok: true, rank: (now - low) / (high - low), percentile: below / past.length, current: now, low, high, days: past.length };
}
