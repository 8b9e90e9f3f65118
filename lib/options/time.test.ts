import { describe, expect, it } from "vitest";
import { OptionsError, OptionsErrorCode } from "./errors";
import { expiryInstantMs, yearFraction, yearsBetween } from "./time";

describe("yearFraction", () => {
  it("counts calendar time to the close of the expiry date, in 365-day years", () => {
    const from = Date.UTC(2026, 0, 2, 20);
    expect(yearFraction(from, "20260109", 20)).toBeCloseTo(7 / 365, 15);
    expect(yearFraction(from, "20260109", 21)).toBeCloseTo((7 + 1 / 24) / 365, 15);
    expect(yearFraction(Date.UTC(2026, 0, 9, 14, 30), "20260109")).toBeCloseTo(5.5 / 24 / 365, 15);
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
