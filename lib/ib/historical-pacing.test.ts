import { afterEach, describe, expect, it, vi } from "vitest";
import { HistoricalPacer } from "./historical-pacing";

afterEach(() => vi.useRealTimers());

describe("HistoricalPacer", () => {
  it("answers an identical request within the window from the first result", async () => {
    let calls = 0;
    const pacer = new HistoricalPacer();
    const task = async () => ++calls;
    expect(await pacer.run("SPY 1Y", task)).toMatchObject({ value: 1, reused: false });
    expect(await pacer.run("SPY 1Y", task)).toMatchObject({ value: 1, reused: true });
    expect(await pacer.run("QQQ 1Y", task)).toMatchObject({ value: 2, reused: false });
  });

  it("forgets a failed request so that it can be asked again", async () => {
    const pacer = new HistoricalPacer();
    await expect(pacer.run("k", () => Promise.reject(new Error("no data")))).rejects.toThrow("no data");
    expect(await pacer.run("k", async () => 5)).toMatchObject({ value: 5, reused: false });
  });

  it("keeps at most maxOpen requests open and at most maxRequests per period", async () => {
    vi.useFakeTimers();
    const pacer = new HistoricalPacer({ identicalWithinMs: 15_000, maxRequests: 4, perMs: 60_000, maxOpen: 2 }, () => Date.now());
    let open = 0;
    let peak = 0;
    const startedAt: number[] = [];
    const task = () =>
      new Promise<number>((resolve) => {
        open++;
        peak = Math.max(peak, open);
        startedAt.push(Date.now());
        setTimeout(() => {
          open--;
          resolve(1);
        }, 100);
      });
    const all = Promise.all(Array.from({ length: 6 }, (_, i) => pacer.run(`req ${i}`, task)));
    await vi.advanceTimersByTimeAsync(61_000);
    const results = await all;
    expect(peak).toBe(2);
    expect(results.slice(4).every((r) => r.waitedMs >= 59_000)).toBe(true);
    expect(startedAt[4]! - startedAt[0]!).toBeGreaterThanOrEqual(60_000);
  });
});
