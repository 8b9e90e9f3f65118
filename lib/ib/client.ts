/**
 * The one connection to TWS / IB Gateway. @stoqey/ib does the socket, framing and decoding; this adds what a
 * long-running server needs on top: connect with a timeout, reconnect with backoff after the socket drops, a
 * status that pages and tools can read, and requests correlated by reqId that resolve to promises and fail
 * with a clear error instead of hanging.
 */
import { EventName, IBApi } from "@stoqey/ib";
import type { Logger } from "pino";
import { IbError, IbErrorCode } from "../errors";
import { farmNotice, withFarm, type LinkHealth } from "./health";
import type { LineBudget } from "./line-budget";
import { currentPriority, type Priority } from "./priority";
import { MessageThrottle } from "./throttle";
import { installTokenQueue } from "./token-queue";

export type ConnectionState = "connecting" | "connected" | "disconnected";

/** The connection as the app sees it: the socket (`state`) and, while it is open, each layer behind it. */
export interface IbStatus extends Omit<LinkHealth, "socket"> {
  state: ConnectionState;
  host: string;
  port: number;
  clientId: number;
  /** Accounts TWS manages for this login (from MANAGED_ACCTS). */
  accounts: string[];
  serverVersion?: number;
  connectedAt?: string;
  lastError?: { message: string; ibCode?: number; at: string };
  /** When the next connection attempt is due, while disconnected. */
  nextAttemptAt?: string;
  /** Failed attempts since the last successful connection. */
  failedAttempts: number;
}

export interface IbClientOptions {
  host: string;
  port: number;
  clientId: number;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /**
   * Messages SumpPump may send in any one second (default 45). TWS answers error 100 above 50 and drops the
   * message. Messages sent while TWS is stalled reach it bunched together, so the client also holds back while
   * TWS is silent (throttle.ts). Should error 100 still happen, the client backs off, asks again for what went
   * unanswered and sends again the cancels of the last seconds (a lost one would keep a market-data line open).
   */
  maxMessagesPerSecond?: number;
  /**
   * Waits between reconnection attempts: doubling from `initial` to `max` (default 0.5 s to 10 s). A connect to
   * TWS costs nothing, and after a restart or a hang the trader should not wait long for SumpPump to come back.
   */
  reconnectDelayMs?: { initial: number; max: number };
  /**
   * "delayed" (default): ask TWS for delayed data where the login has no live subscription (live data still
   * comes where it has one, and every result says which it got). "live-only": no fallback.
   */
  marketDataFallback?: "delayed" | "live-only";
  /**
   * How TWS is checked for a hang while the socket stays open: a reqCurrentTime every `intervalMs` (default 1 s);
   * TWS counts as not responding once one has gone unanswered for `silenceMs` (default 3 s). A hang is so noticed
   * within about 4.5 s. `false`: no heartbeat.
   */
  heartbeat?: { intervalMs: number; silenceMs: number } | false;
  log?: Pick<Logger, "info" | "warn" | "error" | "debug">;
}

/** The connection's layers in one value (lib/ib/health.ts puts them into words). */
export function linkHealth(status: IbStatus): LinkHealth {
  return {
    socket: status.state,
    responding: status.responding,
    silentSince: status.silentSince,
    ibLink: status.ibLink,
    ibLinkSince: status.ibLinkSince,
    dataResetAt: status.dataResetAt,
    farms: status.farms,
  };
}

/** What a request hands back to settle itself. */
export interface Settle<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

export interface RequestSpec<T> {
  /** What is being asked, for error messages: "quote for SPY". */
  label: string;
  /** Sends the request with the reqId allocated for it. */
  send(api: IBApi, reqId: number): void;
  /** Every message carrying this reqId (warnings arrive as event "warning" with [code, message]). */
  handle(event: string, args: readonly unknown[], settle: Settle<T>): void;
  /** "order": the id is the next order id (placeOrder, what-if); default "request": a reqId. */
  idKind?: "request" | "order";
  /** Cancels a subscription at TWS; called when the request settles early or times out. */
  cancel?(api: IBApi, reqId: number): void;
  /**
   * Safe to ask again under a new reqId if TWS reports error 100 (it drops a message without saying which):
   * quotes and contract lookups. Not historical data (a repeat trips TWS's pacing) and never orders.
   */
  resendable?: boolean;
  /** The market-data line budget this subscription draws on, if it opens a market-data line. */
  line?: LineBudget;
  /** What to do when the timeout passes; the default rejects with a timeout error. */
  onTimeout?(settle: Settle<T>): void;
  timeoutMs?: number;
  /** Its place in the queues for lines and messages; default: the class of the work that asks (priority.ts). */
  priority?: Priority;
  /**
   * Whoever asked has gone (a closed page): not yet sent, it is dropped from the queues; in flight, it is
   * cancelled at TWS. Either way it rejects with IbErrorCode.Aborted.
   */
  signal?: AbortSignal;
}

/** A request without a reqId (positions, current time): its messages are recognised by event name. */
export interface BroadcastRequestSpec<T> {
  label: string;
  events: readonly string[];
  send(api: IBApi): void;
  handle(event: string, args: readonly unknown[], settle: Settle<T>): void;
  cancel?(api: IBApi): void;
  timeoutMs?: number;
}

interface UnansweredRequest {
  sentAt: number;
  resend(): void;
}

interface Waiter {
  label: string;
  handle(event: string, args: readonly unknown[]): void;
  fail(error: Error): void;
}

/** TWS codes that are information, not failure, when they arrive for a request. */
const WARNING_CODES = new Set([10167, 10090, 399, 492, 2176]);
export const isWarning = (code: number): boolean => (code >= 2100 && code < 3000) || WARNING_CODES.has(code);

/** Request ids start high so that they never collide with order ids in TWS's error messages. */
const FIRST_REQ_ID = 10_000_000;

export class IbClient {
  private api: IBApi | undefined;
  private status: IbStatus;
  private stopped = true;
  private connectTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private nextReqId = FIRST_REQ_ID;
  private readonly byReqId = new Map<number, Waiter>();
  private readonly byEvent = new Map<string, Set<Waiter>>();
  private readonly statusListeners = new Set<(status: IbStatus) => void>();
  private readonly readyWaiters = new Set<() => void>();
  private readonly teardownHooks = new Set<() => void>();
  private readonly messageListeners = new Set<(event: string, args: readonly unknown[]) => void>();
  /** How often TWS has reported its message-rate limit (error 100) on this client; results mention it. */
  rateLimitErrors = 0;
  /** Requests sent but not yet answered: the ones TWS may have dropped when it reports error 100. */
  private readonly unanswered = new Set<UnansweredRequest>();
  /** Cancels of the last seconds, oldest first: TWS may have dropped one of them with error 100 too. */
  private readonly recentCancels: Array<{ sentAt: number; again(): void }> = [];
  /** The next order id TWS will accept (from NEXT_VALID_ID, then counted up locally). */
  private nextOrderId = 0;
  /**
   * The next valid order id TWS announced when this connection opened. TWS counts every order id it has
   * received from this client, so an order sent earlier under an id at or above this one never reached it.
   */
  private connectionFirstOrderId = 0;
  readonly throttle: MessageThrottle;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  /** The heartbeat question in flight: when it left. */
  private heartbeatSentAt: number | undefined;
  private lastHeartbeatAt = 0;
  private lastTickAt = 0;

  constructor(private readonly options: IbClientOptions) {
    // After 4 messages with no sign of life from TWS, one every 250 ms: what piles up in a stalled TWS stays
    // within its limit of 50 in the second it reads them in (throttle.ts).
    this.throttle = new MessageThrottle(options.maxMessagesPerSecond ?? 45, Date.now, { maxUnheard: 4, quietIntervalMs: 250 });
    this.status = {
      state: "disconnected",
      host: options.host,
      port: options.port,
      clientId: options.clientId,
      accounts: [],
      responding: true,
      ibLink: "ok",
      farms: [],
      failedAttempts: 0,
    };
  }

  getStatus(): IbStatus {
    return { ...this.status, accounts: [...this.status.accounts] };
  }

  /** Called with the new status on every change. Returns an unsubscribe function. */
  onStatus(listener: (status: IbStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Starts connecting, and keeps reconnecting until stop(). Idempotent. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Disconnects for good and fails everything in flight. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.teardown(new IbError(IbErrorCode.NotConnected, "The IB connection was closed by SumpPump."));
    this.update({ state: "disconnected", nextAttemptAt: undefined });
  }

  /** Resolves once connected (TWS has sent its next valid order id), or fails after `timeoutMs`. */
  whenReady(timeoutMs = this.options.connectTimeoutMs): Promise<void> {
    if (this.status.state === "connected") return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.readyWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(() => {
        this.readyWaiters.delete(done);
        reject(this.notConnectedError());
      }, timeoutMs);
      this.readyWaiters.add(done);
    });
  }

  /** Sends a request carrying a reqId and resolves when its handler settles it. */
  async request<T>(spec: RequestSpec<T>): Promise<T> {
    this.readyApi();
    const priority = spec.priority ?? currentPriority();
    const { signal } = spec;
    if (signal?.aborted) throw abortedError(spec.label);
    // A market-data line is taken before the request is sent and given back only once TWS has been told to
    // cancel it (or the request ended at TWS): until then TWS still counts it.
    const releaseLine = spec.line ? await spec.line.acquire(priority, signal) : undefined;
    let api: IBApi;
    try {
      api = this.readyApi();
      // Abandoned in the moment between the line's grant and now: the abort listener below would never fire.
      if (signal?.aborted) throw abortedError(spec.label);
    } catch (error) {
      releaseLine?.();
      throw error;
    }
    const isOrder = spec.idKind === "order";
    let reqId = isOrder ? this.takeOrderId() : this.nextReqId++;
    return new Promise<T>((resolve, reject) => {
      let finished = false;
      let sent = false;
      let answered = false;
      let timer: NodeJS.Timeout | undefined;
      let unanswered: UnansweredRequest | undefined;
      const finish = (cancel: boolean): void => {
        finished = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        this.byReqId.delete(reqId);
        if (unanswered) this.unanswered.delete(unanswered);
        const { cancel: cancelAtTws } = spec;
        if (cancel && sent && cancelAtTws) {
          // If the connection drops first, the queued cancel is discarded: the line is free then too.
          const onTeardown = (): void => releaseLine?.();
          this.teardownHooks.add(onTeardown);
          this.throttle.schedule(() => {
            this.teardownHooks.delete(onTeardown);
            releaseLine?.();
            if (this.api !== api || !api.isConnected) return false;
            try {
              cancelAtTws(api, reqId);
              this.rememberCancel(api, () => cancelAtTws(api, reqId));
            } catch (error) {
              this.options.log?.warn({ err: error, reqId }, `cancelling ${spec.label} failed`);
            }
          }, "cancel");
        } else {
          releaseLine?.();
        }
      };
      const settle: Settle<T> = {
        resolve: (value) => {
          if (finished) return;
          finish(true);
          resolve(value);
        },
        reject: (error) => {
          if (finished) return;
          finish(true);
          reject(error);
        },
      };
      const onAbort = (): void => settle.reject(abortedError(spec.label));
      signal?.addEventListener("abort", onAbort, { once: true });
      const timeoutMs = spec.timeoutMs ?? this.options.requestTimeoutMs;
      const waiter: Waiter = {
        label: spec.label,
        handle: (event, args) => {
          answered = true;
          if (unanswered) this.unanswered.delete(unanswered);
          if (event === EventName.error) {
            const [error, code] = args as [Error, number];
            if (isWarning(code)) {
              spec.handle("warning", [code, error.message], settle);
              return;
            }
            // An error ends the request at TWS: there is nothing left to cancel.
            if (finished) return;
            finish(false);
            reject(ibRequestError(spec.label, code, error.message, reqId));
            return;
          }
          spec.handle(event, args, settle);
        },
        fail: (error) => {
          if (finished) return;
          finish(false);
          reject(error);
        },
      };
      this.byReqId.set(reqId, waiter);
      // The clock starts when the message leaves, not while it waits for the send budget.
      const sendNow = (): boolean => {
        // Ended while it waited (aborted, or settled by a resend): its slot goes to the next message.
        if (finished) return false;
        if (this.api !== api) {
          settle.reject(new IbError(IbErrorCode.ConnectionLost, `The connection to TWS dropped before the ${spec.label} was sent.`));
          return false;
        }
        try {
          spec.send(api, reqId);
          sent = true;
        } catch (error) {
          finish(false);
          reject(error instanceof Error ? error : new Error(String(error)));
          return true;
        }
        // Orders are never sent twice; anything else that TWS may have dropped can be asked again.
        if (spec.resendable && !isOrder && !answered) {
          unanswered = { sentAt: Date.now(), resend };
          this.unanswered.add(unanswered);
        }
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (spec.onTimeout) spec.onTimeout(settle);
          settle.reject(
            new IbError(IbErrorCode.Timeout, `TWS did not answer the ${spec.label} within ${Math.round(timeoutMs / 100) / 10} s.`, { reqId }),
          );
        }, timeoutMs);
        return true;
      };
      /** After error 100, under a fresh reqId (the old one is cancelled in case TWS did take it). */
      const resend = (): void => {
        if (finished || answered) return;
        const oldId = reqId;
        this.byReqId.delete(oldId);
        const { cancel: cancelAtTws } = spec;
        // In the request's own class and ahead of it: TWS must not hold the old line and the new one at once.
        if (cancelAtTws) this.throttle.schedule(() => (this.api === api && api.isConnected ? cancelAtTws(api, oldId) : false), priority);
        reqId = this.nextReqId++;
        this.byReqId.set(reqId, waiter);
        this.options.log?.info({ oldId, reqId }, `resending the ${spec.label} after TWS's message-rate error`);
        this.throttle.schedule(sendNow, priority);
      };
      this.throttle.schedule(sendNow, priority);
    });
  }

  /** Sends a request that TWS answers without a reqId; its answers are recognised by their event names. */
  broadcastRequest<T>(spec: BroadcastRequestSpec<T>): Promise<T> {
    const api = this.readyApi();
    const priority = currentPriority();
    return new Promise<T>((resolve, reject) => {
      let finished = false;
      const waiter: Waiter = {
        label: spec.label,
        handle: (event, args) => spec.handle(event, args, settle),
        fail: (error) => finish(() => reject(error), false),
      };
      const finish = (then: () => void, cancel: boolean): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        for (const event of spec.events) this.byEvent.get(event)?.delete(waiter);
        const { cancel: cancelAtTws } = spec;
        if (cancel && cancelAtTws) {
          this.throttle.schedule(() => {
            if (this.api !== api || !api.isConnected) return false;
            cancelAtTws(api);
            this.rememberCancel(api, () => cancelAtTws(api));
          }, "cancel");
        }
        then();
      };
      const settle: Settle<T> = {
        resolve: (value) => finish(() => resolve(value), true),
        reject: (error) => finish(() => reject(error), true),
      };
      const timeoutMs = spec.timeoutMs ?? this.options.requestTimeoutMs;
      const timer = setTimeout(
        () => settle.reject(new IbError(IbErrorCode.Timeout, `TWS did not answer the ${spec.label} within ${Math.round(timeoutMs / 100) / 10} s.`)),
        timeoutMs,
      );
      for (const event of spec.events) {
        let set = this.byEvent.get(event);
        if (!set) this.byEvent.set(event, (set = new Set()));
        set.add(waiter);
      }
      this.throttle.schedule(() => {
        if (finished) return false;
        if (this.api === api) return spec.send(api);
        settle.reject(this.notConnectedError());
        return false;
      }, priority);
    });
  }

  /**
   * Every message TWS sends, on this connection and the ones after it (order status, executions…). Returns an
   * unsubscribe function.
   */
  onMessage(listener: (event: string, args: readonly unknown[]) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  /**
   * Sends one message through the pacing queue (ahead of cancels). Resolves once it has been written to the
   * socket; rejects if the connection is gone before its turn, so the caller knows it was never sent.
   */
  send(send: (api: IBApi) => void): Promise<void> {
    const api = this.readyApi();
    const priority = currentPriority();
    return new Promise<void>((resolve, reject) => {
      const onTeardown = (): void => reject(this.notConnectedError());
      this.teardownHooks.add(onTeardown);
      this.throttle.schedule(() => {
        this.teardownHooks.delete(onTeardown);
        if (this.api !== api || !api.isConnected) {
          reject(this.notConnectedError());
          return false;
        }
        try {
          send(api);
          resolve();
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }, priority);
    });
  }

  /** The next valid order id TWS announced when the current connection opened (0 before the first). */
  get firstOrderIdOfConnection(): number {
    return this.connectionFirstOrderId;
  }

  /** Takes an order id; TWS requires each new order's id to be larger than any used before on this account. */
  takeOrderId(): number {
    if (this.nextOrderId <= 0) throw this.notConnectedError();
    return this.nextOrderId++;
  }

  private readyApi(): IBApi {
    if (this.status.state !== "connected" || !this.api) throw this.notConnectedError();
    // A request to a TWS that answers nothing would only wait out its timeout: say so at once instead.
    if (!this.status.responding) throw this.notRespondingError();
    return this.api;
  }

  private notRespondingError(): IbError {
    const since = this.status.silentSince ? ` since ${this.status.silentSince.slice(11, 19)} UTC` : "";
    return new IbError(
      IbErrorCode.NotResponding,
      `TWS at ${this.options.host}:${this.options.port} is connected but has not answered${since} (hung, busy, or waiting on a dialog in TWS).`,
    );
  }

  /**
   * Asks TWS for its next valid order id (reqIds) and resolves with it once TWS answers; ids taken from now on are
   * at least that. Used after TWS refuses an order id as already used (another program on the same TWS took it).
   */
  resyncOrderIds(): Promise<number> {
    return this.broadcastRequest<number>({
      label: "next valid order id",
      events: [EventName.nextValidId],
      send: (api) => api.reqIds(),
      // The nextValidId listener (connect) has raised the local counter before this runs.
      handle: (_event, args, settle) => settle.resolve(Number(args[0])),
      timeoutMs: 5_000,
    });
  }

  private notConnectedError(): IbError {
    const why = this.status.lastError ? ` Last error: ${this.status.lastError.message}` : "";
    return new IbError(
      IbErrorCode.NotConnected,
      `Not connected to TWS at ${this.options.host}:${this.options.port} (${this.status.state}).${why}`,
    );
  }

  private connect(): void {
    if (this.stopped) return;
    // What TWS said about its link and farms belongs to the connection it said it on: a new one hears it afresh.
    this.update({ state: "connecting", nextAttemptAt: undefined, ibLink: "ok", ibLinkSince: undefined, farms: [], responding: true, silentSince: undefined });
    const api = new IBApi({
      host: this.options.host,
      port: this.options.port,
      // SumpPump's own throttle (above) paces every send; @stoqey/ib's coarser limiter must not add delay.
      maxReqPerSec: 1_000,
    });
    // Decoding a large message (a long history) must take time in proportion to its size: see token-queue.ts.
    if (!installTokenQueue(api)) this.options.log?.warn("@stoqey/ib's decoder is not as expected: large messages may decode slowly");
    this.api = api;
    let ready = false;
    let failed = false;
    const attemptFailed = (message: string, ibCode?: number): void => {
      if (failed || this.api !== api) return;
      failed = true;
      this.recordError(message, ibCode);
      this.teardown(new IbError(IbErrorCode.ConnectionLost, `The connection to TWS was lost: ${message}`));
      this.scheduleReconnect();
    };

    api.on(EventName.all, (event: string, args: unknown[]) => {
      if (this.api !== api) return;
      this.throttle.heard();
      this.dispatch(event, args);
    });
    api.on(EventName.managedAccounts, (list: string) => {
      this.update({ accounts: list.split(",").map((a) => a.trim()).filter(Boolean) });
    });
    api.on(EventName.nextValidId, (orderId: number) => {
      if (this.api !== api) return;
      this.nextOrderId = Math.max(this.nextOrderId, orderId);
      if (ready) return;
      ready = true;
      this.connectionFirstOrderId = orderId;
      clearTimeout(this.connectTimer);
      this.update({
        state: "connected",
        connectedAt: new Date().toISOString(),
        serverVersion: api.serverVersion,
        failedAttempts: 0,
        responding: true,
        silentSince: undefined,
      });
      this.options.log?.info({ host: this.options.host, port: this.options.port }, "connected to TWS");
      this.startHeartbeat(api);
      // Type 3 = delayed where not subscribed; TWS keeps sending live data where the login is subscribed.
      if ((this.options.marketDataFallback ?? "delayed") === "delayed") this.throttle.schedule(() => this.api === api && api.reqMarketDataType(3));
      for (const waiter of [...this.readyWaiters]) waiter();
    });
    api.on(EventName.disconnected, () => attemptFailed(ready ? "TWS closed the connection." : "TWS refused or closed the connection."));
    api.on(EventName.info, (message: string, code: number) => this.onInfo(message, code));
    api.on(EventName.currentTime, () => {
      if (this.api !== api) return;
      this.heartbeatSentAt = undefined;
      this.lastHeartbeatAt = Date.now();
      if (!this.status.responding) {
        this.options.log?.info({ silentSince: this.status.silentSince }, "TWS answers again");
        this.update({ responding: true, silentSince: undefined });
      }
    });
    api.on(EventName.error, (error: Error, code: number, reqId: number) => {
      if (this.api !== api || reqId !== -1 || isWarning(code)) return;
      // Errors without a request are about the connection itself (502 connect failed, 326 client id in use…).
      if (code === 502 || code === 504) {
        attemptFailed(`${error.message} (is TWS running with the API enabled on ${this.options.host}:${this.options.port}?)`, code);
      } else {
        this.recordError(error.message, code);
      }
    });

    clearTimeout(this.connectTimer);
    this.connectTimer = setTimeout(() => {
      if (!ready) attemptFailed(`TWS did not complete the API handshake within ${this.options.connectTimeoutMs} ms.`);
    }, this.options.connectTimeoutMs);
    api.connect(this.options.clientId);
  }

  /** TWS's messages without a request id: @stoqey/ib delivers them as "info", errors included. */
  private onInfo(message: string, code: number): void {
    if (code === 100) {
      // TWS dropped a message for going over 50 a second, without saying which: let its window empty, then
      // ask again for everything sent in the last seconds that has had no answer.
      this.throttle.backOff(1_000);
      this.rateLimitErrors++;
      this.recordError(message, code);
      const cutoff = Date.now() - 3_000;
      for (const request of [...this.unanswered]) {
        this.unanswered.delete(request);
        if (request.sentAt >= cutoff) request.resend();
      }
      // A cancel TWS already had is answered with error 300 for a request that is over: harmless.
      for (const cancel of this.recentCancels.splice(0)) if (cancel.sentAt >= cutoff) this.throttle.schedule(cancel.again, "cancel");
    } else if (code === 1100 || code === 2110) {
      if (this.status.ibLink !== "lost") this.update({ ibLink: "lost", ibLinkSince: new Date().toISOString() });
      this.recordError(message, code);
    } else if (code === 1101 || code === 1102) {
      // 1101: restored, but TWS dropped every market-data line (they must be asked for again); 1102: lines kept.
      this.update({ ibLink: "ok", ibLinkSince: undefined, ...(code === 1101 ? { dataResetAt: new Date().toISOString() } : {}) });
      this.options.log?.info({ code }, message);
    } else if (farmNotice(code, message, "")) {
      const notice = farmNotice(code, message, new Date().toISOString())!;
      const farms = withFarm(this.status.farms, notice);
      if (farms.length !== this.status.farms.length || farms.some((f, i) => f !== this.status.farms[i])) this.update({ farms });
    } else if (!isWarning(code)) {
      // e.g. 326: client id already in use (TWS closes the socket next, and we retry with backoff).
      this.recordError(message, code);
    }
    if (isWarning(code)) this.options.log?.debug({ code }, message);
  }

  private dispatch(event: string, args: readonly unknown[]): void {
    if (event === EventName.error) {
      const reqId = args[2];
      if (typeof reqId === "number") this.byReqId.get(reqId)?.handle(event, args);
    } else {
      const first = args[0];
      if (typeof first === "number") this.byReqId.get(first)?.handle(event, args);
      const listeners = this.byEvent.get(event);
      if (listeners) for (const waiter of [...listeners]) waiter.handle(event, args);
    }
    for (const listener of this.messageListeners) {
      try {
        listener(event, args);
      } catch (error) {
        this.options.log?.error({ err: error, event }, "a message listener failed");
      }
    }
  }

  /** Keeps a sent cancel for a few seconds, to send again if TWS reports error 100 (see onInfo). */
  private rememberCancel(api: IBApi, cancel: () => void): void {
    const now = Date.now();
    while (this.recentCancels.length > 0 && this.recentCancels[0]!.sentAt < now - 3_000) this.recentCancels.shift();
    this.recentCancels.push({
      sentAt: now,
      again: () => {
        if (this.api !== api || !api.isConnected) return false;
        cancel();
      },
    });
  }

  /** Drops the current socket and fails every request in flight. */
  private teardown(error: Error): void {
    clearTimeout(this.connectTimer);
    this.stopHeartbeat();
    this.throttle.clear();
    this.unanswered.clear();
    this.recentCancels.length = 0;
    for (const hook of [...this.teardownHooks]) hook();
    this.teardownHooks.clear();
    const api = this.api;
    this.api = undefined;
    if (api) {
      api.removeAllListeners();
      // A listener must stay: an 'error' event with none would throw out of the socket handler.
      api.on(EventName.error, () => {});
      try {
        // Also mid-handshake (not yet "connected"): a socket left open there would, once TWS answers it, hold
        // the client id, and every later connection would be refused with 326 "client id already in use".
        api.disconnect();
      } catch {
        // the socket is already gone
      }
    }
    const waiters = [...this.byReqId.values(), ...[...this.byEvent.values()].flatMap((set) => [...set])];
    this.byReqId.clear();
    this.byEvent.clear();
    for (const waiter of waiters) waiter.fail(error);
  }

  /** Checks every quarter of a second whether a heartbeat is due, or one has gone unanswered too long. */
  private startHeartbeat(api: IBApi): void {
    this.stopHeartbeat();
    const settings = this.options.heartbeat ?? { intervalMs: 1_000, silenceMs: 3_000 };
    if (settings === false) return;
    const tickMs = Math.max(50, Math.min(250, settings.intervalMs / 4));
    this.lastHeartbeatAt = Date.now();
    this.lastTickAt = Date.now();
    this.heartbeatTimer = setInterval(() => {
      if (this.api !== api) return this.stopHeartbeat();
      const now = Date.now();
      // A late tick means this process was busy: TWS's answer may be waiting unread in the socket, so judge nothing.
      const late = now - this.lastTickAt > tickMs + 1_000;
      this.lastTickAt = now;
      if (this.heartbeatSentAt !== undefined) {
        if (!late && this.status.responding && now - this.heartbeatSentAt > settings.silenceMs) {
          const silentSince = new Date(this.heartbeatSentAt).toISOString();
          this.options.log?.warn({ silentMs: now - this.heartbeatSentAt }, "TWS is not answering");
          this.update({ responding: false, silentSince });
        }
        return;
      }
      if (now - this.lastHeartbeatAt < settings.intervalMs) return;
      this.heartbeatSentAt = Number.POSITIVE_INFINITY;
      // Timed from the moment it leaves: a wait in the send queue is SumpPump's, not TWS's.
      // Ahead of pages and background work: a hang must be noticed however busy the send queue is.
      this.throttle.schedule(() => {
        if (this.api !== api || !api.isConnected) return;
        this.heartbeatSentAt = Date.now();
        api.reqCurrentTime();
      }, "interactive");
    }, tickMs);
    this.heartbeatTimer.unref();
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    this.heartbeatSentAt = undefined;
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const { initial, max } = this.options.reconnectDelayMs ?? { initial: 500, max: 10_000 };
    const attempts = this.status.failedAttempts + 1;
    const base = Math.min(max, initial * 2 ** Math.min(attempts - 1, 16));
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.update({ state: "disconnected", failedAttempts: attempts, nextAttemptAt: new Date(Date.now() + delay).toISOString() });
    this.options.log?.warn({ delayMs: delay, attempts }, "TWS connection down; reconnecting");
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private recordError(message: string, ibCode?: number): void {
    this.update({ lastError: { message, ibCode, at: new Date().toISOString() } });
    this.options.log?.warn({ ibCode }, message);
  }

  private update(patch: Partial<IbStatus>): void {
    this.status = { ...this.status, ...patch };
    const snapshot = this.getStatus();
    for (const listener of this.statusListeners) listener(snapshot);
  }
}

/** Market data the login is not subscribed to (and, for 10168, has no delayed data for either). */
const NOT_SUBSCRIBED = new Set([354, 10089, 10168, 10186]);

/**
 * TWS is at a limit of concurrent requests of this kind, not refusing the request itself: 322 (too many account
 * summary requests at once), 101 (market-data lines all taken). Asking again shortly works.
 */
const BUSY = new Set([322, 101]);

function abortedError(label: string): IbError {
  return new IbError(IbErrorCode.Aborted, `The ${label} was abandoned: whoever asked for it has gone.`);
}

function ibRequestError(label: string, code: number, message: string, reqId: number): IbError {
  const kind =
    code === 200 ? IbErrorCode.UnknownContract : NOT_SUBSCRIBED.has(code) ? IbErrorCode.NotSubscribed : BUSY.has(code) ? IbErrorCode.Busy : IbErrorCode.Rejected;
  return new IbError(kind, `TWS refused the ${label}: ${message} (TWS error ${code}).`, { reqId, ibCode: code });
}
