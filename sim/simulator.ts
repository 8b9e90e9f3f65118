import type { Connection } from "./connection";
import { cancelAccountSummary, cancelPositions, reqAccountSummary, reqPositions } from "./handlers/account";
import { reqContractDetails } from "./handlers/contracts";
import { cancelMktData, reqMktData } from "./handlers/market-data";
import { reqAllOpenOrders, reqAutoOpenOrders, reqCompletedOrders, reqOpenOrders } from "./handlers/orders";
import { reqCurrentTime, reqIds, reqManagedAccounts, reqMarketDataType } from "./handlers/session";
import type { Handler } from "./handlers/types";
import { DEFAULT_HISTORICAL_PACING, DEFAULT_LIMITS, type HistoricalPacingSettings, type LimitSettings, MessageLimits } from "./limits";
import { cancelHistoricalData, reqHistoricalData, stopLiveHistory } from "./handlers/history";
import { SimClock } from "./market/clock";
import type { Instrument } from "./market/instruments";
import { Market } from "./market/market";
import { DEFAULT_FEED_TIMING, type FeedTiming, MarketDataFeed } from "./market-data/feed";
import { optionTicks, stockTicks, type TickValue, underlyingGenericTicks } from "./market-data/ticks";
import { atmVol } from "./market/vol-surface";
import { reqSecDefOptParams } from "./handlers/option-params";
import { reqHistoricalNews, reqNewsArticle, reqNewsProviders } from "./handlers/news";
import { reqMatchingSymbols } from "./handlers/symbols";
import type { FieldReader } from "./protocol/field-reader";
import { Req } from "./protocol/message-ids";
import { managedAccounts, nextValidId } from "./protocol/outbound";
import { TwsError } from "./protocol/error-codes";
import { Subscriptions } from "./subscriptions";
import { Account, type AccountValues, type Valuation } from "./trading/account";
import { OrderEngine } from "./trading/order-engine";
import { StateFile } from "./trading/state-file";
import { cancelOrder, cancelPnL, cancelPnLSingle, placeOrder, reqExecutions, reqGlobalCancel, reqPnL, reqPnLSingle, sendPnl, sendPnlSingle } from "./handlers/trading";
import { sendAccountSummary } from "./handlers/account";
import { position } from "./protocol/outbound";
import { wireContract } from "./market/contract-details";
import { CompetingClient } from "./messiness/competing-client";
import { cancelMulti, reqAccountUpdates, reqAccountUpdatesMulti, reqPositionsMulti, sendAccountUpdates } from "./handlers/account-updates";
import { cancelHeadTimestamp, cancelHistogramData, reqHeadTimestamp, reqHistogramData, reqHistoricalTicks, reqMarketRule, reqUserInfo } from "./handlers/reference-data";
import { notModelled, queryDisplayGroups, reqFa, reqFamilyCodes, reqFundamentalData, reqMktDepthExchanges, reqScannerParameters, reqSmartComponents, reqSoftDollarTiers, subscribeToGroupEvents, unanswered, UNANSWERED_REQUESTS, updateDisplayGroup } from "./handlers/unmodelled";
import type { ClientSession } from "./session";

/** Market-data entitlement of a symbol: live (default), delayed only, none, or partial (10090). */
export type Entitlement = "live" | "delayed" | "none" | "partial";

export interface SimulatorConfig {
  seed: number;
  accountId: string;
  initialCash: number;
  startTime: number | undefined;
  speed: number;
  timing: FeedTiming;
  limits: LimitSettings;
  historicalPacing: HistoricalPacingSettings;
  /** Hold orders outside regular hours (stocks may trade 04:00-20:00 with outsideRth). */
  enforceRegularHours: boolean;
  /** Real ms between matching passes over working orders. */
  matchIntervalMs: number;
  /** JSON file that keeps account, orders and executions across restarts. */
  stateFile: string | undefined;
  /** Entitlement of symbols without their own setting. */
  defaultEntitlement: Entitlement;
  log: (line: string) => void;
}

export const DEFAULT_CONFIG: SimulatorConfig = {
  seed: 1,
  accountId: "DU1234567",
  initialCash: 1_000_000,
  startTime: undefined,
  speed: 1,
  timing: DEFAULT_FEED_TIMING,
  limits: DEFAULT_LIMITS,
  historicalPacing: DEFAULT_HISTORICAL_PACING,
  enforceRegularHours: false,
  matchIntervalMs: 50,
  stateFile: undefined,
  defaultEntitlement: "live",
  log: () => {},
};

/** Faults a test can switch on (see SimulatorControl). */
export interface Faults {
  latencyMs: number;
  /** Real epoch ms until which TWS neither reads nor writes (see SimulatorControl.hang). */
  hangUntil: number;
}

/**
 * The simulated TWS behind the socket: market, account, orders and every client connection. Handlers read
 * requests and answer through the connection they came from; account-wide events go to every client.
 */
export class Simulator {
  readonly clock: SimClock;
  readonly market: Market;
  readonly account: Account;
  readonly orders: OrderEngine;
  readonly feed: MarketDataFeed;
  readonly limits: MessageLimits;
  readonly subscriptions = new Subscriptions();
  readonly connections = new Set<Connection>();
  readonly faults: Faults = { latencyMs: 0, hangUntil: 0 };
  /** Other API clients without a socket (messiness: order-id contention), by client id. */
  readonly competingClients = new Map<number, CompetingClient>();
  readonly entitlements = new Map<string, Entitlement>();
  readonly log: (line: string) => void;
  private readonly handlers = new Map<number, Handler>();
  private readonly timers: NodeJS.Timeout[] = [];
  readonly state: StateFile | undefined;

  constructor(readonly config: SimulatorConfig) {
    this.log = config.log;
    this.clock = new SimClock({ startTime: config.startTime, speed: config.speed });
    this.market = new Market(config.seed, this.clock);
    this.account = new Account(config.accountId, config.initialCash);
    this.limits = new MessageLimits(config.limits, this.log);
    this.feed = new MarketDataFeed(
      (inst, t, generic) => this.ticksFor(inst, t, generic),
      () => this.clock.now(),
      config.timing,
    );
    this.orders = new OrderEngine(
      {
        market: this.market,
        account: this.account,
        valuation: () => this.valuation(),
        now: () => this.clock.now(),
        recipientsOf: (clientId) => this.recipientsOf(clientId),
        log: this.log,
        onAccountChanged: (conIds) => this.onAccountChanged(conIds),
        enforceRegularHours: config.enforceRegularHours,
      },
      config.seed,
    );
    this.registerHandlers();
    if (config.stateFile) {
      this.state = new StateFile(config.stateFile, this.account, this.orders, this.market);
      if (this.state.restore()) this.log(`state restored from ${config.stateFile}`);
      const save = setInterval(() => this.saveState(), 250);
      save.unref();
      this.timers.push(save);
    }
    const match = setInterval(() => this.orders.step(), config.matchIntervalMs);
    match.unref();
    // reqPnL / reqPnLSingle: TWS pushes an update about once a second.
    const pnlTimer = setInterval(() => this.pushPnl(), 1000);
    pnlTimer.unref();
    this.timers.push(match, pnlTimer);
  }

  saveState(): void {
    try {
      this.state?.flush();
    } catch (err) {
      this.log(`could not write the state file: ${(err as Error).message}`);
    }
  }

  private pushPnl(): void {
    for (const [conn, ids] of this.subscriptions.pnl) for (const id of ids) sendPnl(this, conn, id);
    for (const [conn, m] of this.subscriptions.pnlSingle) for (const [id, conId] of m) sendPnlSingle(this, conn, id, conId);
  }

  /** After fills: positions, account summary and P&L subscribers hear about it at once. */
  onAccountChanged(conIds: number[]): void {
    for (const conn of this.subscriptions.positions) {
      for (const id of new Set(conIds)) {
        const p = this.account.position(id);
        if (p) conn.send(position(this.account.id, wireContract(p.instrument, p.instrument.kind === "stock" ? p.instrument.underlying.primaryExch : ""), p.quantity, p.avgCost));
      }
    }
    for (const conn of this.subscriptions.accountUpdates) sendAccountUpdates(this, conn);
    for (const [conn, subs] of this.subscriptions.allAccountSummaries()) for (const [reqId, tags] of subs) sendAccountSummary(this, conn, reqId, tags);
    this.pushPnl();
  }

  private registerHandlers(): void {
    const h = this.handlers;
    h.set(Req.CURRENT_TIME, reqCurrentTime);
    h.set(Req.IDS, reqIds);
    h.set(Req.MANAGED_ACCTS, reqManagedAccounts);
    h.set(Req.MARKET_DATA_TYPE, reqMarketDataType);
    h.set(Req.CONTRACT_DATA, reqContractDetails);
    h.set(Req.SEC_DEF_OPT_PARAMS, reqSecDefOptParams);
    h.set(Req.HISTORICAL_DATA, reqHistoricalData);
    h.set(Req.CANCEL_HISTORICAL_DATA, cancelHistoricalData);
    h.set(Req.MKT_DATA, reqMktData);
    h.set(Req.CANCEL_MKT_DATA, cancelMktData);
    h.set(Req.ACCOUNT_SUMMARY, reqAccountSummary);
    h.set(Req.CANCEL_ACCOUNT_SUMMARY, cancelAccountSummary);
    h.set(Req.POSITIONS, reqPositions);
    h.set(Req.CANCEL_POSITIONS, cancelPositions);
    h.set(Req.OPEN_ORDERS, reqOpenOrders);
    h.set(Req.ALL_OPEN_ORDERS, reqAllOpenOrders);
    h.set(Req.AUTO_OPEN_ORDERS, reqAutoOpenOrders);
    h.set(Req.COMPLETED_ORDERS, reqCompletedOrders);
    h.set(Req.NEWS_PROVIDERS, reqNewsProviders);
    h.set(Req.HISTORICAL_NEWS, reqHistoricalNews);
    h.set(Req.NEWS_ARTICLE, reqNewsArticle);
    h.set(Req.MATCHING_SYMBOLS, reqMatchingSymbols);
    h.set(Req.PLACE_ORDER, placeOrder);
    h.set(Req.CANCEL_ORDER, cancelOrder);
    h.set(Req.GLOBAL_CANCEL, reqGlobalCancel);
    h.set(Req.EXECUTIONS, reqExecutions);
    h.set(Req.PNL, reqPnL);
    h.set(Req.CANCEL_PNL, cancelPnL);
    h.set(Req.PNL_SINGLE, reqPnLSingle);
    h.set(Req.CANCEL_PNL_SINGLE, cancelPnLSingle);
    h.set(Req.ACCOUNT_DATA, reqAccountUpdates);
    h.set(Req.ACCOUNT_UPDATES_MULTI, reqAccountUpdatesMulti);
    h.set(Req.CANCEL_ACCOUNT_UPDATES_MULTI, cancelMulti);
    h.set(Req.POSITIONS_MULTI, reqPositionsMulti);
    h.set(Req.CANCEL_POSITIONS_MULTI, cancelMulti);
    h.set(Req.MARKET_RULE, reqMarketRule);
    h.set(Req.HEAD_TIMESTAMP, reqHeadTimestamp);
    h.set(Req.CANCEL_HEAD_TIMESTAMP, cancelHeadTimestamp);
    h.set(Req.USER_INFO, reqUserInfo);
    h.set(Req.HISTORICAL_TICKS, reqHistoricalTicks);
    h.set(Req.HISTOGRAM_DATA, reqHistogramData);
    h.set(Req.CANCEL_HISTOGRAM_DATA, cancelHistogramData);
    h.set(52, reqFundamentalData);
    h.set(18, reqFa);
    h.set(19, reqFa);
    h.set(24, reqScannerParameters);
    h.set(67, queryDisplayGroups);
    h.set(68, subscribeToGroupEvents);
    h.set(69, updateDisplayGroup);
    h.set(79, reqSoftDollarTiers);
    h.set(80, reqFamilyCodes);
    h.set(82, reqMktDepthExchanges);
    h.set(83, reqSmartComponents);
    for (const id of Object.keys(UNANSWERED_REQUESTS)) h.set(Number(id), unanswered);
  }

  /** Adds or replaces the handler of a request id (the trading, history and news modules register here). */
  handle(msgId: number, handler: Handler): void {
    this.handlers.set(msgId, handler);
  }

  dispatch(conn: Connection, msgId: number, r: FieldReader): void {
    const handler = this.handlers.get(msgId) ?? notModelled(msgId);
    if (!handler) {
      // Not a request id of the TWS API at all: TWS reports it rather than ignoring it.
      this.log(`client ${conn.clientId}: unknown request ${msgId}`);
      conn.sendError(-1, 505, `Fatal Error: Unknown message id.`);
      return;
    }
    try {
      handler(this, conn, r);
    } catch (err) {
      // A bad request must never take the server down; TWS answers malformed input with a validation error.
      this.log(`client ${conn.clientId}: request ${msgId} failed: ${(err as Error).stack ?? String(err)}`);
      const e = TwsError.VALIDATION;
      conn.sendError(-1, e.code, `${e.text}${(err as Error).message}`);
    }
  }

  /**
   * Who hears about an order of `clientId`: another (competing) client's orders reach only that client and client 0,
   * as TWS reports them to the master client; orders of socket clients reach every connected client.
   */
  recipientsOf(clientId: number): ClientSession[] {
    const ready = [...this.connections].filter((c) => c.ready);
    const competing = this.competingClients.get(clientId);
    if (!competing) return ready;
    return [competing, ...ready.filter((c) => c.clientId === 0)];
  }

  competingClient(clientId: number): CompetingClient {
    let c = this.competingClients.get(clientId);
    if (!c) {
      c = new CompetingClient(clientId, this.orders);
      this.competingClients.set(clientId, c);
    }
    return c;
  }

  clientIdInUse(clientId: number, except: Connection): boolean {
    if (this.competingClients.has(clientId)) return true;
    for (const c of this.connections) if (c !== except && c.ready && c.clientId === clientId) return true;
    return false;
  }

  addConnection(conn: Connection): void {
    this.connections.add(conn);
  }

  /** START_API accepted: the connect sequence TWS sends (accounts, next order id, data-farm notices). */
  onClientStarted(conn: Connection): void {
    conn.send(managedAccounts([this.account.id]));
    conn.send(nextValidId(this.orders.peekNextOrderId()));
    for (const e of [TwsError.MD_FARM_OK, TwsError.HMDS_FARM_OK, TwsError.SECDEF_FARM_OK]) {
      conn.sendError(-1, e.code, e.text);
    }
    this.log(`client ${conn.clientId} connected`);
  }

  onClientClosed(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    this.feed.dropConnection(conn);
    this.subscriptions.drop(conn);
    stopLiveHistory(this, conn);
    if (conn.clientId !== undefined) this.log(`client ${conn.clientId} disconnected`);
  }

  entitlement(symbol: string): Entitlement {
    return this.entitlements.get(symbol.toUpperCase()) ?? this.config.defaultEntitlement;
  }

  /** Open orders to report for reqOpenOrders ("own") or reqAllOpenOrders ("all"). */
  sendOpenOrders(conn: Connection, scope: "own" | "all"): void {
    this.orders.reportOpen(conn, scope);
  }

  valuation(): Valuation {
    const t = this.clock.now();
    return {
      mark: (inst) => this.market.mark(inst, t),
      priorClose: (inst) => this.market.priorClose(inst, t),
      underlyingPrice: (inst) => this.market.stock(inst.underlying).mid(t),
    };
  }

  accountValues(): AccountValues {
    return this.account.values(this.valuation());
  }

  ticksFor(inst: Instrument, t: number, generic: Set<number>): TickValue[] {
    if (inst.kind === "option") return optionTicks(this.market.options.quote(inst, t), inst.right, generic);
    const stock = this.market.stock(inst.underlying);
    const q = stock.quote(t);
    const ticks = stockTicks(q);
    if (generic.size > 0) {
      const u = inst.underlying;
      // Chain-wide option volume and interest scale with the stock's own activity; index ETFs trade more puts.
      const callVolume = Math.round((u.dailyVolume / 60) * (0.3 + q.volume / u.dailyVolume));
      const putRatio = u.stockType === "ETF" ? 1.3 : 0.8;
      ticks.push(
        ...underlyingGenericTicks(
          {
            callVolume,
            putVolume: Math.round(callVolume * putRatio),
            callOpenInterest: Math.round(u.dailyVolume / 6),
            putOpenInterest: Math.round((u.dailyVolume / 6) * putRatio),
            historicalVol: u.realizedVol,
            impliedVol: atmVol(u, 30 / 365),
            markPrice: (q.bid + q.ask) / 2,
          },
          generic,
        ),
      );
    }
    return ticks;
  }

  close(): void {
    for (const t of this.timers) clearInterval(t);
    this.saveState();
    this.feed.close();
    stopLiveHistory(this);
    for (const c of [...this.connections]) c.destroy();
  }
}
