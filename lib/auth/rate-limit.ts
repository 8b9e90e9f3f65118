/**
 * Login backoff per client address: a few wrong passphrases are free, then each further one makes that address
 * wait twice as long as the last (30 s, 1 min, 2 min … at most 15 min). A guesser is slowed to a handful of tries
 * an hour while the owner, at another address (or the same one after the wait), can always log in: there is no
 * lockout across addresses, so nobody can lock the owner out by failing on purpose. A success clears the address.
 *
 * The address is the socket's peer, or what a trusted proxy says (lib/http/client-address.ts): a client cannot
 * pick a fresh one per guess with X-Forwarded-For. IPv6 addresses count per /64, the block one host controls.
 */

export interface BackoffPolicy {
  /** Wrong passphrases an address may send before it has to wait. */
  freeFailures: number;
  /** The first wait; each further failure doubles it. */
  firstWaitMs: number;
  maxWaitMs: number;
  /** An address's failures are forgotten this long after its last one. */
  forgetAfterMs: number;
  /** Most addresses remembered at once (the oldest are forgotten first), so a flood cannot exhaust memory. */
  maxAddresses: number;
}

export const LOGIN_POLICY: BackoffPolicy = {
  freeFailures: 4,
  firstWaitMs: 30_000,
  maxWaitMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  maxAddresses: 10_000,
};

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

interface AddressRecord {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

export class LoginRateLimiter {
  private readonly records = new Map<string, AddressRecord>();

  constructor(
    private readonly policy: BackoffPolicy = LOGIN_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `address` may try now; when not, how long it must wait. */
  check(address: string): RateLimitDecision {
    const record = this.current(addressKey(address));
    const wait = record ? record.lockedUntil - this.now() : 0;
    return wait > 0 ? { allowed: false, retryAfterMs: wait } : { allowed: true };
  }

  recordFailure(address: string): void {
    const key = addressKey(address);
    const now = this.now();
    const record = this.current(key) ?? { failures: 0, lastFailureAt: now, lockedUntil: 0 };
    record.failures++;
    record.lastFailureAt = now;
    const over = record.failures - this.policy.freeFailures;
    if (over > 0) record.lockedUntil = now + Math.min(this.policy.maxWaitMs, this.policy.firstWaitMs * 2 ** Math.min(over - 1, 30));
    // Re-inserted so the map's order is least recently failed first, for eviction.
    this.records.delete(key);
    this.records.set(key, record);
    while (this.records.size > this.policy.maxAddresses) this.records.delete(this.records.keys().next().value!);
  }

  recordSuccess(address: string): void {
    this.records.delete(addressKey(address));
  }

  /** The address's record unless it is old enough to forget (then it is dropped). */
  private current(key: string): AddressRecord | undefined {
    const record = this.records.get(key);
    if (!record) return undefined;
    const now = this.now();
    if (now >= record.lockedUntil && now - record.lastFailureAt >= this.policy.forgetAfterMs) {
      this.records.delete(key);
      return undefined;
    }
    return record;
  }
}

/** The key an address is counted under: IPv4 as is, IPv6 by its /64 (one host may hold all of it). */
export function addressKey(address: string): string {
  const value = address.trim().toLowerCase().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(value);
  if (mapped) return mapped[1]!;
  if (!value.includes(":")) return value;
  const [head, tail, ...more] = value.split("::");
  const front = head ? head.split(":") : [];
  const back = tail ? tail.split(":") : [];
  if (more.length > 0 || (tail === undefined && front.length !== 8) || front.length + back.length > 8) return value;
  const groups = tail === undefined ? front : [...front, ...Array<string>(8 - front.length - back.length).fill("0"), ...back];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/** "Too many wrong passphrases…" saying how long to wait, rounded up to whole minutes (or seconds under one). */
export function tooManyAttemptsMessage(retryAfterMs: number): string {
  if (retryAfterMs < 60_000) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return `Too many wrong passphrases from this address. Wait ${seconds} second${seconds === 1 ? "" : "s"} and try again.`;
  }
  const minutes = Math.ceil(retryAfterMs / 60_000);
  return `Too many wrong passphrases from this address. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`;
}

const globalForLimiter = globalThis as typeof globalThis & { sumppumpLoginLimiter?: LoginRateLimiter };

/** The process-wide login limiter (on globalThis: Next may load this module more than once). */
export function loginLimiter(): LoginRateLimiter {
  globalForLimiter.sumppumpLoginLimiter ??= new LoginRateLimiter();
  return globalForLimiter.sumppumpLoginLimiter;
}
