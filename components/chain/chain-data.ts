"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
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
 * batch arrives first), each refreshed every `refreshMs` while the page is open.
 */
export function useChainWindows(symbol: string, expiries: readonly string[], strikesEachSide: number, refreshMs = 20_000) {
  const batches: string[][] = [];
  for (let i = 0; i < expiries.length; i += EXPIRIES_PER_REQUEST) batches.push(expiries.slice(i, i + EXPIRIES_PER_REQUEST));
  return useQueries({
    queries: batches.map((batch) => ({
      queryKey: ["chain", symbol, batch.join(","), strikesEachSide],
      queryFn: () => fetchJson<ChainResponse>(chainUrl(symbol, batch, strikesEachSide)),
      refetchInterval: refreshMs,
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
