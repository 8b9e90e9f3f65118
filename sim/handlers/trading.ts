import { parseEndDateTime } from "../market/bars";
import { commissionReport, executionData, executionDataEnd, pnl, pnlSingle } from "../protocol/order-messages";
import { formatConnectionTime } from "../time-format";
import { readOrderRequest } from "../trading/order-request";
import type { Connection } from "../connection";
import type { Simulator } from "../simulator";
import type { Handler } from "./types";
import { V } from "../protocol/versions";

export const placeOrder: Handler = (sim, conn, r) => {
  sim.orders.place(conn, readOrderRequest(r, conn.serverVersion));
};

/**
 * cancelOrder: below CME_TAGGING_FIELDS it starts with a version field; manualOrderCancelTime follows from
 * MANUAL_ORDER_TIME, and extOperator and manualOrderIndicator from CME_TAGGING_FIELDS (nothing here acts on them).
 */
export const cancelOrder: Handler = (sim, conn, r) => {
  if (conn.serverVersion < V.CME_TAGGING_FIELDS) r.int(); // version
  const orderId = r.int();
  sim.orders.cancel(conn, orderId);
};

export const reqGlobalCancel: Handler = (sim, _conn, r) => {
  void r;
  sim.orders.cancelAll();
};

/**
 * reqExecutions: the executions in the report window (TWS: the current day's) matching the filter, each with
 * its commission report, then the end.
 */
export const reqExecutions: Handler = (sim, conn, r) => {
  r.int(); // version
  const reqId = r.int();
  const clientId = r.int();
  const acctCode = r.str();
  const time = r.str();
  const symbol = r.str().toUpperCase();
  const secType = r.str().toUpperCase();
  const exchange = r.str().toUpperCase();
  const side = r.str().toUpperCase();
  const since = time.trim() === "" ? undefined : parseEndDateTime(time.replace(/^(\d{8}) (\d{2}:\d{2})$/, "$1 $2:00"), 0);
  for (const e of sim.orders.executions) {
    // Forgetting is up to and including its instant: a fill in that same millisecond was before the rollover.
    if (e.time <= sim.orders.reportWindows.executionsSince) continue;
    if (clientId > 0 && e.clientId !== clientId) continue;
    if (acctCode !== "" && acctCode !== sim.account.id) continue;
    if (since !== undefined && e.time < since) continue;
    if (symbol !== "" && e.contract.symbol !== symbol) continue;
    if (secType !== "" && e.contract.secType !== secType) continue;
    if (exchange !== "" && e.exchange !== exchange && exchange !== "SMART") continue;
    if (side !== "" && !((side === "BUY" && e.side === "BOT") || (side === "SELL" && e.side === "SLD"))) continue;
    conn.send(executionData(conn.serverVersion, reqId, e.contract, { ...e, time: formatConnectionTime(e.time), account: sim.account.id }));
    if (e.contract.secType !== "BAG") conn.send(commissionReport(e.execId, e.commission, e.realizedPnl));
  }
  conn.send(executionDataEnd(reqId));
};

export function sendPnl(sim: Simulator, conn: Connection, reqId: number): void {
  const v = sim.accountValues();
  conn.send(pnl(conn.serverVersion, reqId, v.dailyPnl, v.unrealizedPnl, v.realizedPnl));
}

export function sendPnlSingle(sim: Simulator, conn: Connection, reqId: number, conId: number): void {
  const p = sim.account.position(conId);
  if (!p) {
    conn.send(pnlSingle(conn.serverVersion, reqId, 0, 0, 0, 0, 0));
    return;
  }
  const t = sim.clock.now();
  const mark = sim.market.mark(p.instrument, t);
  const value = p.quantity * mark * p.instrument.multiplier;
  const daily = p.quantity * (mark - (p.priorMark ?? mark)) * p.instrument.multiplier + p.realizedToday;
  conn.send(pnlSingle(conn.serverVersion, reqId, p.quantity, daily, value - p.quantity * p.avgCost, p.realizedToday, value));
}

export const reqPnL: Handler = (sim, conn, r) => {
  const reqId = r.int();
  r.str(); // account
  r.str(); // model code
  sim.subscriptions.pnlOf(conn).add(reqId);
  sendPnl(sim, conn, reqId);
};

export const cancelPnL: Handler = (sim, conn, r) => {
  sim.subscriptions.pnlOf(conn).delete(r.int());
};

export const reqPnLSingle: Handler = (sim, conn, r) => {
  const reqId = r.int();
  r.str();
  r.str();
  const conId = r.int();
  sim.subscriptions.pnlSingleOf(conn).set(reqId, conId);
  sendPnlSingle(sim, conn, reqId, conId);
};

export const cancelPnLSingle: Handler = (sim, conn, r) => {
  sim.subscriptions.pnlSingleOf(conn).delete(r.int());
};

