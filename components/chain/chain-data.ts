"use client";

import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { ChainWindow } from "@/lib/ib/ib";
import { fetchJson } from "../fetch-json";

export interface ExpiriesResponse {
  symbol: string;
  multiplier: number;
  tradingClass: string;
  strikes: number[];
  expiries: Array<{ expiry: string; daysToExpiry: number }>;
  asOf: string;
}

export type ChainResponse = ChainWindow & { rate: number };

/** Expiries per request: small batches so the nearest expiries arrive first and the rest follow. */
export const EXPIRIES_PER_REQUEST = 2;

export function useExpiries(symbol: string) {
  return useQuery({
    queryKey: ["chain-expiries", symbol],
    queryFn: () => fetchJson<ExpiriesResponse>(`/api/chain/${encodeURIComponent(symbol)}/expiries`),
    staleTime: 60_000,
    retry: false,
  });
}

export function chainUrl(symbol: string, expiries: readonly string[], strikesEachSide: number): string {
  return `/api/chain/${encodeURIComponent(symbol)}?expiries=${expiries.join(",")}&strikesEachSide=${strikesEachSide}`;
}

/**
 * Quotes for the given expiries in batches, nearest first (the server paces them in request order, so the first
 * batch arrives first), each refreshed every `refreshMs` while the page is open and visible. A refresh asks the
 * server to let Claude's and the trader's requests go first; leaving the page, or hiding it, aborts what is in
 * flight (the server then stops asking TWS), and showing it again fetches afresh.
 */
export function useChainWindows(symbol: string, expiries: readonly string[], strikesEachSide: number, refreshMs = 20_000) {
  const batches: string[][] = [];
  for (let i = 0; i < expiries.length; i += EXPIRIES_PER_REQUEST) batches.push(expiries.slice(i, i + EXPIRIES_PER_REQUEST));
  useStopWhenHidden(["chain", symbol]);
  return useQueries({
    queries: batches.map((batch) => ({
      queryKey: ["chain", symbol, batch.join(","), strikesEachSide],
      queryFn: ({ client, queryKey, signal }) => {
        const refresh = client.getQueryData(queryKey) !== undefined;
        return fetchJson<ChainResponse>(chainUrl(symbol, batch, strikesEachSide), { signal, headers: refresh ? { "X-Priority": "background" } : {} });
      },
      refetchInterval: refreshMs,
      refetchIntervalInBackground: false,
      staleTime: 5_000,
      retry: 1,
    })),
    combine: (results) => ({
      windows: results.map((r) => r.data).filter((d): d is ChainResponse => d !== undefined),
      errors: results.map((r) => r.error).filter((e): e is Error => e !== null),
      pending: results.filter((r) => r.isPending).length,
      fetching: results.filter((r) => r.isFetching).length,
      total: results.length,
      updatedAt: Math.max(0, ...results.map((r) => r.dataUpdatedAt)),
    }),
  });
}

/** Aborts the queries under `prefix` while the page is hidden; React Query refetches them when it shows again. */
function useStopWhenHidden(prefix: readonly unknown[]): void {
  const client = useQueryClient();
  const key = JSON.stringify(prefix);
  useEffect(() => {
    const onVisibility = (): void => {
      if (document.visibilityState === "hidden") void client.cancelQueries({ queryKey: JSON.parse(key) as unknown[] });
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => document.removeEventListener("visibilitychange", onVisibility);
  }, [client, key]);
}
