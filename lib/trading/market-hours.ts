/**
 * US equity and option regular trading hours, Monday to Friday 09:30–16:00 New York time. Exchange holidays
 * are not known here: outside these hours a proposal carries a note, it is never refused for it (TWS holds a
 * DAY order until the open, and tells if it cannot).
 */
const NEW_YORK = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", weekday: "short", hour: "numeric", minute: "numeric", hourCycle: "h23" });

export function isRegularHours(at: Date): boolean {
  const parts = Object.fromEntries(NEW_YORK.formatToParts(at).map((p) => [p.type, p.value]));
  if (parts.weekday === "Sat" || parts.weekday === "Sun") return false;
  const minutes = Number(parts.hour) * 60 + Number(parts.minute);
  return minutes >= 9 * 60 + 30 && minutes < 16 * 60;
}
