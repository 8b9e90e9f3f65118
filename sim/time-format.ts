import { formatDay, nyTime } from "./market/calendar";

const pad = (n: number): string => String(n).padStart(2, "0");

/** "20250324 10:31:07 US/Eastern": TWS reports its connection time in its own zone. */
export function formatConnectionTime(ms: number): string {
  return `${formatNy(ms)} US/Eastern`;
}

/** "20250324 10:31:07" in New York time. */
export function formatNy(ms: number): string {
  const t = nyTime(ms);
  return `${formatDay(t.day)} ${pad(Math.floor(t.minutes / 60))}:${pad(t.minutes % 60)}:${pad(t.seconds)}`;
}

/** "20250324-14:31:07" in UTC, the execution-time format used in execution filters. */
export function formatUtcDash(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

