import { describe, expect, it } from "vitest";
import { endDateTime, historyTooLong, MAX_WINDOWS, planHistory } from "./history-chunks";

describe("planHistory", () => {
  it("asks for six months of 1-minute bars a week at a time, and daily bars in one request", () => {
    expect(planHistory("6 M", "1 min")).toEqual({ window: "1 W", windowDays: 7, days: 183, windows: 27 });
    expect(planHistory("1 W", "1 min")).toBeUndefined();
    expect(planHistory("2 Y", "1 day")).toBeUndefined();
    expect(planHistory("2 Y", "5 mins")).toMatchObject({ window: "1 M", windows: 25 });
  });

  it("keeps every valid history within TWS's pacing, and says which are too long", () => {
    expect(historyTooLong("6 M", "1 min")).toBeUndefined();
    expect(historyTooLong("1 Y", "1 min")).toMatch(/at most 6 M/);
    for (const size of ["5 mins", "15 mins", "30 mins", "1 hour", "1 day", "1 week"] as const) {
      expect(historyTooLong("2 Y", size)).toBeUndefined();
      expect(planHistory("2 Y", size)?.windows ?? 1).toBeLessThanOrEqual(MAX_WINDOWS);
    }
  });

  it("writes TWS's UTC end time", () => {
    expect(endDateTime(Date.UTC(2026, 11, 7, 21, 5, 9))).toBe("20261207-21:05:09");
  });
});
