/** Historical bars (reqHistoricalData), paced by TWS's historical-data rules. */
import { EventName, type BarSizeSetting, type WhatToShow } from "@stoqey/ib";
import { IbError, IbErrorCode } from "../errors";
import type { IbClient } from "./client";
import type { StockContract } from "./types";

export const BAR_SIZES = ["1 min", "5 mins", "15 mins", "30 mins", "1 hour", "1 day", "1 week"] as const;
export type BarSize = (typeof BAR_SIZES)[number];
export const DURATIONS = ["1 D", "2 D", "1 W", "2 W", "1 M", "3 M", "6 M", "1 Y", "2 Y"] as const;
export type Duration = (typeof DURATIONS)[number];

export interface Bar {
  /** Bar start: YYYY-MM-DD for daily and weekly bars, ISO 8601 (UTC) for intraday bars. */
  time: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface HistoryRequest {
  duration: Duration;
  barSize: BarSize;
  /**
   * TRADES for stocks; MIDPOINT when trades are sparse. OPTION_IMPLIED_VOLATILITY (IB's 30-day implied
   * volatility of the underlying's options) and HISTORICAL_VOLATILITY (30-day realised) give bars whose values
   * are decimal volatilities; TWS serves them for stocks, ETFs and indices, not for options.
   */
  whatToShow?: "TRADES" | "MIDPOINT" | "OPTION_IMPLIED_VOLATILITY" | "HISTORICAL_VOLATILITY";
  /** Regular trading hours only (default true). */
  regularHours?: boolean;
}

/** Bars of `request`, ending at `endDateTime` (TWS's "yyyymmdd-hh:mm:ss" UTC) or now; empty when TWS has none there and `allowEmpty`. */
export function fetchBars(client: IbClient, contract: StockContract, request: HistoryRequest, endDateTime = "", allowEmpty = false): Promise<Bar[]> {
  const bars: Bar[] = [];
  return client.request<Bar[]>({
    label: `${request.duration} of ${request.barSize} bars for ${contract.symbol}${endDateTime ? ` to ${endDateTime}` : ""}`,
    // TWS can take tens of seconds for long intraday histories.
    timeoutMs: 60_000,
    send: (api, reqId) =>
      api.reqHistoricalData(
        reqId,
        { conId: contract.conId, exchange: contract.exchange },
        endDateTime,
        request.duration,
        request.barSize as BarSizeSetting,
        (request.whatToShow ?? "TRADES") as WhatToShow,
        request.regularHours ?? true ? 1 : 0,
        2,
        false,
      ),
    handle: (event, args, settle) => {
      if (event !== EventName.historicalData) return;
      const [, time, open, high, low, close, volume] = args as [number, string, number, number, number, number, number];
      if (time.startsWith("finished")) {
        if (bars.length === 0 && !allowEmpty) settle.reject(new IbError(IbErrorCode.NoData, `TWS has no ${request.barSize} ${request.whatToShow ?? "TRADES"} bars for ${contract.symbol} over ${request.duration}.`));
        else settle.resolve(bars);
        return;
      }
      bars.push({ time: barTime(time), open, high, low, close, volume: Number(volume) || 0 });
    },
  });
}

/** TWS sends daily bars as "yyyymmdd" and, with formatDate 2, intraday bars as epoch seconds. */
export function barTime(raw: string): string {
  const trimmed = raw.trim();
  if (/^\d{8}$/.test(trimmed)) return `${trimmed.slice(0, 4)}-${trimmed.slice(4, 6)}-${trimmed.slice(6, 8)}`;
  if (/^\d{9,11}$/.test(trimmed)) return new Date(Number(trimmed) * 1000).toISOString();
  const m = /^(\d{4})(\d{2})(\d{2})\s+(\d{2}):(\d{2}):(\d{2})/.exec(trimmed);
  if (m) return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
  return trimmed;
}
