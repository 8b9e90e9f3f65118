/**
 * Whether the market is open for a proposal's symbol. TWS's contract details list each day's regular session
 * (its exchange's holidays and early closes included); when TWS gives none, Monday to Friday 09:30–16:00 New
 * York time stands in. Outside the session a proposal carries a note; it is never refused for it (TWS holds
 * a DAY order until the open, and tells if it cannot).
 */
import type { Ib } from "../ib";
import { sessionAt } from "../ib/trading-hours";

const NEW_YORK = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", weekday: "short", hour: "numeric", minute: "numeric", hourCycle: "h23" });
const OPENING = new Intl.DateTimeFormat("en-GB", { timeZone: "America/New_York", weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

export function isRegularHours(at: Date): boolean {
  const parts = Object.fromEntries(NEW_YORK.formatToParts(at).map((p) => [p.type, p.value]));
  if (parts.weekday === "Sat" || parts.weekday === "Sun") return false;
  const minutes = Number(parts.hour) * 60 + Number(parts.minute);
  return minutes >= 9 * 60 + 30 && minutes < 16 * 60;
}

/** The note a proposal carries when the market is closed, or undefined while it is open. */
export async function marketClosedNote(ib: Pick<Ib, "regularSessions">, symbol: string, now: number): Promise<string | undefined> {
  const listed = await ib.regularSessions(symbol).catch(() => undefined);
  const state = listed && sessionAt(listed, now);
  if (state === undefined) {
    return isRegularHours(new Date(now)) ? undefined : "The market is closed now (regular hours 09:30–16:00 New York): TWS holds the order until the open.";
  }
  if (state.open) return undefined;
  if (state.nextOpen === undefined) return `The market is closed now, and TWS lists no session for ${symbol} in the coming days.`;
  return `The market is closed now: regular trading opens ${OPENING.format(new Date(state.nextOpen)).replace(",", "")} New York time. TWS holds the order until then.`;
}
