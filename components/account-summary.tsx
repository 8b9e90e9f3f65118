"use client";

import { useQuery } from "@tanstack/react-query";
import type { AccountPnl, AccountSummary, Position } from "@/lib/ib/types";
import { fetchJson, formatNumber } from "./fetch-json";

interface AccountResponse {
  accounts: Array<AccountSummary & { pnl?: AccountPnl }>;
  positions: Position[];
}

export function AccountSummaryCard() {
  const { data, error, isPending } = useQuery({
    queryKey: ["account"],
    queryFn: () => fetchJson<AccountResponse>("/api/account"),
    refetchInterval: 10_000,
  });

  return (
    <section className="card" data-testid="account">
      <h2>Account</h2>
      {isPending && <p className="muted">Loading account…</p>}
      {error && <p className="error">Account unavailable: {error.message}</p>}
      {data?.accounts.map((a) => (
        <div key={a.account}>
          <p className="muted">
            {a.account}
            {a.accountType ? ` · ${a.accountType}` : ""} · {a.currency}
          </p>
          <dl className="facts numbers">
            <dt>Net liquidation</dt>
            <dd data-testid="net-liquidation">{formatNumber(a.netLiquidation)}</dd>
            <dt>P&amp;L today</dt>
            <dd className={(a.pnl?.daily ?? 0) >= 0 ? "up" : "down"}>{formatNumber(a.pnl?.daily)}</dd>
            <dt>Cash</dt>
            <dd>{formatNumber(a.totalCash)}</dd>
            <dt>Buying power</dt>
            <dd>{formatNumber(a.buyingPower)}</dd>
            <dt>Excess liquidity</dt>
            <dd>{formatNumber(a.excessLiquidity)}</dd>
            <dt>Maintenance margin</dt>
            <dd>{formatNumber(a.maintMarginReq)}</dd>
          </dl>
        </div>
      ))}
      {data && (
        <p className="muted">
          {data.positions.length === 0 ? "No open positions." : `${data.positions.length} open position${data.positions.length === 1 ? "" : "s"}.`}
        </p>
      )}
    </section>
  );
}
