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
