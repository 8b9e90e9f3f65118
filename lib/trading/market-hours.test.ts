import { describe, expect, it } from "vitest";
import { parseTradingHours } from "../ib/trading-hours";
import { isRegularHours, marketClosedNote } from "./market-hours";

const hours = (text: string | undefined) => ({ regularSessions: async () => parseTradingHours(text, "US/Eastern") });
const failing = { regularSessions: async () => Promise.reject(new Error("TWS is not connected")) };
const at = (iso: string): number => new Date(iso).getTime();

describe("the market-closed note on a proposal", () => {
  const thanksgivingWeek = "20261125:0930-20261125:1600;20261126:CLOSED;20261127:0930-20261127:1300";

  it("is absent while TWS lists the session as open, and names the next open when closed", async () => {
    expect(await marketClosedNote(hours(thanksgivingWeek), "SPY", at("2026-11-25T15:00:00Z"))).toBeUndefined();
    expect(await marketClosedNote(hours(thanksgivingWeek), "SPY", at("2026-11-26T15:00:00Z"))).toBe(
      "The market is closed now: regular trading opens Fri 27 Nov 09:30 New York time. TWS holds the order until then.",
    );
    // The early close: 13:30 on the day after Thanksgiving is after the session, though within 09:30–16:00.
    expect(await marketClosedNote(hours(thanksgivingWeek), "SPY", at("2026-11-27T18:30:00Z"))).toMatch(/no session for SPY in the coming days/);
  });

  it("falls back to 09:30–16:00 New York on weekdays when TWS gives no hours or cannot be asked", async () => {
    expect(await marketClosedNote(hours(undefined), "SPY", at("2026-11-26T15:00:00Z"))).toBeUndefined();
    expect(await marketClosedNote(failing, "SPY", at("2026-11-21T15:00:00Z"))).toMatch(/regular hours 09:30–16:00 New York/);
    expect(isRegularHours(new Date("2026-11-23T14:29:00Z"))).toBe(false);
    expect(isRegularHours(new Date("2026-11-23T14:30:00Z"))).toBe(true);
  });
});
