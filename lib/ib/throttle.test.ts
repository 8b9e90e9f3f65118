import { afterEach, describe, expect, it, vi } from "vitest";
import { MessageThrottle } from "./throttle";

afterEach(() => vi.useRealTimers());

describe("MessageThrottle", () => {
  it("sends everything in order, evenly spaced, never more than the rate in any second", () => {
    vi.useFakeTimers();
    const throttle = new MessageThrottle(45, () => Date.now());
    const sent: Array<[number, number]> = [];
    for (let i = 0; i < 200; i++) throttle.schedule(() => sent.push([i, Date.now()]));
    expect(sent.length).toBe(1);
    vi.advanceTimersByTime(10_000);
    expect(sent.map(([i]) => i)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    for (let k = 1; k < sent.length; k++) expect(sent[k]![1] - sent[k - 1]![1]).toBeGreaterThanOrEqual(22);
    for (let k = 45; k < sent.length; k++) expect(sent[k]![1] - sent[k - 45]![1]).toBeGreaterThanOrEqual(990);
    // On the grid of 1000/45 ms slots: rounding each wait up to a whole millisecond does not add up.
    expect(sent[199]![1] - sent[0]![1]).toBeLessThanOrEqual(Math.ceil((199 * 1000) / 45));
    expect(throttle.throttled).toBe(199);
    expect(throttle.pending).toBe(0);
  });

  it("sends at once when idle", () => {
    vi.useFakeTimers();
    const throttle = new MessageThrottle(45, () => Date.now());
    const sent: number[] = [];
    throttle.schedule(() => sent.push(1));
    vi.advanceTimersByTime(100);
    throttle.schedule(() => sent.push(2));
    expect(sent).toEqual([1, 2]);
  });

  it("holds everything back after backOff, then resumes", () => {
    vi.useFakeTimers();
    const throttle = new MessageThrottle(45, () => Date.now());
    const sent: number[] = [];
    throttle.backOff(1_000);
    throttle.schedule(() => sent.push(Date.now()));
    vi.advanceTimersByTime(999);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(2);
    expect(sent.length).toBe(1);
  });

  it("lets normal messages overtake queued low-priority ones", () => {
    vi.useFakeTimers();
    const throttle = new MessageThrottle(10, () => Date.now());
    const sent: string[] = [];
    throttle.schedule(() => sent.push("first"));
    throttle.schedule(() => sent.push("cancel 1"), "low");
    throttle.schedule(() => sent.push("cancel 2"), "low");
    throttle.schedule(() => sent.push("request"));
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual(["first", "request", "cancel 1", "cancel 2"]);
  });

  it("drops queued messages on clear", () => {
    vi.useFakeTimers();
    const throttle = new MessageThrottle(10, () => Date.now());
    const sent: number[] = [];
    for (let i = 0; i < 5; i++) throttle.schedule(() => sent.push(i));
    throttle.clear();
    vi.advanceTimersByTime(5_000);
    expect(sent).toEqual([0]);
  });
});
