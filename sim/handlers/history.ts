import type { Connection } from "../connection";
import { type Bar, type BarUnit, type Duration, buildBars, durationStart, formatBarTime, parseBarSize, parseDuration, parseEndDateTime } from "../market/bars";
import type { Instrument } from "../market/instruments";
import type { Market } from "../market/market";
import { buildVolatilityBars, type VolatilityKind } from "../market/volatility-history";
import { formatNy } from "../time-format";
import { historicalData, historicalDataUpdate, type WireBar } from "../protocol/outbound";
import { TwsError } from "../protocol/error-codes";
import type { Simulator } from "../simulator";
import { readContract } from "./request-contract";
import type { Handler } from "./types";
import { V } from "../protocol/versions";

/** A live-updating request (keepUpToDate): its last bar is re-sent as it changes. */
interface LiveHistory {
  conn: Connection;
  reqId: number;
  inst: Instrument;
  unit: BarUnit;
  useRth: boolean;
  what: WhatToShow;
  formatDate: number;
  timer: NodeJS.Timeout;
}

type PriceKind = "TRADES" | "MIDPOINT" | "BID" | "ASK";
type WhatToShow = PriceKind | VolatilityKind;
const PRICE_KINDS: readonly string[] = ["TRADES", "MIDPOINT", "BID", "ASK"];
const VOLATILITY_KINDS: readonly string[] = ["OPTION_IMPLIED_VOLATILITY", "HISTORICAL_VOLATILITY"];
/** How HMDS names the volatility series in its "No historical market data" answers. */
const HMDS_SERIES: Record<VolatilityKind, string> = { OPTION_IMPLIED_VOLATILITY: "OptionImpliedVol", HISTORICAL_VOLATILITY: "HistoricalVol" };

/** Bars of any kind the simulator serves; volatility bars are only asked for with a daily or longer unit. */
function barsOf(market: Market, inst: Instrument, unit: BarUnit, end: number, duration: Duration, useRth: boolean, what: WhatToShow): Bar[] {
  if (what === "OPTION_IMPLIED_VOLATILITY" || what === "HISTORICAL_VOLATILITY") {
    if (inst.kind !== "stock" || unit.kind === "minutes") return [];
    return buildVolatilityBars(market, inst, unit, end, duration, what);
  }
  return buildBars(market, inst, unit, end, duration, useRth, what);
}

function barSeconds(unit: BarUnit): number {
  if (unit.kind === "minutes") return unit.minutes * 60;
  return unit.kind === "day" ? 86_400 : unit.kind === "week" ? 604_800 : 2_592_000;
}

const live = new WeakMap<Simulator, Map<string, LiveHistory>>();

function liveOf(sim: Simulator): Map<string, LiveHistory> {
  let m = live.get(sim);
  if (!m) {
    m = new Map();
    live.set(sim, m);
  }
  return m;
}

/** Historical requests still open for a client (live-updating ones stay open until cancelled). */
export function openHistoricalCount(sim: Simulator, conn: Connection): number {
  let n = 0;
  for (const h of liveOf(sim).values()) if (h.conn === conn) n++;
  return n;
}

export function stopLiveHistory(sim: Simulator, conn?: Connection): void {
  const m = liveOf(sim);
  for (const [key, h] of m) {
    if (conn && h.conn !== conn) continue;
    clearInterval(h.timer);
    m.delete(key);
  }
}

function toWire(bar: Bar, unit: BarUnit, formatDate: number): WireBar {
  return { date: formatBarTime(bar, unit, formatDate), open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume, wap: bar.wap, count: bar.count };
}

function hmds(conn: Connection, reqId: number, detail: string): void {
  const e = TwsError.HMDS;
  conn.sendError(reqId, e.code, `${e.text}${detail}`);
}

export const reqHistoricalData: Handler = (sim, conn, r) => {
  if (conn.serverVersion < V.SYNT_REALTIME_BARS) r.int(); // version
  const reqId = r.int();
  const req = readContract(r);
  r.bool(); // includeExpired
  const endText = r.str();
  const barText = r.str();
  const durationText = r.str();
  const useRth = r.bool();
  const whatText = r.str().toUpperCase();
  const formatDate = r.int();
  if (req.secType.toUpperCase() === "BAG") r.skip(r.int() * 4);
  const keepUpToDate = r.bool();
  r.str(); // chart options

  const key = [req.conId, req.symbol, req.secType, req.lastTradeDateOrContractMonth, req.strike, req.right, endText, barText, durationText, useRth, whatText].join("|");
  if (!conn.historicalPacing.admit(key, openHistoricalCount(sim, conn))) {
    hmds(conn, reqId, "Historical data request pacing violation");
    return;
  }
  const res = sim.market.resolve(req);
  if (!res.ok || res.matches.length !== 1) {
    const e = TwsError.NO_SECURITY;
    conn.sendError(reqId, e.code, e.text);
    return;
  }
  const inst = res.matches[0];
  if (!inst) return;
  const unit = parseBarSize(barText);
  const duration = parseDuration(durationText);
  const now = sim.clock.now();
  const end = parseEndDateTime(endText, now);
  if (!unit) {
    hmds(conn, reqId, `Invalid bar size: ${barText}`);
    return;
  }
  if (duration === undefined || ("calendarDays" in duration ? duration.calendarDays > 2 * 366 : duration.tradingDays > 2 * 253)) {
    hmds(conn, reqId, `Invalid duration: ${durationText}`);
    return;
  }
  if (end === undefined) {
    const e = TwsError.VALIDATION;
    conn.sendError(reqId, e.code, `${e.text}'bP' : cause - Invalid end date/time: ${endText}`);
    return;
  }
  if (keepUpToDate && endText.trim() !== "") {
    const e = TwsError.VALIDATION;
    conn.sendError(reqId, e.code, `${e.text}'bP' : cause - End date not supported with live updates`);
    return;
  }
  if (!PRICE_KINDS.includes(whatText) && !VOLATILITY_KINDS.includes(whatText)) {
    hmds(conn, reqId, `No data of type ${whatText} is available for the exchange 'SMART' and the security type '${inst.kind === "option" ? "Option" : "Stock"}' and '${unit.kind === "minutes" ? `${barText}` : barText}'`);
    return;
  }
  const what = whatText as WhatToShow;
  // IB computes volatility series for underlyings only (stocks, ETFs, indices), never for an option itself;
  // the simulator keeps them daily or longer.
  if ((what === "OPTION_IMPLIED_VOLATILITY" || what === "HISTORICAL_VOLATILITY") && (inst.kind === "option" || unit.kind === "minutes")) {
    hmds(conn, reqId, `No historical market data for ${inst.symbol}/${inst.kind === "option" ? "OPT" : "STK"}@IBVOL ${HMDS_SERIES[what]} ${barSeconds(unit)}`);
    return;
  }
  const bars = barsOf(sim.market, inst, unit, Math.min(end, now), duration, useRth, what);
  if (bars.length === 0) {
    hmds(conn, reqId, `HMDS query returned no data: ${inst.symbol}@SMART ${what}`);
    return;
  }
  const startText = formatNy(durationStart(duration, Math.min(end, now)));
  const endStr = formatNy(Math.min(end, now));
  conn.send(historicalData(conn.serverVersion, reqId, startText, endStr, bars.map((b) => toWire(b, unit, formatDate))));
  if (keepUpToDate) {
    const timer = setInterval(() => {
      if (conn.closed) {
        stopLiveHistory(sim, conn);
        return;
      }
      const t = sim.clock.now();
      const span = unit.kind === "minutes" ? { calendarDays: (unit.minutes * 2) / 1440 } : { tradingDays: 1 };
      const recent = barsOf(sim.market, inst, unit, t, span, useRth, what);
      const last = recent[recent.length - 1];
      if (last) conn.send(historicalDataUpdate(reqId, toWire(last, unit, formatDate)));
    }, sim.config.timing.historyUpdateMs);
    timer.unref();
    liveOf(sim).set(`${conn.id}:${reqId}`, { conn, reqId, inst, unit, useRth, what, formatDate, timer });
  }
};

export const cancelHistoricalData: Handler = (sim, conn, r) => {
  r.int(); // version
  const reqId = r.int();
  const m = liveOf(sim);
  const h = m.get(`${conn.id}:${reqId}`);
  if (!h) {
    const e = TwsError.NO_HISTORICAL_QUERY;
    conn.sendError(reqId, e.code, `${e.text}${reqId}`);
    return;
  }
  clearInterval(h.timer);
  m.delete(`${conn.id}:${reqId}`);
};
