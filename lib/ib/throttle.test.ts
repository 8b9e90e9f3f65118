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

  it("serves Claude's and the trader's messages before a page's, and a page's before background work", () => {
    vi.useFakeTimers();
    const throttle = new MessageThrottle(10, () => Date.now());
    const sent: string[] = [];
    throttle.schedule(() => sent.push("first"));
    for (let i = 0; i < 3; i++) throttle.schedule(() => sent.push(`refresh ${i}`), "background");
    for (let i = 0; i < 3; i++) throttle.schedule(() => sent.push(`chain ${i}`), "page");
    throttle.schedule(() => sent.push("cancel"), "cancel");
    throttle.schedule(() => sent.push("get_quote"), "interactive");
    vi.advanceTimersByTime(100);
    expect(sent).toEqual(["first", "get_quote"]);
    throttle.schedule(() => sent.push("approve"), "interactive");
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual(["first", "get_quote", "approve", "cancel", "chain 0", "chain 1", "chain 2", "refresh 0", "refresh 1", "refresh 2"]);
  });

  it("gives the slot of a message that no longer needs sending to the next one", () => {
    vi.useFakeTimers();
    const throttle = new MessageThrottle(10, () => Date.now());
    const sent: Array<[string, number]> = [];
    throttle.schedule(() => sent.push(["first", Date.now()]));
    throttle.schedule(() => false);
    throttle.schedule(() => false);
    throttle.schedule(() => sent.push(["second", Date.now()]));
    vi.advanceTimersByTime(1_000);
    expect(sent.map(([what]) => what)).toEqual(["first", "second"]);
    expect(sent[1]![1] - sent[0]![1]).toBe(100);
  });

  it("makes a message scheduled while another is being sent wait its own turn", () => {
    vi.useFakeTimers();
    const throttle = new MessageThrottle(10, () => Date.now());
    const sent: Array<[string, number]> = [];
    const sendWithFollowUp = (name: string) => () => {
      sent.push([name, Date.now()]);
      throttle.schedule(() => sent.push([`${name}'s cancel`, Date.now()]), "cancel");
    };
    throttle.schedule(sendWithFollowUp("idle"));
    vi.advanceTimersByTime(1_000);
    throttle.schedule(() => sent.push(["queued", Date.now()]));
    throttle.schedule(sendWithFollowUp("timer"));
    vi.advanceTimersByTime(1_000);
    const times = sent.map(([, t]) => t);
    for (let k = 1; k < times.length; k++) expect(times[k]! - times[k - 1]!).toBeGreaterThanOrEqual(100);
    expect(sent.map(([what]) => what)).toEqual(["idle", "idle's cancel", "queued", "timer", "timer's cancel"]);
  });

  it("holds back while TWS is silent, so that a stalled TWS never reads more than its limit at once", () => {
    vi.useFakeTimers();
    const throttle = new MessageThrottle(45, () => Date.now(), { maxUnheard: 4, quietIntervalMs: 250 });
    const sent: number[] = [];
    for (let i = 0; i < 20; i++) throttle.schedule(() => sent.push(Date.now()));
    // TWS stalls for a second: four messages at the usual spacing, then one per 250 ms.
    vi.advanceTimersByTime(1_000);
    const start = sent[0]!;
    expect(sent.map((t) => t - start)).toEqual([0, 23, 45, 67, 317, 567, 817]);
    // It answers again: the rest goes at the usual pace.
    throttle.heard();
    vi.advanceTimersByTime(200);
    expect(sent.length).toBe(11);
    for (let k = 8; k < sent.length; k++) expect(sent[k]! - sent[k - 1]!).toBeLessThan(25);
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
