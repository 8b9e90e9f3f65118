import type { Connection } from "../connection";
import type { Instrument } from "../market/instruments";
import { DELAYED_TWIN, Tick } from "../protocol/message-ids";
import { marketDataType, tickGeneric, tickOptionComputation, tickPrice, tickReqParams, tickSize, tickSnapshotEnd, tickString } from "../protocol/outbound";
import { type TickValue, tickFingerprint } from "./ticks";

/** Market-data timing. Defaults and their sources are documented in docs/simulator.md. */
export interface FeedTiming {
  /** Real ms between updates of a stock or ETF line (IB samples US stock quotes every 250 ms). */
  stockIntervalMs: number;
  /** Real ms between updates of an option line (IB samples US option quotes every 100 ms). */
  optionIntervalMs: number;
  /** Real ms from the request to the first price ticks. */
  firstTickDelayMs: number;
  /** Real ms a snapshot keeps collecting after its first ticks before tickSnapshotEnd. */
  snapshotSettleMs: number;
  /** Real ms between updates of the last bar of a keepUpToDate historical request. */
  historyUpdateMs: number;
}

export const DEFAULT_FEED_TIMING: FeedTiming = {
  stockIntervalMs: 250,
  optionIntervalMs: 100,
  firstTickDelayMs: 60,
  snapshotSettleMs: 200,
  historyUpdateMs: 5000,
};

/** Ticks that need a market-data subscription; the rest (close, open, high, low, volume) are always sent. */
const QUOTE_TICKS = new Set<number>([Tick.BID, Tick.ASK, Tick.LAST, Tick.BID_SIZE, Tick.ASK_SIZE, Tick.LAST_SIZE, Tick.LAST_TIMESTAMP, Tick.BID_OPTION, Tick.ASK_OPTION, Tick.LAST_OPTION]);

/** Delayed data is 15 minutes old for US equities and options. */
export const DELAY_MS = 15 * 60_000;

export interface Subscription {
  conn: Connection;
  reqId: number;
  inst: Instrument;
  snapshot: boolean;
  generic: Set<number>;
  delayed: boolean;
  /** Partial subscription: only the subscription-independent ticks are sent. */
  suppressQuotes: boolean;
  nextDue: number;
  snapshotEndDue: number | undefined;
  sent: Map<number, string>;
}

/** Produces the ticks of one instrument at a simulated time (the market model plugs in here). */
export type TickSource = (inst: Instrument, simTime: number, generic: Set<number>) => TickValue[];

/**
 * All open market-data lines. One timer drives every line; each line is sampled on its own interval and sends
 * only the ticks that changed since its last sample, the way TWS streams aggregated quotes.
 */
export class MarketDataFeed {
  private readonly lines = new Map<Connection, Map<number, Subscription>>();
  private timer: NodeJS.Timeout | undefined;
  paused = false;
  /** Real ms until which no line sends anything (a hung TWS, a competing live session). */
  quietUntil = 0;

  constructor(
    private readonly source: TickSource,
    private readonly simNow: () => number,
    readonly timing: FeedTiming,
  ) {}

  count(conn: Connection): number {
    return this.lines.get(conn)?.size ?? 0;
  }

  has(conn: Connection, reqId: number): boolean {
    return this.lines.get(conn)?.has(reqId) ?? false;
  }

  add(sub: Omit<Subscription, "nextDue" | "snapshotEndDue" | "sent">): void {
    const full: Subscription = { ...sub, nextDue: Date.now() + this.timing.firstTickDelayMs, snapshotEndDue: undefined, sent: new Map() };
    let map = this.lines.get(sub.conn);
    if (!map) {
      map = new Map();
      this.lines.set(sub.conn, map);
    }
    map.set(sub.reqId, full);
    // TWS opens every line with the data type in force and the tick parameters of the contract.
    sub.conn.send(marketDataType(sub.reqId, sub.delayed ? 3 : 1));
    sub.conn.send(tickReqParams(sub.reqId, sub.inst.minTick, "9c0001", 3));
    this.ensureTimer();
  }

  /** Every open line, or those whose underlying is `symbol`. */
  openLines(symbol?: string): Subscription[] {
    const all = [...this.lines.values()].flatMap((m) => [...m.values()]);
    return symbol === undefined ? all : all.filter((s) => s.inst.underlying.symbol === symbol.toUpperCase());
  }

  /** Switches an open line to delayed (or back to live) data: TWS says which with MARKET_DATA_TYPE. */
  setDelayed(sub: Subscription, delayed: boolean): void {
    if (sub.delayed === delayed) return;
    sub.delayed = delayed;
    sub.sent.clear();
    sub.conn.send(marketDataType(sub.reqId, delayed ? 3 : 1));
  }

  cancel(conn: Connection, reqId: number): boolean {
    return this.lines.get(conn)?.delete(reqId) ?? false;
  }

  dropConnection(conn: Connection): void {
    this.lines.delete(conn);
  }

  /** Forgets every line (after a "data lost" reconnect clients must subscribe again). */
  clear(): void {
    this.lines.clear();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.lines.clear();
  }

  private ensureTimer(): void {
    if (this.timer) return;
    const step = Math.max(5, Math.min(25, this.timing.optionIntervalMs / 4, this.timing.stockIntervalMs / 4));
    this.timer = setInterval(() => this.onTimer(), step);
    this.timer.unref();
  }

  private onTimer(): void {
    const now = Date.now();
    for (const [conn, map] of this.lines) {
      if (conn.closed) {
        this.lines.delete(conn);
        continue;
      }
      for (const sub of map.values()) {
        if (sub.snapshotEndDue !== undefined) {
          if (now >= sub.snapshotEndDue) {
            conn.send(tickSnapshotEnd(sub.reqId));
            map.delete(sub.reqId);
          }
          continue;
        }
        if (now < sub.nextDue || this.paused || now < this.quietUntil) continue;
        const interval = sub.inst.kind === "option" ? this.timing.optionIntervalMs : this.timing.stockIntervalMs;
        sub.nextDue = Math.max(sub.nextDue + interval, now);
        this.emit(sub);
        if (sub.snapshot) sub.snapshotEndDue = now + this.timing.snapshotSettleMs;
      }
    }
  }

  private emit(sub: Subscription): void {
    const t = this.simNow() - (sub.delayed ? DELAY_MS : 0);
    for (const tick of this.source(sub.inst, t, sub.generic)) {
      if (sub.suppressQuotes && QUOTE_TICKS.has(tick.type)) continue;
      const fp = tickFingerprint(tick);
      if (sub.sent.get(tick.type) === fp) continue;
      sub.sent.set(tick.type, fp);
      const type = sub.delayed ? (DELAYED_TWIN[tick.type] ?? tick.type) : tick.type;
      switch (tick.kind) {
        case "price":
          sub.conn.send(tickPrice(sub.reqId, type, tick.price, tick.size, 0));
          break;
        case "size":
          sub.conn.send(tickSize(sub.reqId, type, tick.size));
          break;
        case "string":
          sub.conn.send(tickString(sub.reqId, type, tick.value));
          break;
        case "generic":
          sub.conn.send(tickGeneric(sub.reqId, type, tick.value));
          break;
        case "option":
          sub.conn.send(tickOptionComputation(sub.conn.serverVersion, sub.reqId, type, tick.comp));
          break;
      }
    }
  }
}

