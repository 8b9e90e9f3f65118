import type { Simulator } from "../simulator";
import type { ClientSession } from "../session";
import { nyTime } from "../market/calendar";
import { Msg } from "../protocol/message-ids";
import { num, type Fields, type WireContract } from "../protocol/outbound";
import { wireContract } from "../market/contract-details";
import { accountTagValues } from "./account";
import type { Handler } from "./types";

/** The account's values as ACCT_VALUE rows (key, value, currency). */
function accountRows(sim: Simulator): [string, string, string][] {
  return [["AccountCode", sim.account.id, ""], ["Currency", "USD", "USD"], ...accountTagValues(sim)];
}

interface Holding {
  contract: WireContract;
  quantity: number;
  mark: number;
  value: number;
  avgCost: number;
  unrealized: number;
  realized: number;
}

/** Every position with its mark, value, average cost and P&L. */
function holdings(sim: Simulator): Holding[] {
  const t = sim.clock.now();
  return [...sim.account.positions.values()].map((p) => {
    const mark = sim.market.mark(p.instrument, t);
    const value = p.quantity * mark * p.instrument.multiplier;
    return { contract: wireContract(p.instrument, ""), quantity: p.quantity, mark, value, avgCost: p.avgCost, unrealized: value - p.quantity * p.avgCost, realized: p.realizedToday };
  });
}

/** PORTFOLIO_VALUE (version 8). */
function portfolioValue(sim: Simulator, h: Holding): Fields {
  const c = h.contract;
  return [Msg.PORTFOLIO_VALUE, 8, c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, num(c.strike), c.right, c.multiplier, c.primaryExch, c.currency, c.localSymbol, c.tradingClass, String(h.quantity), num(h.mark), num(h.value), num(h.avgCost), num(h.unrealized), num(h.realized), sim.account.id];
}

/** The account download reqAccountUpdates(true) gets: values, portfolio, update time, then ACCT_DOWNLOAD_END. */
export function sendAccountUpdates(sim: Simulator, conn: ClientSession): void {
  for (const [key, value, currency] of accountRows(sim)) conn.send([Msg.ACCT_VALUE, 2, key, value, currency, sim.account.id]);
  for (const h of holdings(sim)) conn.send(portfolioValue(sim, h));
  const { minutes } = nyTime(sim.clock.now());
  conn.send([Msg.ACCT_UPDATE_TIME, 1, `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`]);
  conn.send([Msg.ACCT_DOWNLOAD_END, 1, sim.account.id]);
}

/** reqAccountUpdates(subscribe, account): the download, then again after every change until unsubscribed. */
export const reqAccountUpdates: Handler = (sim, conn, r) => {
  r.int(); // version
  const subscribe = r.bool();
  r.str(); // account code (one account here)
  if (!subscribe) {
    sim.subscriptions.accountUpdates.delete(conn);
    return;
  }
  sim.subscriptions.accountUpdates.add(conn);
  sendAccountUpdates(sim, conn);
};

/** reqAccountUpdatesMulti(reqId, account, modelCode, ledgerAndNLV): the values once, then ACCOUNT_UPDATE_MULTI_END. */
export const reqAccountUpdatesMulti: Handler = (sim, conn, r) => {
  r.int(); // version
  const reqId = r.int();
  r.str(); // account
  const modelCode = r.str();
  const ledgerAndNlv = r.bool();
  const rows = accountRows(sim).filter(([key]) => !ledgerAndNlv || key === "NetLiquidation" || key === "TotalCashValue" || key === "Currency");
  for (const [key, value, currency] of rows) conn.send([Msg.ACCOUNT_UPDATE_MULTI, 1, reqId, sim.account.id, modelCode, key, value, currency]);
  conn.send([Msg.ACCOUNT_UPDATE_MULTI_END, 1, reqId]);
};

/** reqPositionsMulti(reqId, account, modelCode): every position once, then POSITION_MULTI_END. */
export const reqPositionsMulti: Handler = (sim, conn, r) => {
  r.int(); // version
  const reqId = r.int();
  r.str(); // account
  const modelCode = r.str();
  for (const h of holdings(sim)) {
    const c = h.contract;
    conn.send([Msg.POSITION_MULTI, 1, reqId, sim.account.id, c.conId, c.symbol, c.secType, c.lastTradeDateOrContractMonth, num(c.strike), c.right, c.multiplier, c.exchange, c.currency, c.localSymbol, c.tradingClass, String(h.quantity), num(h.avgCost), modelCode]);
  }
  conn.send([Msg.POSITION_MULTI_END, 1, reqId]);
};

/** Cancels of one-shot answers: nothing is streaming, so there is nothing to stop (TWS answers nothing either). */
export const cancelMulti: Handler = (_sim, _conn, r) => {
  r.int(); // version
  r.int(); // reqId
};
