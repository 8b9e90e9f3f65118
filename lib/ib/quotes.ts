/**
 * Stock and ETF quotes. A streaming subscription is opened, the first complete set of fields is taken, and the
 * line is cancelled at once: faster than TWS's snapshot mode (which waits up to 11 s for every field) and it
 * holds a market-data line only for as long as it is needed.
 */
import { EventName } from "@stoqey/ib";
import { IbError, IbErrorCode } from "../errors";
import type { IbClient } from "./client";
import type { LineBudget } from "./line-budget";
import { MARKET_DATA_KIND, QUOTE_FIELD_BY_TICK, type QuoteField } from "./tick-types";
import type { MarketDataKind, Quote, StockContract } from "./types";
import { roundTo } from "../options/rounding";

/** After the essential fields are in, wait this long for the rest (volume, open…) before answering. */
const GRACE_MS = 250;
/** If bid/ask/last never all arrive (e.g. outside trading hours), answer with what came after this long. */
const PARTIAL_AFTER_MS = 2_000;

/** `graceMs`: how long to wait for volume and the rest once bid, ask and a price are in (0: answer at once). */
export function fetchQuote(client: IbClient, lines: LineBudget, contract: StockContract, graceMs = GRACE_MS): Promise<Quote> {
  const fields: Partial<Record<QuoteField, number>> = {};
  let marketData: MarketDataKind = "live";
  let graceTimer: NodeJS.Timeout | undefined;
  let partialTimer: NodeJS.Timeout | undefined;
  const stopTimers = (): void => {
    clearTimeout(graceTimer);
    clearTimeout(partialTimer);
  };

  const build = (): Quote => toQuote(contract, fields, marketData);
  const hasPrice = (): boolean => fields.bid !== undefined || fields.ask !== undefined || fields.last !== undefined || fields.close !== undefined;

  return client
    .request<Quote>({
      label: `quote for ${contract.symbol}`,
      resendable: true,
      line: lines,
      send: (api, reqId) => api.reqMktData(reqId, { conId: contract.conId, exchange: contract.exchange }, "", false, false),
      cancel: (api, reqId) => api.cancelMktData(reqId),
      onTimeout: (settle) => {
        if (hasPrice()) settle.resolve(build());
      },
      handle: (event, args, settle) => {
        if (event === EventName.marketDataType) {
          marketData = MARKET_DATA_KIND[args[1] as 1 | 2 | 3 | 4] ?? "live";
          return;
        }
        if (event === EventName.tickPrice || event === EventName.tickSize) {
          const field = QUOTE_FIELD_BY_TICK[args[1] as number];
          const value = args[2];
          // TWS sends -1 for "no value" and sizes may arrive as undefined.
          if (!field || typeof value !== "number" || !Number.isFinite(value) || value < 0) return;
          fields[field] = value;
          partialTimer ??= setTimeout(() => hasPrice() && settle.resolve(build()), PARTIAL_AFTER_MS);
          const essentials = fields.bid !== undefined && fields.ask !== undefined && (fields.last !== undefined || fields.close !== undefined);
          if (essentials && graceMs === 0) settle.resolve(build());
          if (essentials) graceTimer ??= setTimeout(() => settle.resolve(build()), graceMs);
          if (essentials && fields.last !== undefined && fields.close !== undefined && fields.volume !== undefined) settle.resolve(build());
        }
      },
    })
    .finally(stopTimers)
    .then((quote) => {
      if (quote.bid === undefined && quote.ask === undefined && quote.last === undefined && quote.close === undefined) {
        throw new IbError(IbErrorCode.NoData, `TWS sent no prices for ${contract.symbol}.`);
      }
      return quote;
    });
}

function toQuote(contract: StockContract, f: Partial<Record<QuoteField, number>>, marketData: MarketDataKind): Quote {
  const mid = f.bid !== undefined && f.ask !== undefined && f.bid > 0 && f.ask >= f.bid ? roundTo((f.bid + f.ask) / 2, 6) : undefined;
  const reference = f.last ?? mid;
  const change = reference !== undefined && f.close ? roundTo(reference - f.close, 6) : undefined;
  return {
    symbol: contract.symbol,
    conId: contract.conId,
    currency: contract.currency,
    ...f,
    mid,
    change,
    changePercent: change !== undefined && f.close ? roundTo((change / f.close) * 100, 4) : undefined,
    marketData,
    asOf: new Date().toISOString(),
  };
}

