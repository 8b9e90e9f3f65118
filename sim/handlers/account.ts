import type { Connection } from "../connection";
import type { Simulator } from "../simulator";
import { wireContract } from "../market/contract-details";
import { accountSummary, accountSummaryEnd, position, positionEnd } from "../protocol/outbound";
import { TwsError } from "../protocol/error-codes";
import type { AccountValues } from "../trading/account";
import type { Handler } from "./types";

/** Tags TWS sends for "All", in its order; values are USD except where the currency is blank. */
const SUMMARY_TAGS = [
  "AccountType",
  "NetLiquidation",
  "TotalCashValue",
  "SettledCash",
  "AccruedCash",
  "BuyingPower",
  "EquityWithLoanValue",
  "PreviousEquityWithLoanValue",
  "GrossPositionValue",
  "RegTEquity",
  "RegTMargin",
  "SMA",
  "InitMarginReq",
  "MaintMarginReq",
  "AvailableFunds",
  "ExcessLiquidity",
  "Cushion",
  "FullInitMarginReq",
  "FullMaintMarginReq",
  "FullAvailableFunds",
  "FullExcessLiquidity",
  "LookAheadNextChange",
  "LookAheadInitMarginReq",
  "LookAheadMaintMarginReq",
  "LookAheadAvailableFunds",
  "LookAheadExcessLiquidity",
  "HighestSeverity",
  "DayTradesRemaining",
  "Leverage",
] as const;

/** TWS allows two account-summary subscriptions at a time. */
const MAX_SUMMARY_SUBSCRIPTIONS = 2;

function money(v: number): string {
  return v.toFixed(2);
}

function tagValue(tag: string, v: AccountValues, sim: Simulator): [string, string] | undefined {
  switch (tag) {
    case "AccountType":
      return ["INDIVIDUAL", ""];
    case "NetLiquidation":
      return [money(v.netLiquidation), "USD"];
    case "TotalCashValue":
    case "SettledCash":
      return [money(v.totalCash), "USD"];
    case "AccruedCash":
      return ["0.00", "USD"];
    case "BuyingPower":
      return [money(v.buyingPower), "USD"];
    case "EquityWithLoanValue":
    case "PreviousEquityWithLoanValue":
    case "RegTEquity":
      return [money(v.equityWithLoan), "USD"];
    case "GrossPositionValue":
      return [money(v.grossPositionValue), "USD"];
    case "RegTMargin":
    case "InitMarginReq":
    case "FullInitMarginReq":
    case "LookAheadInitMarginReq":
      return [money(v.initMargin), "USD"];
    case "MaintMarginReq":
    case "FullMaintMarginReq":
    case "LookAheadMaintMarginReq":
      return [money(v.maintMargin), "USD"];
    case "SMA":
      return [money(Math.max(0, v.equityWithLoan - v.initMargin)), "USD"];
    case "AvailableFunds":
    case "FullAvailableFunds":
    case "LookAheadAvailableFunds":
      return [money(v.availableFunds), "USD"];
    case "ExcessLiquidity":
    case "FullExcessLiquidity":
    case "LookAheadExcessLiquidity":
      return [money(v.excessLiquidity), "USD"];
    case "Cushion":
      return [v.netLiquidation > 0 ? (v.excessLiquidity / v.netLiquidation).toFixed(6) : "0", ""];
    case "LookAheadNextChange":
      return ["0", ""];
    case "HighestSeverity":
      return ["0", ""];
    case "DayTradesRemaining":
      return ["-1", ""];
    case "Leverage":
      return [v.netLiquidation > 0 ? (v.grossPositionValue / v.netLiquidation).toFixed(2) : "0", ""];
    default:
      void sim;
      return undefined;
  }
}

/** Every summary tag with its value and currency, for the account-updates downloads. */
export function accountTagValues(sim: Simulator): [string, string, string][] {
  const values = sim.accountValues();
  const rows: [string, string, string][] = [];
  for (const tag of SUMMARY_TAGS) {
    const tv = tagValue(tag, values, sim);
    if (tv) rows.push([tag, tv[0], tv[1]]);
  }
  return rows;
}

/** Sends the summary rows of one subscription, then ACCOUNT_SUMMARY_END. */
export function sendAccountSummary(sim: Simulator, conn: Connection, reqId: number, tags: string): void {
  const values = sim.accountValues();
  const wanted = tags
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
  const list = wanted.some((t) => t.toLowerCase() === "all") ? [...SUMMARY_TAGS] : wanted;
  for (const tag of list) {
    const tv = tagValue(tag, values, sim);
    if (tv) conn.send(accountSummary(reqId, sim.account.id, tag, tv[0], tv[1]));
  }
  conn.send(accountSummaryEnd(reqId));
}

export const reqAccountSummary: Handler = (sim, conn, r) => {
  r.int(); // version
  const reqId = r.int();
  r.str(); // group ("All")
  const tags = r.str();
  const subs = sim.subscriptions.accountSummary(conn);
  if (!subs.has(reqId) && subs.size >= MAX_SUMMARY_SUBSCRIPTIONS) {
    const e = TwsError.MAX_ACCOUNT_SUMMARY;
    conn.sendError(reqId, e.code, e.text);
    return;
  }
  subs.set(reqId, tags);
  sendAccountSummary(sim, conn, reqId, tags);
};

export const cancelAccountSummary: Handler = (sim, conn, r) => {
  r.int();
  sim.subscriptions.accountSummary(conn).delete(r.int());
};

export function sendPositions(sim: Simulator, conn: Connection): void {
  for (const p of sim.account.positions.values()) {
    const exchange = p.instrument.kind === "stock" ? p.instrument.underlying.primaryExch : "";
    conn.send(position(sim.account.id, wireContract(p.instrument, exchange), p.quantity, p.avgCost));
  }
  conn.send(positionEnd());
}

export const reqPositions: Handler = (sim, conn, r) => {
  r.int();
  sim.subscriptions.positions.add(conn);
  sendPositions(sim, conn);
};

export const cancelPositions: Handler = (sim, conn, r) => {
  r.int();
  sim.subscriptions.positions.delete(conn);
};
