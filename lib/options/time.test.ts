import { describe, expect, it } from "vitest";
import { OptionsError, OptionsErrorCode } from "./errors";
import { expiryInstantMs, yearFraction, yearsBetween } from "./time";

describe("yearFraction", () => {
  it("counts calendar time to the close of the expiry date, in 365-day years", () => {
    const from = Date.UTC(2026, 0, 2, 20);
    expect(yearFraction(from, "20260109", 20)).toBeCloseTo(7 / 365, 15);
    expect(yearFraction(from, "20260109", 21)).toBeCloseTo((7 + 1 / 24) / 365, 15);
    expect(yearFraction(Date.UTC(2026, 0, 9, 14, 30), "20260109")).toBeCloseTo(6.5 / 24 / 365, 15);
  });

  it("closes at 4 pm New York by default, in daylight time and in winter", () => {
    expect(new Date(expiryInstantMs("20260109")).toISOString()).toBe("2026-01-09T21:00:00.000Z");
    expect(new Date(expiryInstantMs("20260619")).toISOString()).toBe("2026-06-19T20:00:00.000Z");
    // The Fridays around the changes of 2026: 8 March and 1 November.
    expect(new Date(expiryInstantMs("20260306")).toISOString()).toBe("2026-03-06T21:00:00.000Z");
    expect(new Date(expiryInstantMs("20260309")).toISOString()).toBe("2026-03-09T20:00:00.000Z");
    expect(new Date(expiryInstantMs("20261030")).toISOString()).toBe("2026-10-30T20:00:00.000Z");
    expect(new Date(expiryInstantMs("20261102")).toISOString()).toBe("2026-11-02T21:00:00.000Z");
  });

  it("is zero once expired", () => {
    expect(yearFraction(Date.UTC(2026, 0, 10), "20260109")).toBe(0);
  });

  it("refuses malformed and impossible dates", () => {
    for (const bad of ["2026-01-09", "20260230", "2026019", "", "20261301"]) {
      expect(() => yearFraction(0, bad)).toThrow(OptionsError);
      try {
        expiryInstantMs(bad);
      } catch (error) {
        expect(error instanceof OptionsError && error.code).toBe(OptionsErrorCode.InvalidExpiry);
      }
    }
  });

  it("measures spans between instants", () => {
    expect(yearsBetween(0, 365 * 86_400_000)).toBe(1);
  });
});
