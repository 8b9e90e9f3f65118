/**
 * Login rate limiting: at most `maxFailures` wrong passphrases per client address in a sliding window, and a
 * higher cap across all addresses (Next fills X-Forwarded-For from the socket only when the client sent none, so
 * one client could pose as many; the global cap bounds guessing even then). A success clears that address.
 */

export interface RateLimitPolicy {
  /** Failures allowed per address within the window. */
  maxFailures: number;
  /** Failures allowed across all addresses within the window. */
  maxGlobalFailures: number;
  windowMs: number;
}

export const LOGIN_POLICY: RateLimitPolicy = { maxFailures: 5, maxGlobalFailures: 50, windowMs: 15 * 60_000 };

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

const GLOBAL = "\u0000all";

export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly policy: RateLimitPolicy = LOGIN_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `address` may try now; when not, how long until the oldest failure in the window ages out. */
  check(address: string): RateLimitDecision {
    const now = this.now();
    const own = this.recent(address, now);
    const all = this.recent(GLOBAL, now);
    const waits: number[] = [];
    if (own.length >= this.policy.maxFailures) waits.push(own[own.length - this.policy.maxFailures]! + this.policy.windowMs - now);
    if (all.length >= this.policy.maxGlobalFailures) waits.push(all[all.length - this.policy.maxGlobalFailures]! + this.policy.windowMs - now);
    return waits.length === 0 ? { allowed: true } : { allowed: false, retryAfterMs: Math.max(1, ...waits) };
  }

  recordFailure(address: string): void {
    const now = this.now();
    for (const key of [address, GLOBAL]) this.failures.set(key, [...this.recent(key, now), now]);
  }

  recordSuccess(address: string): void {
    this.failures.delete(address);
  }

  /** Failures of `key` still inside the window, oldest first; drops the expired ones. */
  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - this.policy.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }
}

/** "Too many attempts…" with the wait rounded up to whole minutes (or seconds under one minute). */
export function tooManyAttemptsMessage(retryAfterMs: number): string {
  if (retryAfterMs < 60_000) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return `Too many wrong passphrases. Wait ${seconds} second${seconds === 1 ? "" : "s"} and try again.`;
  }
  const minutes = Math.ceil(retryAfterMs / 60_000);
  return `Too many wrong passphrases. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`;
}

/** The client address Next saw (X-Forwarded-For's first entry), bounded in length; "unknown" when absent. */
export function clientAddress(headers: Headers | Record<string, string | string[] | undefined>): string {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw[0] : raw;
  const first = value?.split(",")[0]?.trim().toLowerCase();
  return first ? first.slice(0, 64) : "unknown";
}

const globalForLimiter = globalThis as typeof globalThis & { sumppumpLoginLimiter?: LoginRateLimiter };

/** The process-wide login limiter (on globalThis: Next may load this module more than once). */
export function loginLimiter(): LoginRateLimiter {
  globalForLimiter.sumppumpLoginLimiter ??= new LoginRateLimiter();
  return globalForLimiter.sumppumpLoginLimiter;
}
