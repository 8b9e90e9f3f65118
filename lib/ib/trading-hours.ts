/**
 * TWS's trading hours from contract details (`liquidHours` for the regular session, `tradingHours` with the
 * extended one), which know the exchange's holidays and early closes. Two layouts exist:
 *
 *   20261123:0930-20261123:1600;20261126:CLOSED          (current: date on both ends)
 *   20261123:0930-1600;20261126:CLOSED                   (older: times only after the first)
 *
 * Times are wall-clock times in the contract's timeZoneId (e.g. "US/Eastern").
 */

export interface Session {
  /** Epoch ms. */
  open: number;
  close: number;
}

export interface ListedSessions {
  sessions: Session[];
  /** Epoch ms of the start of the first listed day and the end of the last: outside, nothing is known. */
  from: number;
  to: number;
}

const DAY_MS = 86_400_000;

/** The zone's offset from UTC at an instant, in ms (wall clock − UTC). */
function offsetAt(epochMs: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" })
      .formatToParts(new Date(epochMs))
      .map((p) => [p.type, Number(p.value)]),
  );
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/** Epoch ms of a wall-clock time in a zone (the offset checked twice, for the days clocks change). */
function zonedToEpoch(date: string, hhmm: string, timeZone: string): number {
  const wall = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)), Number(hhmm.slice(0, 2)), Number(hhmm.slice(2, 4)));
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}

/** A zone name Intl knows: TWS's own (e.g. "US/Eastern"), else New York (every SumpPump contract is US-listed). */
function knownZone(timeZoneId: string | undefined): string {
  try {
    if (timeZoneId) {
      new Intl.DateTimeFormat("en-US", { timeZone: timeZoneId });
      return timeZoneId;
    }
  } catch {
    // Older TWS versions send descriptions such as "EST (Eastern Standard Time)".
  }
  return "America/New_York";
}

/** The sessions of a TWS hours string; undefined when it has none in a layout this understands. */
export function parseTradingHours(hours: string | undefined, timeZoneId: string | undefined): ListedSessions | undefined {
  if (!hours) return undefined;
  const zone = knownZone(timeZoneId);
  const sessions: Session[] = [];
  const days: string[] = [];
  for (const day of hours.split(";")) {
    const match = /^(\d{8}):(.*)$/.exec(day.trim());
    if (!match) continue;
    const [, date, spans] = match as unknown as [string, string, string];
    days.push(date);
    if (spans === "CLOSED") continue;
    for (const span of spans.split(",")) {
      const parts = /^(\d{4})-(?:(\d{8}):)?(\d{4})$/.exec(span);
      if (!parts) return undefined;
      const [, start, endDate, end] = parts as unknown as [string, string, string | undefined, string];
      const open = zonedToEpoch(date, start, zone);
      let close = zonedToEpoch(endDate ?? date, end, zone);
      // The older layout's overnight span ("1830-0200") ends the next day.
      if (close <= open && endDate === undefined) close += DAY_MS;
      if (close > open) sessions.push({ open, close });
    }
  }
  if (days.length === 0) return undefined;
  days.sort();
  return { sessions: sessions.sort((a, b) => a.open - b.open), from: zonedToEpoch(days[0]!, "0000", zone), to: zonedToEpoch(days.at(-1)!, "0000", zone) + DAY_MS };
}

/** Whether the market is open at `now`, and when it next opens; undefined outside the listed days. */
export function sessionAt(listed: ListedSessions, now: number): { open: true } | { open: false; nextOpen: number | undefined } | undefined {
  if (now < listed.from || now >= listed.to) return undefined;
  if (listed.sessions.some((s) => now >= s.open && now < s.close)) return { open: true };
  return { open: false, nextOpen: listed.sessions.find((s) => s.open > now)?.open };
}
