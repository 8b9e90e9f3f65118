"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { Quote } from "@/lib/ib/types";
import { fetchJson, formatNumber } from "./fetch-json";

export function QuoteBox({ initialSymbol = "SPY" }: { initialSymbol?: string }) {
  const [symbol, setSymbol] = useState(initialSymbol);
  const [draft, setDraft] = useState(initialSymbol);
  const { data, error, isPending, isFetching } = useQuery({
    queryKey: ["quote", symbol],
    queryFn: () => fetchJson<Quote>(`/api/quote?symbol=${encodeURIComponent(symbol)}`),
    refetchInterval: 2000,
    retry: false,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = draft.trim().toUpperCase();
    if (next) setSymbol(next);
  };

  const up = (data?.change ?? 0) >= 0;
  return (
    <section className="card" data-testid="quote">
      <h2>Quote</h2>
      <form onSubmit={submit} className="row">
        <label htmlFor="symbol" className="sr-only">
          Symbol
        </label>
        <input
          id="symbol"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="Symbol, e.g. SPY"
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          maxLength={12}
        />
        <button type="submit">Get quote</button>
      </form>
      {isPending && <p className="muted">Loading {symbol}…</p>}
      {error && <p className="error" role="alert">{error.message}</p>}
      {data && !error && (
        <div aria-live="polite">
          <p className="quote-head">
            <strong data-testid="quote-symbol">{data.symbol}</strong>{" "}
            <span className="quote-last" data-testid="quote-last">
              {formatNumber(data.last ?? data.mid ?? data.close)}
            </span>{" "}
            {data.change !== undefined && (
              <span className={up ? "up" : "down"}>
                {up ? "+" : ""}
                {formatNumber(data.change)} ({up ? "+" : ""}
                {formatNumber(data.changePercent)}%)
              </span>
            )}
            {isFetching && <span className="muted small"> ·</span>}
          </p>
          <dl className="facts numbers">
            <dt>Bid</dt>
            <dd data-testid="quote-bid">
              {formatNumber(data.bid)} <span className="muted">× {data.bidSize ?? "—"}</span>
            </dd>
            <dt>Ask</dt>
            <dd data-testid="quote-ask">
              {formatNumber(data.ask)} <span className="muted">× {data.askSize ?? "—"}</span>
            </dd>
            <dt>Volume</dt>
            <dd>{data.volume === undefined ? "—" : data.volume.toLocaleString("en-US")}</dd>
            <dt>Previous close</dt>
            <dd>{formatNumber(data.close)}</dd>
          </dl>
          <p className="muted small">
            {data.marketData === "live" ? "Live" : `${data.marketData} data`} · {new Date(data.asOf).toLocaleTimeString()}
          </p>
        </div>
      )}
    </section>
  );
}
