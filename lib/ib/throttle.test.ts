import { afterEach, describe, expect, it, vi } from "vitest";
import { MessageThrottle } from "./throttle";

afterEach(() => vi.useRealTimers());

describe("MessageThrottle", () => {
  it("never sends more than the limit in any window, in order, and sends everything", () => {
    vi.useFakeTimers();
    const throttle = new MessageThrottle(45, 1_000, () => Date.now());
    const sent: Array<[number, number]> = [];
    for (let i = 0; i < 200; i++) throttle.schedule(() => sent.push([i, Date.now()]));
    expect(sent.length).toBe(45);
    vi.advanceTimersByTime(5_000);
    expect(sent.map(([i]) => i)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    for (let k = 45; k < sent.length; k++) {
      // The message 45 places earlier must be at least a full window older.
      expect(sent[k]![1] - sent[k - 45]![1]).toBeGreaterThanOrEqual(1_000);
    }
    expect(throttle.throttled).toBe(155);
    expect(throttle.pending).toBe(0);
  });

  it("drops queued messages on clear", () => {
    vi.useFakeTimers();
    const throttle = new MessageThrottle(2, 1_000, () => Date.now());
    const sent: number[] = [];
    for (let i = 0; i < 5; i++) throttle.schedule(() => sent.push(i));
    throttle.clear();
    vi.advanceTimersByTime(5_000);
    expect(sent).toEqual([0, 1]);
  });
});
