import type { Connection } from "./connection";
import { TwsError } from "./protocol/error-codes";

export interface LimitSettings {
  /** Client-to-server messages allowed per second before error 100 (TWS: 50). */
  maxMessagesPerSecond: number;
  /** Messages in one second at which the socket is closed: the client kept going after error 100. */
  disconnectMessagesPerSecond: number;
  /** Concurrent market-data lines per client (TWS default allowance: 100). */
  marketDataLines: number;
}

export const DEFAULT_LIMITS: LimitSettings = {
  maxMessagesPerSecond: 50,
  disconnectMessagesPerSecond: 100,
  marketDataLines: 100,
};

/** The 50 messages/s pacing rule: over it, error 100 and the message is dropped; far over it, disconnect. */
export class MessageLimits {
  constructor(
    readonly settings: LimitSettings,
    private readonly log: (line: string) => void,
  ) {}

  admitMessage(conn: Connection): boolean {
    const now = Date.now();
    const recent = conn.recentMessages;
    recent.push(now);
    while (recent.length > 0 && (recent[0] ?? now) <= now - 1000) recent.shift();
    if (recent.length <= this.settings.maxMessagesPerSecond) return true;
    if (recent.length >= this.settings.disconnectMessagesPerSecond) {
      this.log(`client ${conn.clientId}: ${recent.length} messages in one second; closing the socket`);
      conn.destroy();
      return false;
    }
    if (now - conn.lastRateErrorAt >= 1000) {
      conn.lastRateErrorAt = now;
      const e = TwsError.MAX_RATE;
      conn.sendError(-1, e.code, e.text);
    }
    return false;
  }
}

export interface HistoricalPacingSettings {
  /** An identical request within this many ms is a pacing violation (TWS: 15 s). */
  identicalWindowMs: number;
  /** At most this many requests per window (TWS: 60 per 10 minutes). */
  maxRequests: number;
  windowMs: number;
  /** At most this many requests open at once, live-updating ones included (TWS: 50). */
  maxOpen: number;
}

export const DEFAULT_HISTORICAL_PACING: HistoricalPacingSettings = {
  identicalWindowMs: 15_000,
  maxRequests: 60,
  windowMs: 10 * 60_000,
  maxOpen: 50,
};

/** TWS's historical-data pacing rules, per client, in real time. */
export class HistoricalPacing {
  private readonly recent: { at: number; key: string }[] = [];

  constructor(readonly settings: HistoricalPacingSettings) {}

  /** Records a request; returns false if it breaks a pacing rule (then it is not counted). */
  admit(key: string, openNow: number): boolean {
    const now = Date.now();
    while (this.recent.length > 0 && (this.recent[0]?.at ?? now) <= now - this.settings.windowMs) this.recent.shift();
    if (openNow >= this.settings.maxOpen) return false;
    if (this.recent.length >= this.settings.maxRequests) return false;
    if (this.recent.some((r) => r.key === key && r.at > now - this.settings.identicalWindowMs)) return false;
    this.recent.push({ at: now, key });
    return true;
  }
}
