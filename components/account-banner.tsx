"use client";

import { useQuery } from "@tanstack/react-query";
import type { AccountMarker } from "@/lib/ib/account-kind";
import { fetchJson } from "./fetch-json";

/** The status route's account marker; shared by the banner on every page and the proposal cards. */
export function useAccount(initial?: AccountMarker): AccountMarker | undefined {
  const { data } = useQuery({
    queryKey: ["account-marker"],
    queryFn: async () => (await fetchJson<{ account: AccountMarker }>("/api/status")).account,
    initialData: initial,
    // Until TWS names its accounts the banner says "not known yet": ask often; after that, now and then.
    refetchInterval: (query) => (query.state.data && query.state.data.accounts.length > 0 ? 30_000 : 3_000),
  });
  return data;
}

const TEXT: Record<AccountMarker["kind"], string> = {
  simulator: "SIMULATED MARKET — prices, fills and the account are synthetic; no real orders, no real money.",
  paper: "PAPER ACCOUNT — IBKR paper trading: real market data, simulated fills, no real money.",
  live: "LIVE ACCOUNT — orders you approve trade real money.",
};

/** One banner on every page, in a colour of its own for each kind of account. */
export function AccountBanner({ initial }: { initial: AccountMarker }) {
  const account = useAccount(initial) ?? initial;
  const ids = account.accounts.join(", ");
  return (
    <div
      className={`sim-banner account-banner account-${account.kind}`}
      role="status"
      data-testid={account.kind === "simulator" ? "sim-banner" : "account-banner"}
      data-kind={account.kind}
    >
      {TEXT[account.kind]}
      {account.kind !== "simulator" && (ids ? ` Account ${ids}.` : " The account is not known yet (TWS not connected): treat it as live.")}
    </div>
  );
}
