/** Account summary and positions, read on demand. */
import { EventName, type Contract } from "@stoqey/ib";
import type { IbClient } from "./client";
import type { AccountPnl, AccountSummary, Position, PositionPnl } from "./types";

const SUMMARY_TAGS = {
  AccountType: "accountType",
  NetLiquidation: "netLiquidation",
  TotalCashValue: "totalCash",
  BuyingPower: "buyingPower",
  AvailableFunds: "availableFunds",
  ExcessLiquidity: "excessLiquidity",
  GrossPositionValue: "grossPositionValue",
  InitMarginReq: "initMarginReq",
  MaintMarginReq: "maintMarginReq",
  EquityWithLoanValue: "equityWithLoan",
} as const satisfies Record<string, keyof AccountSummary>;

/**
 * One summary per account TWS manages. The subscription is cancelled before the answer is handed back (the cancel
 * goes in line with requests, not behind them), so a caller that asks again right after cannot have TWS count
 * two of ours open at once: TWS allows two summary subscriptions across all of an account's API clients.
 */
export function fetchAccountSummaries(client: IbClient): Promise<AccountSummary[]> {
  const byAccount = new Map<string, AccountSummary>();
  let cancelled = false;
  return client.request<AccountSummary[]>({
    label: "account summary",
    send: (api, reqId) => api.reqAccountSummary(reqId, "All", Object.keys(SUMMARY_TAGS).join(",")),
    cancel: (api, reqId) => {
      if (!cancelled) api.cancelAccountSummary(reqId);
    },
    handle: (event, args, settle) => {
      if (event === EventName.accountSummary) {
        const [, account, tag, value, currency] = args as [number, string, string, string, string];
        let summary = byAccount.get(account);
        if (!summary) byAccount.set(account, (summary = { account, currency: currency || "USD", asOf: new Date().toISOString() }));
        const field = SUMMARY_TAGS[tag as keyof typeof SUMMARY_TAGS];
        if (!field) return;
        if (field === "accountType") summary.accountType = value;
        else {
          const number = Number(value);
          if (value !== "" && Number.isFinite(number)) summary[field] = number;
          if (currency) summary.currency = currency;
        }
      } else if (event === EventName.accountSummaryEnd) {
        const reqId = args[0] as number;
        cancelled = true;
        const done = (): void => settle.resolve([...byAccount.values()]);
        client.send((api) => api.cancelAccountSummary(reqId)).then(done, done);
      }
    },
  });
}

export function fetchPositions(client: IbClient): Promise<Position[]> {
  const positions: Position[] = [];
  return client.broadcastRequest<Position[]>({
    label: "positions",
    events: [EventName.position, EventName.positionEnd],
    send: (api) => api.reqPositions(),
    cancel: (api) => api.cancelPositions(),
    handle: (event, args, settle) => {
      if (event === EventName.positionEnd) {
        settle.resolve(positions.filter((p) => p.quantity !== 0));
        return;
      }
      const [account, contract, quantity, averageCost] = args as [string, Contract, number, number];
      positions.push({
        account,
        conId: contract.conId ?? 0,
        symbol: contract.symbol ?? "",
        secType: contract.secType ?? "",
        expiry: contract.lastTradeDateOrContractMonth || undefined,
        strike: contract.strike || undefined,
        right: contract.right === "C" || contract.right === "P" ? contract.right : undefined,
        multiplier: contract.multiplier ? Number(contract.multiplier) : undefined,
        currency: contract.currency ?? "USD",
        quantity: Number(quantity),
        averageCost: Number(averageCost),
      });
    },
  });
}

/** TWS sends Double.MAX_VALUE (decoded as undefined or a huge number) for "not available". */
function amount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && Math.abs(value) < 1e100 ? value : undefined;
}

/** The account's P&L today (reqPnL): the first update, then the subscription is cancelled. */
export function fetchAccountPnl(client: IbClient, account: string): Promise<AccountPnl> {
  return client.request({
    label: `P&L of ${account}`,
    send: (api, reqId) => api.reqPnL(reqId, account, ""),
    cancel: (api, reqId) => api.cancelPnL(reqId),
    handle: (event, args, settle) => {
      if (event !== EventName.pnl) return;
      const [, daily, unrealized, realized] = args;
      settle.resolve({ daily: amount(daily), unrealized: amount(unrealized), realized: amount(realized) });
    },
  });
}

/** One position's market value and P&L (reqPnLSingle). */
export function fetchPositionPnl(client: IbClient, account: string, conId: number): Promise<PositionPnl> {
  return client.request({
    label: `P&L of position ${conId}`,
    send: (api, reqId) => api.reqPnLSingle(reqId, account, "", conId),
    cancel: (api, reqId) => api.cancelPnLSingle(reqId),
    handle: (event, args, settle) => {
      if (event !== EventName.pnlSingle) return;
      const [, , daily, unrealized, realized, value] = args;
      settle.resolve({ daily: amount(daily), unrealized: amount(unrealized), realized: amount(realized), value: amount(value) });
    },
  });
}
