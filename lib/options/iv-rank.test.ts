import { describe, expect, it } from "vitest";
import { MIN_IV_DAYS, ivRank } from "./iv-rank";

/** A year of values cycling through 0.10, 0.11, … 0.29 (each level 12 times). */
const year = Array.from({ length: 240 }, (_, i) => (10 + (i % 20)) / 100);

describe("ivRank", () => {
  it("ranks the latest value against the year before it", () => {
    const r = ivRank([...year, 0.15]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.current).toBe(0.15);
    expect(r.low).toBeCloseTo(0.1, 12);
    expect(r.high).toBeCloseTo(0.29, 12);
    expect(r.rank).toBeCloseTo(0.05 / 0.19, 12);
    // Levels 0.10 … 0.14 are below 0.15: 5 of every 20 days.
    expect(r.percentile).toBeCloseTo(0.25, 12);
    expect(r.days).toBe(240);
  });

  it("uses a given current IV (the chain's) and keeps rank within 0–1 when it is outside the year's range", () => {
    const above = ivRank(year, 0.4);
    expect(above.ok && above.rank).toBe(1);
    expect(above.ok && above.percentile).toBe(1);
    expect(above.ok && above.high).toBe(0.4);
    const below = ivRank(year, 0.05);
    expect(below.ok && below.rank).toBe(0);
    expect(below.ok && below.percentile).toBe(0);
    const mid = ivRank(year, 0.1);
    // Equal is not below.
    expect(mid.ok && mid.percentile).toBe(0);
  });

  it("skips days without a value", () => {
    const r = ivRank([...year, Number.NaN, 0, -1, 0.29]);
    expect(r.ok && r.rank).toBe(1);
    expect(r.ok && r.days).toBe(240);
  });

  it("refuses too short or flat a history, saying why", () => {
    const short = ivRank(year.slice(0, MIN_IV_DAYS));
    expect(short).toEqual({ ok: false, reason: `only ${MIN_IV_DAYS - 1} days of implied-volatility history (need ${MIN_IV_DAYS})` });
    expect(ivRank([])).toEqual({ ok: false, reason: "no current implied volatility" });
    expect(ivRank(year, Number.NaN).ok).toBe(false);
    const flat = ivRank(Array.from({ length: 200 }, () => 0.2));
    expect(flat).toEqual({ ok: false, reason: "implied volatility did not move over the period" });
  });
});
