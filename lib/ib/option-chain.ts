/**
 * Option chains the way TWS allows them to be read quickly: the list of expiries and strikes comes from one
 * reqSecDefOptParams (no contract-details storm); quotes and greeks for just the contracts asked for come from
 * short streaming subscriptions (first complete quote and greeks, then cancel and reuse the line), paced by
 * the client's send budget and the shared market-data line budget.
 */
import { EventName, SecType } from "@stoqey/ib";
import { bsmGreeks } from "../options/greeks";
import { impliedVolatility } from "../options/implied-vol";
import { expiryInstantMs, yearFraction } from "../options/time";
import { IbError, IbErrorCode } from "../errors";
import type { IbClient } from "./client";
import { optionContract } from "./contracts";
import type { LineBudget } from "./line-budget";
import type { ListedSessions } from "./trading-hours";
import { MARKET_DATA_KIND, OptionTick, QUOTE_FIELD_BY_TICK } from "./tick-types";
import type { MarketDataKind, OptionChainInfo, OptionContractSpec, OptionQuote, StockContract } from "./types";
import { roundTo } from "../options/rounding";

/** Once bid, ask and TWS's model greeks are in, wait this long for volume and open interest. */
const GRACE_MS = 60;
/** Without model greeks after this long, answer with what came (greeks computed locally if possible). */
const PARTIAL_AFTER_MS = 2_500;
/** Generic tick 101: option open interest. */
const GENERIC_TICKS = "101";

export async function fetchOptionChainInfo(client: IbClient, underlying: StockContract): Promise<OptionChainInfo> {
  const rows: Array<{ exchange: string; tradingClass: string; multiplier: string; expirations: string[]; strikes: number[] }> = [];
  await client.request<void>({
    label: `option chain list for ${underlying.symbol}`,
    resendable: true,
    send: (api, reqId) => api.reqSecDefOptParams(reqId, underlying.symbol, "", SecType.STK, underlying.conId),
    handle: (event, args, settle) => {
      if (event === EventName.securityDefinitionOptionParameter) {
        const [, exchange, , tradingClass, multiplier, expirations, strikes] = args as [number, string, number, string, string, string[], number[]];
        rows.push({ exchange, tradingClass, multiplier, expirations, strikes });
      } else if (event === EventName.securityDefinitionOptionParameterEnd) settle.resolve();
    },
  });
  // Every exchange lists the same class; SMART routes to all of them. Prefer the class named like the symbol.
  const smart = rows.filter((r) => r.exchange === "SMART");
  const candidates = smart.length > 0 ? smart : rows;
  const row = candidates.find((r) => r.tradingClass === underlying.symbol) ?? candidates[0];
  if (!row) {
    throw new IbError(IbErrorCode.NoData, `TWS lists no options for ${underlying.symbol}.`);
  }
  return {
    symbol: underlying.symbol,
    underlyingConId: underlying.conId,
    tradingClass: row.tradingClass,
    multiplier: Number(row.multiplier) || 100,
    expirations: [...new Set(row.expirations)].sort(),
    strikes: [...new Set(row.strikes.map(Number))].sort((a, b) => a - b),
  };
}

/**
 * When an expiry's last trading session ends: the close of the underlying's regular session on the expiry date
 * when TWS's hours cover it (early closes included), else 4 pm New York.
 */
export function lastTradingInstant(expiry: string, sessions: ListedSessions | undefined): number {
  const close = expiryInstantMs(expiry);
  const dayStart = close - 16 * 3_600_000;
  const session = sessions?.sessions.find((s) => s.open >= dayStart && s.open < close);
  return session && close >= sessions!.from && close < sessions!.to ? session.close : close;
}

/** The chain without the expiries whose last session has closed: they can no longer be traded. */
export function withoutExpired(info: OptionChainInfo, nowMs: number, sessions: ListedSessions | undefined): OptionChainInfo {
  const expirations = info.expirations.filter((expiry) => lastTradingInstant(expiry, sessions) > nowMs);
  return expirations.length === info.expirations.length ? info : { ...info, expirations };
}

export interface OptionQuoteContext {
  /** Underlying price, for greeks computed locally. */
  spot?: number;
  /** Continuously compounded risk-free rate and the underlying's dividend yield, for local greeks. */
  rate: number;
  dividendYield: number;
  /** The clock, for time to expiry. */
  nowMs: number;
}

export function fetchOptionQuote(client: IbClient, lines: LineBudget, spec: OptionContractSpec, context: OptionQuoteContext, signal?: AbortSignal): Promise<OptionQuote> {
  const quote: OptionQuote = { expiry: spec.expiry, strike: spec.strike, right: spec.right, greeksSource: "none", marketData: "live" };
  let marketData: MarketDataKind = "live";
  let modelSeen = false;
  let graceTimer: NodeJS.Timeout | undefined;
  let partialTimer: NodeJS.Timeout | undefined;
  const label = `quote for ${spec.symbol} ${spec.expiry} ${spec.strike} ${spec.right}`;

  const finish = (): OptionQuote => {
    clearTimeout(graceTimer);
    clearTimeout(partialTimer);
    quote.marketData = marketData;
    if (quote.bid !== undefined && quote.ask !== undefined && quote.ask >= quote.bid && quote.ask > 0) quote.mid = roundTo((quote.bid + quote.ask) / 2, 4);
    if (!modelSeen) computeGreeksLocally(quote, context);
    return quote;
  };

  return client
    .request<OptionQuote>({
      label,
      line: lines,
      signal,
      resendable: true,
      send: (api, reqId) =>
        api.reqMktData(reqId, optionContract(spec), GENERIC_TICKS, false, false),
      cancel: (api, reqId) => api.cancelMktData(reqId),
      onTimeout: (settle) => {
        if (quote.bid !== undefined || quote.ask !== undefined || quote.last !== undefined) settle.resolve(finish());
      },
      handle: (event, args, settle) => {
        if (event === EventName.marketDataType) {
          marketData = MARKET_DATA_KIND[args[1] as 1 | 2 | 3 | 4] ?? "live";
          return;
        }
        if (event === EventName.tickPrice || event === EventName.tickSize) {
          const type = args[1] as number;
          const value = args[2];
          if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return;
          if (type === OptionTick.OPTION_CALL_OPEN_INTEREST || type === OptionTick.OPTION_PUT_OPEN_INTEREST) {
            if ((type === OptionTick.OPTION_CALL_OPEN_INTEREST) === (spec.right === "C")) quote.openInterest = value;
          } else {
            const field = QUOTE_FIELD_BY_TICK[type];
            if (field === "bid" || field === "ask" || field === "last" || field === "bidSize" || field === "askSize" || field === "volume") {
              quote[field] = value;
            }
          }
        } else if (event === EventName.tickOptionComputation) {
          const [, type, , iv, delta, optPrice, , gamma, vega, theta, undPrice] = args as Array<number | undefined>;
          if (type === OptionTick.MODEL_OPTION || type === OptionTick.DELAYED_MODEL_OPTION) {
            modelSeen = true;
            quote.greeksSource = "tws";
            quote.iv = valid(iv, 0);
            quote.delta = valid(delta, -1);
            quote.gamma = valid(gamma, 0);
            quote.vega = valid(vega, 0);
            quote.theta = valid(theta, undefined);
            quote.modelPrice = valid(optPrice, 0);
            quote.underlyingPrice = valid(undPrice, 0);
          }
        } else {
          return;
        }
        partialTimer ??= setTimeout(() => settle.resolve(finish()), PARTIAL_AFTER_MS);
        if (modelSeen && quote.bid !== undefined && quote.ask !== undefined) {
          graceTimer ??= setTimeout(() => settle.resolve(finish()), GRACE_MS);
          if (quote.volume !== undefined && quote.openInterest !== undefined) settle.resolve(finish());
        }
      },
    })
    .catch((error: unknown) => {
      // A strike in the union list that this expiry doesn't have: TWS says error 200. Not a failure of the chain.
      if (error instanceof IbError && error.code === IbErrorCode.UnknownContract) return { ...quote, missing: true };
      throw error;
    });
}

/** TWS marks "not computed" with -1 (IV, prices) or -2 (greeks); both arrive as undefined or out of range. */
function valid(value: number | undefined, min: number | undefined): number | undefined {
  if (value === undefined || !Number.isFinite(value) || Math.abs(value) > 1e100) return undefined;
  if (min !== undefined && value < min) return undefined;
  return value;
}

/** Greeks from the quote's own implied volatility (mid, else last), marked as computed. */
function computeGreeksLocally(quote: OptionQuote, context: OptionQuoteContext): void {
  const spot = context.spot;
  const price = quote.mid ?? quote.last;
  if (!spot || price === undefined) return;
  const years = yearFraction(context.nowMs, quote.expiry);
  if (years <= 0) return;
  const right = quote.right === "C" ? "call" : "put";
  const iv = impliedVolatility(right, price, spot, quote.strike, years, context.rate, context.dividendYield);
  if (!iv.ok) return;
  const g = bsmGreeks(right, spot, quote.strike, years, context.rate, context.dividendYield, iv.vol);
  Object.assign(quote, { iv: iv.vol, delta: g.delta, gamma: g.gamma, vega: g.vegaPerPoint, theta: g.thetaPerDay, underlyingPrice: spot, greeksSource: "computed" });
}

