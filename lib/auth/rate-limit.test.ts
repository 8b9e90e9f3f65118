import { describe, expect, it } from "vitest";
import { clientAddress, LoginRateLimiter, tooManyAttemptsMessage } from "./rate-limit";

function limiter(policy = { maxFailures: 5, maxGlobalFailures: 50, windowMs: 15 * 60_000 }) {
  let now = 1_000_000;
  const l = new LoginRateLimiter(policy, () => now);
  return { l, advance: (ms: number) => (now += ms) };
}

describe("LoginRateLimiter", () => {
  it("allows five failures per address, then refuses until the oldest one is 15 minutes old", () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 5; i++) {
      expect(l.check("10.0.0.5")).toEqual({ allowed: true });
      l.recordFailure("10.0.0.5");
      advance(60_000);
    }
    // First failure at t0, now t0 + 5 min: the wait is the 10 minutes until it leaves the window.
    expect(l.check("10.0.0.5")).toEqual({ allowed: false, retryAfterMs: 10 * 60_000 });
    expect(l.check("10.0.0.6")).toEqual({ allowed: true });
    advance(10 * 60_000 - 1);
    expect(l.check("10.0.0.5").allowed).toBe(false);
    advance(1);
    expect(l.check("10.0.0.5")).toEqual({ allowed: true });
  });

  it("forgets an address's failures after a success", () => {
    const { l } = limiter();
    for (let i = 0; i < 4; i++) l.recordFailure("a");
    l.recordSuccess("a");
    for (let i = 0; i < 4; i++) l.recordFailure("a");
    expect(l.check("a")).toEqual({ allowed: true });
  });

  it("caps failures across all addresses, so rotating X-Forwarded-For does not help", () => {
    const { l } = limiter({ maxFailures: 5, maxGlobalFailures: 8, windowMs: 60_000 });
    for (let i = 0; i < 8; i++) l.recordFailure(`spoofed-${i}`);
    expect(l.check("fresh-address")).toMatchObject({ allowed: false });
  });

  it("keeps memory bounded by the window", () => {
    const { l, advance } = limiter({ maxFailures: 5, maxGlobalFailures: 50, windowMs: 1000 });
    for (let i = 0; i < 100; i++) l.recordFailure(`x${i}`);
    advance(1001);
    for (let i = 0; i < 100; i++) l.check(`x${i}`);
    expect((l as unknown as { failures: Map<string, number[]> }).failures.size).toBeLessThanOrEqual(1);
  });
});

describe("tooManyAttemptsMessage", () => {
  it.each([
    [10 * 60_000, "Wait 10 minutes"],
    [9 * 60_000 + 1, "Wait 10 minutes"],
    [60_000, "Wait 1 minute "],
    [59_000, "Wait 59 seconds"],
    [1, "Wait 1 second "],
  ])("%i ms → %s", (ms, text) => {
    expect(tooManyAttemptsMessage(ms)).toContain(text);
    expect(tooManyAttemptsMessage(ms)).toMatch(/^Too many wrong passphrases\./);
  });
});

describe("clientAddress", () => {
  it("takes the first X-Forwarded-For entry, from Headers or a plain record", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "192.168.1.7, 10.0.0.1" }))).toBe("192.168.1.7");
    expect(clientAddress({ "x-forwarded-for": "::FFFF:127.0.0.1" })).toBe("::ffff:127.0.0.1");
    expect(clientAddress({})).toBe("unknown");
    expect(clientAddress({ "x-forwarded-for": "x".repeat(500) })).toHaveLength(64);
  });
});
