import { describe, expect, it } from "vitest";
import { addressKey, LOGIN_POLICY, LoginRateLimiter, tooManyAttemptsMessage } from "./rate-limit";

function limiter(policy = LOGIN_POLICY) {
  let now = 1_000_000;
  const l = new LoginRateLimiter(policy, () => now);
  return { l, advance: (ms: number) => (now += ms) };
}

const fail = (l: LoginRateLimiter, address: string, times: number): void => {
  for (let i = 0; i < times; i++) l.recordFailure(address);
};

describe("LoginRateLimiter", () => {
  it("lets four wrong passphrases through, then makes the address wait 30 s, doubling with each further failure up to 15 min", () => {
    const { l, advance } = limiter();
    fail(l, "10.0.0.5", 4);
    expect(l.check("10.0.0.5")).toEqual({ allowed: true });
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      l.recordFailure("10.0.0.5");
      const decision = l.check("10.0.0.5");
      expect(decision.allowed).toBe(false);
      waits.push(decision.allowed ? 0 : decision.retryAfterMs);
      advance(waits.at(-1)!);
      expect(l.check("10.0.0.5")).toEqual({ allowed: true });
    }
    expect(waits).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000]);
  });

  it("never refuses another address: failing on purpose cannot lock the owner out", () => {
    const { l } = limiter();
    for (let i = 0; i < 500; i++) l.recordFailure(`10.9.${Math.floor(i / 250)}.${i % 250}`);
    fail(l, "10.0.0.66", 50);
    expect(l.check("192.168.1.20")).toEqual({ allowed: true });
  });

  it("forgets an address's failures after a success, or an hour after its last failure", () => {
    const { l, advance } = limiter();
    fail(l, "a", 4);
    l.recordSuccess("a");
    fail(l, "a", 4);
    expect(l.check("a")).toEqual({ allowed: true });
    advance(60 * 60_000);
    l.recordFailure("a");
    expect(l.check("a")).toEqual({ allowed: true });
  });

  it("counts an IPv6 host by its /64, so rotating addresses within it does not help", () => {
    const { l } = limiter();
    for (let i = 1; i <= 5; i++) l.recordFailure(`2001:db8:1:2::${i.toString(16)}`);
    expect(l.check("2001:0db8:0001:0002:ffff:1:2:3").allowed).toBe(false);
    expect(l.check("2001:db8:1:3::1").allowed).toBe(true);
  });

  it("keeps memory bounded however many addresses fail", () => {
    const { l } = limiter({ ...LOGIN_POLICY, maxAddresses: 100 });
    for (let i = 0; i < 1000; i++) l.recordFailure(`x${i}`);
    expect((l as unknown as { records: Map<string, unknown> }).records.size).toBe(100);
  });
});

describe("addressKey", () => {
  it.each([
    ["10.0.0.1", "10.0.0.1"],
    ["::ffff:127.0.0.1", "127.0.0.1"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
  ])("%s → %s", (address, key) => expect(addressKey(address)).toBe(key));
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
    expect(tooManyAttemptsMessage(ms)).toMatch(/^Too many wrong passphrases from this address\./);
  });
});
