/**
 * The façade the rest of the app uses: one connection, its caches, and IB-named operations without reqIds.
 * Only lib/ib knows about @stoqey/ib; everything returned here is an app type from ./types.
 */
import { setMaxListeners } from "node:events";
import { IbClient, type IbClientOptions, type IbStatus } from "./client";
import { fetchAccountPnl, fetchAccountSummaries, fetchPositionPnl, fetchPositions } from "./account";
import { ContractCache, optionContract } from "./contracts";
import { HistoricalPacer, type PacedResult } from "./historical-pacing";
import { fetchBars, type Bar, type HistoryRequest } from "./history";
import { CHUNK_SPACING_MS, endDateTime, historyTooLong, planHistory, type HistoryPlan } from "./history-chunks";
import { LineBudget } from "./line-budget";
import { currentPriority } from "./priority";
import { withoutExpired, fetchOptionChainInfo, fetchOptionQuote, type OptionQuoteContext } from "./option-chain";
import { fetchArticle, fetchHeadlines, fetchNewsProviders, type Article, type Headline } from "./news";
import { fetchQuote } from "./quotes";
import { QuoteStreams, type StreamedQuote } from "./quote-streams";
import { parseTradingHours, type ListedSessions } from "./trading-hours";
import {
  cancelOrder,
  fetchCompletedOrders,
  fetchExecutions,
  fetchOpenOrders,
  placeOrder,
  requestWhatIf,
  toOrderEvent,
  tradedAs,
  type CompletedOrder,
  type ExecutionReport,
  type OpenOrder,
  type OrderEvent,
  type OrderLeg,
  type OrderSpec,
} from "./orders";
import type { Contract, OrderState } from "@stoqey/ib";
import { IbError, IbErrorCode, InputError } from "../errors";
import { bsmGreeks } from "../options/greeks";
import { ivRank, type IvRank } from "../options/iv-rank";
import { commonUnit } from "../options/ratio";
import { roundTo } from "../options/rounding";
import { yearFraction } from "../options/time";
import { DAYS_PER_YEAR } from "../options/types";
import type { AccountPnl, AccountSummary, OptionChainInfo, OptionQuote, Position, PositionPnl, Quote, StockContract } from "./types";

/** How long a symbol's trading hours from TWS are reused: they list a week ahead, and holidays do not move. */
const SESSIONS_TTL_MS = 6 * 3_600_000;

/** A spot at most this old chooses the strikes a chain window starts requesting before its fresh spot is in. */
const RECENT_SPOT_MS = 60_000;

export interface IbOptions extends IbClientOptions {
  /** Market-data lines SumpPump may hold at once (TWS's default allowance is 100). */
  marketDataLines?: number;
  /** How long an option chain's expiry/strike list is reused (ms). */
  chainTtlMs?: number;
  /** Risk-free rate used when greeks must be computed locally (continuously compounded, decimal). */
  riskFreeRate?: number;
  /** How long a symbol's year of implied volatility is reused for IV rank (ms). */
  ivHistoryTtlMs?: number;
  /** The clock; tests may pass their own. */
  now?: () => number;
}

/** A leg with a signed quantity (+ buy, − sell; contracts or shares) and, for a what-if, its price per share. */
export interface SignedLeg {
  secType: "OPT" | "STK";
  quantity: number;
  price?: number;
  expiry?: string;
  strike?: number;
  right?: "C" | "P";
}

export interface ChainWindowRequest {
  symbol: string;
  expiries: string[];
  /** Strikes on each side of the at-the-money strike. */
  strikesEachSide: number;
  /**
   * Instead of a fixed count: every strike whose call delta lies between this and 1 − this (e.g. 0.1: from the
   * 10-delta put to the 10-delta call), judged at the expiry's at-the-money implied volatility.
   */
  minAbsDelta?: number;
  /** Instead of either: exactly these strikes (each expiry shows those it lists). */
  strikes?: number[];
  rights?: Array<"C" | "P">;
  /** Called as contracts arrive: how many of how many. */
  onProgress?: (done: number, total: number) => void;
  /** Whoever asked has gone (a closed page): the quotes not yet in are dropped or cancelled at TWS. */
  signal?: AbortSignal;
}

export interface ChainWindowExpiry {
  expiry: string;
  daysToExpiry: number;
  strikes: number[];
  calls: OptionQuote[];
  puts: OptionQuote[];
}

export interface ChainWindow {
  symbol: string;
  spot: number;
  tradingClass: string;
  multiplier: number;
  expiries: ChainWindowExpiry[];
  asOf: string;
}

/** How long an account summary is reused: brief, so balances stay current, long enough for a page's burst. */
const SUMMARY_REUSE_MS = 2_000;

export class Ib {
  readonly client: IbClient;
  readonly lines: LineBudget;
  private readonly contracts: ContractCache;
  private readonly history = new HistoricalPacer();
  private readonly chains = new Map<string, { at: number; info: Promise<OptionChainInfo> }>();
  private readonly ivHistory = new Map<string, { at: number; ttl: number; series: Promise<number[]> }>();
  private readonly sessions = new Map<string, { at: number; listed: Promise<ListedSessions | undefined> }>();
  /** The last price seen per symbol, so a chain window's requests can start before its fresh spot is in. */
  private readonly lastSpots = new Map<string, { price: number; at: number }>();
  private summaryInFlight: Promise<AccountSummary[]> | undefined;
  private summaryAnswer: { at: number; value: AccountSummary[] } | undefined;
  private positionsInFlight: Promise<Position[]> | undefined;
  private readonly now: () => number;
  private readonly streams: QuoteStreams;

  constructor(private readonly options: IbOptions) {
    this.client = new IbClient(options);
    this.contracts = new ContractCache(this.client);
    const lines = options.marketDataLines ?? 90;
    // A fifth of the lines are kept for Claude's tools and the trader's approvals (priority.ts); the streams of
    // pending proposals' underlyings may take up to half of those.
    const reserved = Math.floor(lines / 5);
    this.lines = new LineBudget(lines, reserved);
    this.now = options.now ?? Date.now;
    this.streams = new QuoteStreams(this.client, this.lines, (key) => this.streamedContract(key), Math.max(1, Math.floor(reserved / 2)), this.now);
  }

  start(): void {
    this.client.start();
  }

  stop(): void {
    this.streams.stop();
    this.client.stop();
  }

  status(): IbStatus {
    return this.client.getStatus();
  }

  /** The current quote; callers asking for the same symbol at the same time share one market-data line. */
  quote(symbol: string): Promise<Quote> {
    return this.shared(`quote|${symbol.toUpperCase()}`, async () =>
      this.rememberSpot(symbol, await fetchQuote(this.client, this.lines, await this.contracts.stock(symbol))),
    );
  }

  /** The underlying's price for choosing strikes: answered as soon as bid, ask and a price are in. */
  async spot(symbol: string): Promise<number> {
    const quote = await this.shared(`spot|${symbol.toUpperCase()}`, async () =>
      this.rememberSpot(symbol, await fetchQuote(this.client, this.lines, await this.contracts.stock(symbol), 0)),
    );
    const price = spotOf(quote);
    if (price === undefined) throw new IbError(IbErrorCode.NoData, `No price for ${symbol}.`);
    return price;
  }

  /**
   * Keeps these quotes streaming (up to a few, within the line budget; the first ones first) and closes the other
   * streams: stocks by symbol, options by `optionStreamKey`.
   */
  keepStreaming(keys: Iterable<string>): void {
    this.streams.keep(keys);
  }

  /** The quotes streaming now (symbols and option keys). */
  get streamedSymbols(): string[] {
    return this.streams.keys;
  }

  private async streamedContract(key: string): Promise<Contract> {
    const [symbol, expiry, strike, right] = key.split(" ");
    if (expiry === undefined) {
      const stock = await this.contracts.stock(symbol!);
      return { conId: stock.conId, exchange: stock.exchange };
    }
    const info = await this.optionChainInfo(symbol!);
    return optionContract({ symbol: info.symbol, expiry, strike: Number(strike), right: right as "C" | "P", tradingClass: info.tradingClass, multiplier: info.multiplier });
  }

  /**
   * An option's bid, ask and data kind for an approval's checks: streamed when TWS sent them within `maxAgeMs`,
   * else a fresh quote as optionQuote gives.
   */
  async liveOptionQuote(symbol: string, expiry: string, strike: number, right: "C" | "P", maxAgeMs = 5_000): Promise<Pick<OptionQuote, "bid" | "ask" | "marketData">> {
    const streamed = this.streamedQuote(optionStreamKey(symbol, expiry, strike, right), maxAgeMs);
    if (streamed?.bid !== undefined && streamed.ask !== undefined) {
      return { bid: streamed.bid, ask: streamed.ask, marketData: streamed.marketData };
    }
    return this.optionQuote(symbol, expiry, strike, right);
  }

  /** What a stream (a symbol or an option key) last delivered, if TWS sent it within `maxAgeMs`. */
  streamedQuote(key: string, maxAgeMs: number): StreamedQuote | undefined {
    const streamed = this.streams.latest(key);
    return streamed && this.now() - streamed.at <= maxAgeMs ? streamed : undefined;
  }

  /** The symbol's streamed price if TWS sent it within `maxAgeMs`, else undefined (not streamed, or stale). */
  streamedPrice(symbol: string, maxAgeMs: number): number | undefined {
    const streamed = this.streamedQuote(symbol, maxAgeMs);
    return streamed && spotOf(streamed);
  }

  /**
   * The underlying's price for an approval's drift check, never a stale one: the streamed price when TWS sent it
   * within `maxAgeMs`; otherwise a fresh quote, and an IbError when TWS gives none within `freshWithinMs`.
   */
  async livePrice(symbol: string, { maxAgeMs = 5_000, freshWithinMs = 3_000 } = {}): Promise<{ price: number; source: "stream" | "fresh" }> {
    const streamedPrice = this.streamedPrice(symbol, maxAgeMs);
    if (streamedPrice !== undefined) return { price: streamedPrice, source: "stream" };
    const streamed = this.streams.latest(symbol);
    const why = streamed ? `its streamed quote is ${((this.now() - streamed.at) / 1000).toFixed(1)} s old and ` : "";
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new IbError(IbErrorCode.Timeout, `No live price for ${symbol.toUpperCase()}: ${why}TWS gave no fresh quote within ${freshWithinMs / 1000} s.`)),
        freshWithinMs,
      );
    });
    try {
      return { price: await Promise.race([this.spot(symbol), giveUp]), source: "fresh" };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * A symbol's regular trading sessions for the coming days as TWS lists them (its exchange's holidays and
   * early closes included); undefined when TWS gives none. Re-read every few hours.
   */
  regularSessions(symbol: string): Promise<ListedSessions | undefined> {
    const key = symbol.toUpperCase();
    const cached = this.sessions.get(key);
    if (cached && this.now() - cached.at < SESSIONS_TTL_MS) return cached.listed;
    const listed = (cached ? this.contracts.refreshStock(key) : this.contracts.stock(key)).then((c) => parseTradingHours(c.liquidHours, c.timeZoneId));
    this.sessions.set(key, { at: this.now(), listed });
    listed.catch(() => this.sessions.delete(key));
    return listed;
  }

  private rememberSpot(symbol: string, quote: Quote): Quote {
    const price = spotOf(quote);
    if (price !== undefined) this.lastSpots.set(symbol.toUpperCase(), { price, at: this.now() });
    return quote;
  }

  private readonly inFlight = new Map<string, Promise<unknown>>();
  /**
   * One request for concurrent identical asks of the same priority class; the next ask after it settles goes to
   * TWS again. Classes are not mixed: Claude's quote must not wait on a page's identical one queued behind its
   * hundreds of option quotes.
   */
  private shared<T>(key: string, fetch: () => Promise<T>): Promise<T> {
    const classKey = `${currentPriority()}|${key}`;
    const pending = this.inFlight.get(classKey);
    if (pending) return pending as Promise<T>;
    const created = fetch().finally(() => this.inFlight.delete(classKey));
    this.inFlight.set(classKey, created);
    return created;
  }

  /**
   * Historical bars, paced by TWS's rules; an identical request within 15 s reuses the previous answer. A long
   * intraday history is asked for a window at a time (lib/ib/history-chunks.ts), so no answer is large.
   */
  async bars(symbol: string, request: HistoryRequest): Promise<PacedResult<Bar[]>> {
    const tooLong = historyTooLong(request.duration, request.barSize);
    if (tooLong) throw new InputError(tooLong);
    const contract = await this.contracts.stock(symbol);
    const key = [contract.conId, request.duration, request.barSize, request.whatToShow ?? "TRADES", request.regularHours ?? true].join("|");
    const plan = planHistory(request.duration, request.barSize);
    if (!plan) return this.history.run(key, () => fetchBars(this.client, contract, request));
    const cached = this.history.recentAnswer<Bar[]>(key);
    if (cached) return { value: await cached, reused: true, waitedMs: 0 };
    const started = this.now();
    const value = this.windowedBars(contract, request, plan);
    this.history.remember(key, value);
    return { value: await value, reused: false, waitedMs: this.now() - started };
  }

  /** A long history as windows, newest first, each its own paced request; the bars joined oldest first. */
  private async windowedBars(contract: StockContract, request: HistoryRequest, plan: HistoryPlan): Promise<Bar[]> {
    const nowMs = this.now();
    const since = nowMs - plan.days * 86_400_000;
    const byTime = new Map<string, Bar>();
    let end = nowMs;
    let lastSent = 0;
    for (let i = 0; i < plan.windows && end > since; i++) {
      const wait = lastSent + CHUNK_SPACING_MS - this.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      lastSent = this.now();
      const window = { ...request, duration: plan.window };
      const endText = endDateTime(end);
      const key = [contract.conId, plan.window, request.barSize, request.whatToShow ?? "TRADES", request.regularHours ?? true, endText].join("|");
      const { value: bars } = await this.history.run(key, () => fetchBars(this.client, contract, window, endText, true));
      for (const bar of bars) if (Date.parse(bar.time) >= since) byTime.set(bar.time, bar);
      // The next window ends where this one began (or a window earlier, across a stretch with no trading).
      const earliest = bars.length > 0 ? Date.parse(bars[0]!.time) : end - plan.windowDays * 86_400_000;
      end = Math.min(earliest, end - 1) - 1_000;
    }
    if (byTime.size === 0) throw new IbError(IbErrorCode.NoData, `TWS has no ${request.barSize} bars for ${contract.symbol} over ${request.duration}.`);
    return [...byTime.values()].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  }

  /**
   * IV rank and IV percentile of a symbol: one year of TWS's daily 30-day implied volatility (one paced
   * historical request, kept for `ivHistoryTtlMs`, an hour by default; a refusal is remembered for 5 minutes),
   * ranked at `current` or, without it, at the latest bar. `ok: false` with the reason when TWS has no such
   * history or too little of it.
   */
  async ivRank(symbol: string, current?: number): Promise<IvRank> {
    const key = symbol.toUpperCase();
    let entry = this.ivHistory.get(key);
    if (!entry || this.now() - entry.at >= entry.ttl) {
      const series = this.bars(key, { duration: "1 Y", barSize: "1 day", whatToShow: "OPTION_IMPLIED_VOLATILITY" }).then((r) => r.value.map((b) => b.close));
      const fresh = { at: this.now(), ttl: this.options.ivHistoryTtlMs ?? 3_600_000, series };
      series.catch((error: unknown) => {
        const transient = error instanceof IbError && [IbErrorCode.NotConnected, IbErrorCode.ConnectionLost, IbErrorCode.Timeout].includes(error.code);
        if (transient) this.ivHistory.delete(key);
        else fresh.ttl = Math.min(fresh.ttl, 5 * 60_000);
      });
      this.ivHistory.set(key, fresh);
      entry = fresh;
    }
    try {
      return ivRank(await entry.series, current);
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Recent headlines for a symbol from every news provider this login can read. */
  async headlines(symbol: string, limit: number): Promise<{ headlines: Headline[]; hasMore: boolean; providers: string[] }> {
    const [contract, providers] = await Promise.all([this.contracts.stock(symbol), this.newsProviders()]);
    if (providers.length === 0) throw new IbError(IbErrorCode.NoData, "This login has no news subscriptions (TWS lists no news providers).");
    const codes = providers.map((p) => p.code);
    return { ...(await fetchHeadlines(this.client, contract, codes, limit)), providers: codes };
  }

  article(provider: string, articleId: string): Promise<Article> {
    return fetchArticle(this.client, provider, articleId);
  }

  private providersCache: Promise<Array<{ code: string; name: string }>> | undefined;
  /** News providers; asked once per process (they change only with subscriptions). */
  newsProviders(): Promise<Array<{ code: string; name: string }>> {
    if (!this.providersCache) {
      this.providersCache = fetchNewsProviders(this.client);
      this.providersCache.catch(() => (this.providersCache = undefined));
    }
    return this.providersCache;
  }

  /**
   * Expiries and strikes TWS lists for a symbol's options, without the expiries that have stopped trading (TWS
   * keeps listing today's expiry after its close); the list is reused for `chainTtlMs`.
   */
  async optionChainInfo(symbol: string): Promise<OptionChainInfo> {
    const key = symbol.toUpperCase();
    const ttl = this.options.chainTtlMs ?? 60_000;
    let cached = this.chains.get(key);
    if (!cached || this.now() - cached.at >= ttl) {
      const info = this.contracts.stock(key).then((stock) => fetchOptionChainInfo(this.client, stock));
      info.catch(() => this.chains.delete(key));
      cached = { at: this.now(), info };
      this.chains.set(key, cached);
    }
    const info = await cached.info;
    const sessions = await this.regularSessions(key).catch(() => undefined);
    return withoutExpired(info, this.now(), sessions);
  }

  /** Forgets cached chains, of one symbol or all. */
  dropChain(symbol?: string): void {
    if (symbol) this.chains.delete(symbol.toUpperCase());
    else this.chains.clear();
  }

  private activeChainSymbol: string | undefined;

  /**
   * The symbol whose chain the conversation is looking at now. Switching to another drops the previous
   * symbol's cached chain, so a trader coming back to it later gets fresh expiries and strikes.
   */
  setActiveSymbol(symbol: string): void {
    const key = symbol.toUpperCase();
    if (this.activeChainSymbol && this.activeChainSymbol !== key) this.dropChain(this.activeChainSymbol);
    this.activeChainSymbol = key;
  }

  /** Quote and greeks of one listed option contract (`missing` when TWS has no such contract). */
  optionQuote(symbol: string, expiry: string, strike: number, right: "C" | "P", spot?: number): Promise<OptionQuote> {
    return this.shared(`option|${symbol.toUpperCase()}|${expiry}|${strike}|${right}`, async () => {
      const info = await this.optionChainInfo(symbol);
      const context = { spot, rate: this.options.riskFreeRate ?? 0.04, dividendYield: 0, nowMs: this.now() };
      return fetchOptionQuote(this.client, this.lines, { symbol: info.symbol, expiry, strike, right, tradingClass: info.tradingClass, multiplier: info.multiplier }, context);
    });
  }

  /**
   * TWS's what-if for legs traded together: margin and commission, nothing placed. Legs with signed quantities
   * (+ buy, − sell; contracts or shares) and their prices per share; the order's limit is their net price per
   * unit of the smallest whole ratio (e.g. per spread).
   */
  async whatIf(symbol: string, legs: readonly SignedLeg[]): Promise<OrderState> {
    const { legs: resolved, unit } = await this.orderLegs(symbol, legs);
    const net = roundTo(legs.reduce((sum, l) => sum + (l.quantity / unit) * (l.price ?? 0), 0), 2);
    const traded = tradedAs(resolved, net >= 0 ? "debit" : "credit");
    return requestWhatIf(this.client, { symbol, legs: traded.legs, quantity: unit, action: traded.action, orderType: "LMT", limitPrice: Math.abs(net), tif: "DAY" });
  }

  /**
   * Legs with signed quantities resolved to contracts, by their smallest whole ratio: 2 long and 2 short calls
   * are 2 units of a 1×1 spread.
   */
  async orderLegs(symbol: string, legs: readonly SignedLeg[]): Promise<{ legs: OrderLeg[]; unit: number }> {
    const info = legs.some((l) => l.secType === "OPT") ? await this.optionChainInfo(symbol) : undefined;
    const unit = commonUnit(legs.map((l) => l.quantity));
    const resolved = await Promise.all(
      legs.map(async (l) => ({
        conId:
          l.secType === "STK"
            ? (await this.contracts.stock(symbol)).conId
            : await this.contracts.optionConId({ symbol, expiry: l.expiry!, strike: l.strike!, right: l.right!, tradingClass: info!.tradingClass, multiplier: info!.multiplier }),
        action: l.quantity > 0 ? ("BUY" as const) : ("SELL" as const),
        ratio: Math.abs(l.quantity) / unit,
        secType: l.secType,
      })),
    );
    return { legs: resolved, unit };
  }

  /** The next order id TWS accepts; throws when not connected. */
  takeOrderId(): number {
    return this.client.takeOrderId();
  }

  /**
   * Places an order under `orderId`; resolves once it is on the wire (see lib/ib/orders.ts placeOrder). `mayGo`
   * is asked at the moment of writing; when it says no, nothing is sent and the promise rejects (Withheld).
   */
  placeOrder(orderId: number, spec: OrderSpec, mayGo?: () => boolean): Promise<void> {
    return placeOrder(this.client, orderId, spec, mayGo);
  }

  cancelOrder(orderId: number): Promise<void> {
    return cancelOrder(this.client, orderId);
  }

  openOrders(): Promise<OpenOrder[]> {
    return fetchOpenOrders(this.client);
  }

  executions(): Promise<{ executions: ExecutionReport[]; commissions: Map<string, number> }> {
    return fetchExecutions(this.client);
  }

  /** The orders TWS lists as filled, cancelled or rejected (the current day's; see lib/ib/orders.ts). */
  completedOrders(): Promise<CompletedOrder[]> {
    return fetchCompletedOrders(this.client);
  }

  /** Order status, executions, commissions and order errors as TWS pushes them. Returns an unsubscribe. */
  onOrderEvent(listener: (event: OrderEvent) => void): () => void {
    return this.client.onMessage((name, args) => {
      const event = toOrderEvent(name, args);
      if (event) listener(event);
    });
  }

  /** The next valid order id TWS announced when the current connection opened: lower ids reached TWS. */
  get firstOrderIdOfConnection(): number {
    return this.client.firstOrderIdOfConnection;
  }

  /** The client id SumpPump connects with: its own orders are the ones carrying it. */
  get clientId(): number {
    return this.options.clientId;
  }

  /** Risk-free rate used for local models (continuously compounded, decimal). */
  get riskFreeRate(): number {
    return this.options.riskFreeRate ?? 0.04;
  }

  /** Quotes and greeks for the strikes around the money of the given expiries: only those contracts. */
  async optionChainWindow(request: ChainWindowRequest): Promise<ChainWindow> {
    // Each of its hundreds of quotes listens for the one abort.
    if (request.signal) setMaxListeners(0, request.signal);
    const freshSpot = this.spot(request.symbol);
    const info = await this.optionChainInfo(request.symbol);
    const rights = request.rights ?? ["C", "P"];
    const nowMs = this.now();
    const recent = this.lastSpots.get(info.symbol.toUpperCase());
    const context: OptionQuoteContext = { spot: recent?.price, rate: this.options.riskFreeRate ?? 0.04, dividendYield: 0, nowMs };
    const started = new Map<string, Promise<OptionQuote>>();
    const quoteOf = (expiry: string, strike: number, right: "C" | "P"): Promise<OptionQuote> => {
      const key = `${expiry}|${strike}|${right}`;
      let quote = started.get(key);
      if (!quote) {
        quote = fetchOptionQuote(
          this.client,
          this.lines,
          { symbol: info.symbol, expiry, strike, right, tradingClass: info.tradingClass, multiplier: info.multiplier },
          context,
          request.signal,
        );
        // A strike requested around the last spot and outside the fresh spot's window is not awaited.
        quote.catch(() => undefined);
        started.set(key, quote);
      }
      return quote;
    };
    // While the fresh spot is on its way, the window around a spot seen in the last minute is already being
    // requested: the price seldom crosses a strike in that time, and when it has, the missing strikes follow.
    // Strikes given explicitly need no spot at all.
    const early =
      request.strikes ??
      (recent && request.minAbsDelta === undefined && nowMs - recent.at <= RECENT_SPOT_MS
        ? strikesAround(info.strikes, recent.price, request.strikesEachSide)
        : []);
    for (const expiry of request.expiries) for (const right of rights) for (const strike of early) quoteOf(expiry, strike, right);
    const spot = await freshSpot;
    context.spot = spot;
    const strikesFor = async (expiry: string): Promise<number[]> => {
      if (request.strikes) return request.strikes;
      const around = strikesAround(info.strikes, spot, request.strikesEachSide);
      if (request.minAbsDelta === undefined) return around;
      const atm = strikesAround(info.strikes, spot, 0)[0]!;
      const iv = (await this.optionQuote(info.symbol, expiry, atm, "C", spot)).iv;
      if (iv === undefined) return around;
      return strikesInDeltaBand(info.strikes, spot, iv, yearFraction(nowMs, expiry), context.rate, request.minAbsDelta);
    };
    const strikesByExpiry = await Promise.all(request.expiries.map(strikesFor));
    const total = rights.length * strikesByExpiry.reduce((n, s) => n + s.length, 0);
    let done = 0;
    const counted = (quote: Promise<OptionQuote>): Promise<OptionQuote> =>
      quote.then((q) => {
        request.onProgress?.(++done, total);
        return q;
      });
    const expiries = await Promise.all(
      request.expiries.map(async (expiry, i): Promise<ChainWindowExpiry> => {
        const quotes = await Promise.all(
          rights.flatMap((right) =>
            strikesByExpiry[i]!.map((strike) =>
              counted(quoteOf(expiry, strike, right)),
            ),
          ),
        );
        const listed = quotes.filter((q) => !q.missing);
        return {
          expiry,
          daysToExpiry: daysUntil(nowMs, expiry),
          strikes: [...new Set(listed.map((q) => q.strike))].sort((a, b) => a - b),
          calls: listed.filter((q) => q.right === "C"),
          puts: listed.filter((q) => q.right === "P"),
        };
      }),
    );
    return { symbol: info.symbol, spot, tradingClass: info.tradingClass, multiplier: info.multiplier, expiries, asOf: new Date(nowMs).toISOString() };
  }

  /**
   * Account summaries: one subscription at a time, shared by concurrent callers, and its answer reused for
   * SUMMARY_REUSE_MS (pages, the positions route and Claude often ask together; TWS allows only two summary
   * subscriptions). TWS's 322 (too many at once: another API client may hold the rest) is a busy moment, not a
   * refusal: asked again after a pause, twice at most.
   */
  accountSummaries(): Promise<AccountSummary[]> {
    const recent = this.summaryAnswer;
    if (recent && this.now() - recent.at < SUMMARY_REUSE_MS) return Promise.resolve(recent.value);
    this.summaryInFlight ??= retryWhileBusy(() => fetchAccountSummaries(this.client), [500, 1_500])
      .then((value) => {
        this.summaryAnswer = { at: this.now(), value };
        return value;
      })
      .finally(() => (this.summaryInFlight = undefined));
    return this.summaryInFlight;
  }

  /**
   * Summaries, today's P&L per account, and every position with its market value and P&L (a position's P&L
   * is asked only for the first 50, to keep within TWS's pacing).
   */
  async overview(): Promise<{ accounts: Array<AccountSummary & { pnl?: AccountPnl }>; positions: Array<Position & { pnl?: PositionPnl }> }> {
    const [summaries, positions] = await Promise.all([this.accountSummaries(), this.positions()]);
    const pnlOrNothing = <T>(p: Promise<T>): Promise<T | undefined> => p.catch(() => undefined);
    const [accountPnls, positionPnls] = await Promise.all([
      Promise.all(summaries.map((a) => pnlOrNothing(this.accountPnl(a.account)))),
      Promise.all(positions.map((p, i) => (i < 50 ? pnlOrNothing(this.positionPnl(p.account, p.conId)) : Promise.resolve(undefined)))),
    ]);
    return {
      accounts: summaries.map((a, i) => ({ ...a, pnl: accountPnls[i] })),
      positions: positions.map((p, i) => ({ ...p, pnl: positionPnls[i] })),
    };
  }

  /** Today's P&L of an account. */
  accountPnl(account: string): Promise<AccountPnl> {
    return this.shared(`pnl|${account}`, () => fetchAccountPnl(this.client, account));
  }

  /** Market value and P&L of one position. */
  positionPnl(account: string, conId: number): Promise<PositionPnl> {
    return this.shared(`pnl|${account}|${conId}`, () => fetchPositionPnl(this.client, account, conId));
  }

  /** Open positions; concurrent callers share one request (positions carry no reqId). */
  positions(): Promise<Position[]> {
    this.positionsInFlight ??= fetchPositions(this.client).finally(() => (this.positionsInFlight = undefined));
    return this.positionsInFlight;
  }
}

/** The key under which an option's quote is streamed (see Ib.keepStreaming). */
export function optionStreamKey(symbol: string, expiry: string, strike: number, right: "C" | "P"): string {
  return `${symbol.toUpperCase()} ${expiry.replace(/-/g, "")} ${strike} ${right}`;
}

/** The price a quote gives for the underlying: last, else mid, else the previous close. */
function spotOf(quote: Pick<Quote, "last" | "mid" | "close">): number | undefined {
  return quote.last ?? quote.mid ?? quote.close;
}

/** The `each` listed strikes on each side of the one nearest to spot (fewer at the ends of the list). */
export function strikesAround(strikes: readonly number[], spot: number, each: number): number[] {
  if (strikes.length === 0) return [];
  let atm = 0;
  for (let i = 1; i < strikes.length; i++) if (Math.abs(strikes[i]! - spot) < Math.abs(strikes[atm]! - spot)) atm = i;
  return strikes.slice(Math.max(0, atm - each), atm + each + 1);
}

/**
 * Strikes whose call delta (at one flat volatility) lies in [minAbsDelta, 1 − minAbsDelta]: from the put with
 * |delta| = minAbsDelta to the call with delta = minAbsDelta. At most `max`, nearest the money first kept.
 */
export function strikesInDeltaBand(strikes: readonly number[], spot: number, vol: number, years: number, rate: number, minAbsDelta: number, max = 41): number[] {
  if (years <= 0 || !(vol > 0)) return strikesAround(strikes, spot, Math.floor(max / 2));
  const inBand = strikes.filter((k) => {
    const delta = bsmGreeks("call", spot, k, years, rate, 0, vol).delta;
    return delta >= minAbsDelta && delta <= 1 - minAbsDelta;
  });
  if (inBand.length <= max) return inBand;
  return [...inBand].sort((a, b) => Math.abs(a - spot) - Math.abs(b - spot)).slice(0, max).sort((a, b) => a - b);
}

/** Calendar days from now to the expiry's close (4 pm New York), never negative. */
export function daysUntil(nowMs: number, expiry: string): number {
  return roundTo(yearFraction(nowMs, expiry) * DAYS_PER_YEAR, 2);
}

/** Runs `attempt`, and again after each pause while TWS answers that it is busy (IbErrorCode.Busy). */
export async function retryWhileBusy<T>(attempt: () => Promise<T>, pausesMs: readonly number[]): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof IbError && error.code === IbErrorCode.Busy) || i >= pausesMs.length) throw error;
      await new Promise((resolve) => setTimeout(resolve, pausesMs[i]));
    }
  }
}
