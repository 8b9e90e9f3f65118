import type { MarketCheck } from "@/lib/trading/market-check";
import { money } from "../charts/format";

/** "5 ticks above the mid" / "at the mid" / "12 ticks below the mid" — above means toward paying more. */
export function ticksPhrase(ticks: number | null, side: "debit" | "credit"): string {
  if (ticks === null) return "";
  if (ticks === 0) return "at the mid";
  const n = Math.abs(ticks);
  const toward = side === "debit" ? (ticks > 0 ? "above" : "below") : ticks > 0 ? "below" : "above";
  return `${n} tick${n === 1 ? "" : "s"} ${toward} the mid`;
}

/**
 * The market the limit is judged against: each leg's bid, ask and mid, the order's mid and natural per unit,
 * where the limit sits, and the warnings (in the same words Claude gets).
 */
export function MarketPanel({ market }: { market: MarketCheck }) {
  const m = market;
  return (
    <section className="market-panel" data-testid="market-panel" aria-label="The market against the limit">
      {m.warnings.length > 0 && (
        <ul className="warn-box market-warnings" data-testid="market-warnings">
          {m.warnings.map((w) => (
            <li key={w.code + w.message} data-code={w.code}>
              {w.message}
            </li>
          ))}
        </ul>
      )}
      <div className="table-scroll">
        <table className="positions-table market-table">
          <thead>
            <tr>
              <th scope="col">Leg</th>
              <th scope="col">Bid</th>
              <th scope="col">Ask</th>
              <th scope="col">Mid</th>
            </tr>
          </thead>
          <tbody>
            {m.legs.map((leg, i) => (
              <tr key={i} data-testid="market-leg">
                <th scope="row">
                  {leg.ratio !== 1 ? `${leg.ratio}× ` : ""}
                  {leg.label}
                  {leg.zero_bid && <span className="flag"> zero bid</span>}
                  {leg.wide && <span className="flag"> wide</span>}
                  {leg.stale && <span className="flag"> stale</span>}
                </th>
                <td>{money(leg.bid)}</td>
                <td>{money(leg.ask)}</td>
                <td>{money(leg.mid)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="card-facts">
        <div>
          <dt>Mid ({m.side}, per unit)</dt>
          <dd data-testid="order-mid">{money(m.mid)}</dd>
        </div>
        <div>
          <dt>Natural ({m.side === "debit" ? "pay the asks" : "take the bids"})</dt>
          <dd data-testid="order-natural">{money(m.natural)}</dd>
        </div>
        <div>
          <dt>Limit</dt>
          <dd data-testid="limit-vs-market">
            {m.limit === null ? "market order" : `${money(m.limit)} · ${ticksPhrase(m.ticks_from_mid, m.side)}${m.pct_of_natural === null ? "" : ` · ${m.pct_of_natural.toFixed(1)}% of natural`}`}
          </dd>
        </div>
      </dl>
    </section>
  );
}
