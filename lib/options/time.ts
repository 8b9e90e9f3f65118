/** Time to expiry from dates. The clock is always an argument: nothing here reads the time. */
import { OptionsError, OptionsErrorCode } from "./errors";
import { DAYS_PER_YEAR } from "./types";

const MS_PER_YEAR = DAYS_PER_YEAR * 86_400_000;
const EXPIRY_PATTERN = /^(\d{4})(\d{2})(\d{2})$/;

/** Whether New York keeps daylight time on a civil date: from the second Sunday of March to the first of November. */
function newYorkDaylightTime(year: number, month: number, day: number): boolean {
  const sunday = (m: number, nth: number): number => {
    const firstDow = new Date(Date.UTC(year, m - 1, 1)).getUTCDay();
    return 1 + ((7 - firstDow) % 7) + (nth - 1) * 7;
  };
  if (month < 3 || month > 11) return false;
  if (month > 3 && month < 11) return true;
  return month === 3 ? day >= sunday(3, 2) : day < sunday(11, 1);
}

/**
 * The instant an option expires, in epoch milliseconds: the expiry date (YYYYMMDD) at the close of US options
 * trading, 4 pm New York (20:00 UTC in daylight time, 21:00 in winter), or at `closeHourUtc` hours UTC when
 * given (fractions allowed). Throws OptionsError(InvalidExpiry) for a malformed or impossible date.
 */
export function expiryInstantMs(expiry: string, closeHourUtc?: number): number {
  const match = EXPIRY_PATTERN.exec(expiry);
  if (!match || (closeHourUtc !== undefined && !(closeHourUtc >= 0 && closeHourUtc <= 24))) {
    throw new OptionsError(OptionsErrorCode.InvalidExpiry, `Expiry "${expiry}" is not a YYYYMMDD date.`);
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const midnight = Date.UTC(year, month - 1, day);
  const check = new Date(midnight);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new OptionsError(OptionsErrorCode.InvalidExpiry, `Expiry "${expiry}" is not a calendar date.`);
  }
  const hour = closeHourUtc ?? (newYorkDaylightTime(year, month, day) ? 20 : 21);
  return midnight + hour * 3_600_000;
}

/**
 * Time from `fromMs` (epoch milliseconds, supplied by the caller) to the expiry's close, in years of
 * 365 calendar days; 0 once expired (the close as in expiryInstantMs). Throws OptionsError(InvalidExpiry) for a malformed expiry.
 */
export function yearFraction(fromMs: number, expiry: string, closeHourUtc?: number): number {
  const years = (expiryInstantMs(expiry, closeHourUtc) - fromMs) / MS_PER_YEAR;
  return years > 0 ? years : 0;
}

/** Years between two instants (epoch milliseconds), 365-day years; may be negative. */
export function yearsBetween(fromMs: number, toMs: number): number {
  return (toMs - fromMs) / MS_PER_YEAR;
}
