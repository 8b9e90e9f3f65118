import type { MarketDataKind, OptionQuote } from "@/lib/ib/types";

/** Badges saying where the numbers come from: delayed or frozen market data, greeks computed locally. */
export function DataSource({ quotes, updatedAt }: { quotes: readonly OptionQuote[]; updatedAt?: number }) {
  const kinds = new Set<MarketDataKind>(quotes.map((q) => q.marketData));
  const computed = quotes.filter((q) => q.greeksSource === "computed").length;
  const none = quotes.filter((q) => q.greeksSource === "none").length;
  const delayed = [...kinds].filter((k) => k !== "live");
  return (
    <p className="data-source small" data-testid="data-source">
      {delayed.length === 0 ? <span className="badge badge-connected">live data</span> : delayed.map((k) => <span key={k} className="badge badge-connecting">{k} data</span>)}
      {computed > 0 && <span className="badge badge-connecting">greeks computed locally for {computed} of {quotes.length}</span>}
      {none > 0 && <span className="badge badge-disconnected">no greeks for {none}</span>}
      {updatedAt ? <span className="muted"> updated {new Date(updatedAt).toLocaleTimeString()}</span> : null}
    </p>
  );
}
