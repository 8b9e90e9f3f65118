import type { Entitlement, Simulator } from "./simulator";
import { TwsError } from "./protocol/error-codes";
import { underlyingBySymbol } from "./market/underlyings";
import type { CompetingClient } from "./messiness/competing-client";
import { type AdvisoryCode, type ChaosEvent, type ChaosOptions, ChaosRunner, type Farm } from "./messiness/chaos";
import { crossesTimeOfDay, parseTimeOfDay } from "./messiness/daily-restart";

/** Client id of the competing API client unless another is named. */
export const COMPETING_CLIENT_ID = 88;

/** The farm notices TWS sends for each farm and state. */
const FARM_NOTICE: Record<Farm, Record<"broken" | "ok" | "inactive", { code: number; text: string }>> = {
  market: { broken: TwsError.MD_FARM_BROKEN, ok: TwsError.MD_FARM_OK, inactive: TwsError.MD_FARM_INACTIVE },
  hmds: { broken: TwsError.HMDS_FARM_BROKEN, ok: TwsError.HMDS_FARM_OK, inactive: TwsError.HMDS_FARM_INACTIVE },
  secdef: { broken: TwsError.SECDEF_FARM_BROKEN, ok: TwsError.SECDEF_FARM_OK, inactive: TwsError.SECDEF_FARM_BROKEN },
};

const ADVISORY: Record<AdvisoryCode, { code: number; text: string }> = {
  10089: TwsError.API_NOT_SUBSCRIBED,
  10090: TwsError.PART_NOT_SUBSCRIBED,
  10091: TwsError.PART_API_NOT_SUBSCRIBED,
  10167: TwsError.DELAYED_INSTEAD,
  354: TwsError.NOT_SUBSCRIBED,
  10168: TwsError.DELAYED_DISABLED,
};

export interface ChaosLogEntry {
  /** Real time the event was injected (ISO). */
  at: string;
  event: ChaosEvent;
}

/**
 * Fault injection and test control for an embedded simulator (the same operations are exposed over loopback
 * HTTP with --control-port). Every method acts at once on all connected clients.
 */
export class SimulatorControl {
  private readonly timers = new Set<NodeJS.Timeout>();
  private dailyRestart: NodeJS.Timeout | undefined;
  private chaos: ChaosRunner | undefined;
  /** Events the chaos schedule injected, oldest first. */
  readonly chaosLog: ChaosLogEntry[] = [];

  constructor(
    private readonly sim: Simulator,
    private readonly restartServer: (downForMs: number) => Promise<void>,
  ) {}

  /** Runs `fn` after `ms` real milliseconds unless the control is closed first. */
  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  /** Stops the chaos schedule, the daily restart and every pending end of a fault. */
  close(): void {
    this.stopChaos();
    this.cancelDailyRestart();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Closes every client socket abruptly, as when TWS restarts or the network drops. */
  dropAllConnections(): void {
    for (const c of [...this.sim.connections]) c.destroy();
  }

  /** Number of clients that completed START_API and are still connected. */
  connectedClients(): number {
    return [...this.sim.connections].filter((c) => c.ready).length;
  }

  /** Sends 1100 "connectivity lost" to every client (TWS lost its link to IB; the socket stays open). */
  connectivityLost(): void {
    this.broadcast(TwsError.CONNECTIVITY_LOST);
    this.sim.feed.paused = true;
  }

  /**
   * Sends 1101 (data lost: market-data lines are gone and must be requested again) or 1102 (data maintained:
   * lines resume).
   */
  connectivityRestored(dataMaintained: boolean): void {
    if (!dataMaintained) {
      this.sim.feed.clear();
    }
    this.sim.feed.paused = false;
    this.broadcast(dataMaintained ? TwsError.RESTORED_DATA_KEPT : TwsError.RESTORED_DATA_LOST);
  }

  pauseMarketData(): void {
    this.sim.feed.paused = true;
  }

  resumeMarketData(): void {
    this.sim.feed.paused = false;
  }

  /** Delays every message to clients by `ms` (order is kept). 0 turns it off. */
  setLatency(ms: number): void {
    this.sim.faults.latencyMs = Math.max(0, ms);
  }

  /** Market-data entitlement of a symbol: "live", "delayed" (354 / 10167), "none" (354 / 10168) or "partial" (10090). */
  setEntitlement(symbol: string, entitlement: Entitlement): void {
    this.sim.entitlements.set(symbol.toUpperCase(), entitlement);
  }

  /** Moves simulated time forward at once. */
  advanceTime(ms: number): void {
    this.sim.clock.advance(ms);
  }

  /** Simulated milliseconds per real millisecond from now on. */
  setSpeed(speed: number): void {
    this.sim.clock.setSpeed(speed);
  }

  /** The id TWS would give as the next valid order id now. */
  nextValidId(): number {
    return this.sim.orders.peekNextOrderId();
  }

  /** Simulated epoch milliseconds. */
  now(): number {
    return this.sim.clock.now();
  }

  /** Rejects the next order placed (error 201 with this reason, status Inactive). */
  rejectNextOrder(reason = "Simulated rejection"): void {
    this.sim.orders.rejectNextReason = reason;
  }

  /** Working orders stay working but nothing fills until resumeFilling(). */
  stopFilling(): void {
    this.sim.orders.fillsStopped = true;
  }

  resumeFilling(): void {
    this.sim.orders.fillsStopped = false;
  }

  /**
   * TWS's day rollover for the executions report: reqExecutions no longer reports anything that happened before
   * now (TWS reports the current day's executions, or the few days its trade log is set to keep).
   */
  forgetExecutions(): void {
    this.sim.orders.reportWindows.executionsSince = this.sim.clock.now();
  }

  /** The same for reqCompletedOrders: orders completed before now are no longer reported. */
  forgetCompletedOrders(): void {
    this.sim.orders.reportWindows.completedOrdersSince = this.sim.clock.now();
  }

  /**
   * TWS restarting: closes the listener and every client, refuses connections for `downForMs` real ms, then
   * listens again on the same port with the same account, orders and executions.
   */
  restart(downForMs = 0): Promise<void> {
    return this.restartServer(Math.max(0, downForMs));
  }

  /**
   * TWS's daily auto-restart: whenever simulated time passes `timeOfDay` ("HH:MM", US/Eastern) it restarts, down
   * for `downForMs` real ms. Replaces an earlier schedule.
   */
  scheduleDailyRestart(timeOfDay: string, downForMs = 60_000): void {
    const minutes = parseTimeOfDay(timeOfDay);
    if (minutes === undefined) throw new RangeError(`time of day must be HH:MM (US/Eastern), got "${timeOfDay}"`);
    this.cancelDailyRestart();
    let last = this.sim.clock.now();
    let restarting = false;
    this.dailyRestart = setInterval(() => {
      const now = this.sim.clock.now();
      const due = crossesTimeOfDay(last, now, minutes);
      last = now;
      if (!due || restarting) return;
      restarting = true;
      this.sim.log(`daily restart at ${timeOfDay} US/Eastern`);
      void this.restart(downForMs).finally(() => {
        restarting = false;
      });
    }, 100);
    this.dailyRestart.unref();
  }

  cancelDailyRestart(): void {
    if (this.dailyRestart) clearInterval(this.dailyRestart);
    this.dailyRestart = undefined;
  }

  /**
   * TWS stops reading and writing for `ms` real ms with every socket open (a busy or frozen TWS): requests wait,
   * answers and order events queue, market data is silent; afterwards everything queued is processed in order.
   */
  hang(ms: number): void {
    const until = Date.now() + Math.max(0, ms);
    this.sim.faults.hangUntil = Math.max(this.sim.faults.hangUntil, until);
    this.sim.feed.quietUntil = Math.max(this.sim.feed.quietUntil, until);
    for (const c of this.sim.connections) c.hang(until);
  }

  /** 1100 now, then after `downMs` real ms 1102 (lines kept) or 1101 (lines lost: clients must request them again). */
  connectivityCycle(downMs: number, dataMaintained: boolean): void {
    this.connectivityLost();
    this.later(Math.max(0, downMs), () => this.connectivityRestored(dataMaintained));
  }

  /** A data-farm notice to every client: broken (2103/2105/2157), OK (2104/2106/2158) or inactive (2108/2107). */
  farmStatus(farm: Farm, state: "broken" | "ok" | "inactive"): void {
    this.broadcast(FARM_NOTICE[farm][state]);
  }

  /**
   * Another session logged in with the same user and took live data: 10197 on every open line and no ticks for
   * `ms` real ms, then the lines stream again.
   */
  competingLiveSession(ms: number): void {
    const e = TwsError.COMPETING_LIVE_SESSION;
    for (const line of this.sim.feed.openLines()) line.conn.sendError(line.reqId, e.code, e.text);
    this.sim.feed.quietUntil = Math.max(this.sim.feed.quietUntil, Date.now() + Math.max(0, ms));
  }

  /**
   * A market-data advisory on every open line of `symbol`. With 10089, 10090, 10091 and 10167 the ticks keep
   * coming (10167 turns the line delayed); with 354 and 10168 the line ends.
   */
  dataAdvisory(symbol: string, code: AdvisoryCode): void {
    const e = ADVISORY[code];
    for (const line of this.sim.feed.openLines(symbol)) {
      line.conn.sendError(line.reqId, e.code, e.text);
      if (code === 10167) this.sim.feed.setDelayed(line, true);
      if (code === 354 || code === 10168) this.sim.feed.cancel(line.conn, line.reqId);
    }
  }

  /**
   * Live data ends for `symbol` (or every symbol): it becomes delayed-only. Open lines of clients that asked for
   * delayed data (reqMarketDataType 3 or 4) get 10167 and turn delayed (MARKET_DATA_TYPE 3, tick ids 66-76 and
   * 80-83); lines of clients that asked for live data get 354 and end. `live = true` switches back.
   */
  setDelayedData(symbol: string | undefined, delayed: boolean): void {
    const value: Entitlement = delayed ? "delayed" : "live";
    if (symbol === undefined) {
      this.sim.entitlements.clear();
      this.sim.config.defaultEntitlement = value;
    } else {
      this.sim.entitlements.set(symbol.toUpperCase(), value);
    }
    for (const line of this.sim.feed.openLines(symbol)) {
      if (!delayed) {
        this.sim.feed.setDelayed(line, false);
        continue;
      }
      const wantsDelayed = line.conn.marketDataType === 3 || line.conn.marketDataType === 4;
      if (wantsDelayed) {
        line.conn.sendError(line.reqId, TwsError.DELAYED_INSTEAD.code, TwsError.DELAYED_INSTEAD.text);
        this.sim.feed.setDelayed(line, true);
      } else {
        line.conn.sendError(line.reqId, TwsError.NOT_SUBSCRIBED.code, TwsError.NOT_SUBSCRIBED.text);
        this.sim.feed.cancel(line.conn, line.reqId);
      }
    }
  }

  /** The competing API client with this id (created on first use; its id is then in use for socket clients). */
  competingClient(clientId = COMPETING_CLIENT_ID): CompetingClient {
    return this.sim.competingClient(clientId);
  }

  /** The competing client uses up `count` order ids: the next valid id moves past them. */
  takeOrderIds(count: number, clientId = COMPETING_CLIENT_ID): number[] {
    return this.competingClient(clientId).takeOrderIds(count);
  }

  /**
   * The competing client places a resting limit order (by default BUY 1 `symbol` at half its price, so it never
   * fills) with the next id, or with `orderId`; it shows in reqAllOpenOrders. Returns its id.
   */
  placeCompetingOrder(symbol = "SPY", orderId?: number, clientId = COMPETING_CLIENT_ID): number {
    const u = underlyingBySymbol(symbol);
    if (!u) throw new RangeError(`unknown symbol ${symbol}`);
    const half = Math.round(this.sim.market.stock(u).mid(this.sim.clock.now()) * 50) / 100;
    return this.competingClient(clientId).placeOrder({ symbol: u.symbol, action: "BUY", quantity: 1, limitPrice: half }, orderId);
  }

  /** The competing client cancels its oldest working order; returns its id. */
  cancelCompetingOrder(clientId = COMPETING_CLIENT_ID): number | undefined {
    return this.competingClient(clientId).cancelOldest();
  }

  /** Starts injecting faults at random, reproducibly for a seed (replaces a running schedule). */
  startChaos(seed: number, options: Partial<ChaosOptions> = {}): void {
    this.stopChaos();
    this.chaos = new ChaosRunner(seed, options, (e) => this.injectChaos(e));
    this.sim.log(`chaos schedule started with seed ${seed}`);
  }

  stopChaos(): void {
    this.chaos?.stop();
    this.chaos = undefined;
  }

  /** Applies one chaos event (also usable on its own, to replay a schedule step by step). */
  injectChaos(e: ChaosEvent): void {
    this.chaosLog.push({ at: new Date().toISOString(), event: e });
    this.sim.log(`chaos: ${e.kind} ${JSON.stringify(e)}`);
    switch (e.kind) {
      case "order-ids":
        this.takeOrderIds(e.count);
        break;
      case "competing-order":
        if (this.competingClient().workingOrderIds().length >= 3) this.cancelCompetingOrder();
        else this.placeCompetingOrder(e.symbol);
        break;
      case "advisory":
        this.dataAdvisory(e.symbol, e.code);
        break;
      case "farm":
        this.farmStatus(e.farm, "broken");
        this.later(e.durationMs, () => this.farmStatus(e.farm, "ok"));
        break;
      case "competing-session":
        this.competingLiveSession(e.durationMs);
        break;
      case "connectivity":
        this.connectivityCycle(e.durationMs, e.dataMaintained);
        break;
      case "delayed":
        this.setDelayedData(e.symbol, true);
        this.later(e.durationMs, () => this.setDelayedData(e.symbol, false));
        break;
      case "hang":
        this.hang(e.durationMs);
        break;
      case "drop":
        this.dropAllConnections();
        break;
      case "restart":
        void this.restart(e.durationMs);
        break;
    }
  }

  private broadcast(e: { code: number; text: string }): void {
    for (const c of this.sim.connections) if (c.ready) c.sendError(-1, e.code, e.text);
  }
}
