"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import type { AccountSummary, OptionQuote, Position, Quote } from "@/lib/ib/types";
import type { Leg } from "@/lib/options/types";
import { fetchJson } from "../fetch-json";
import { expiryLabel, money, percent, signedMoney } from "../charts/format";
import { PayoffChart } from "../charts/payoff-chart";
import { DataSource } from "../chain/data-source";
import { FALLBACK_VOL } from "../strategy/strategy-model";
import { WorkingOrder } from "../trading/order-cards";
import { useProposals, type ProposalView } from "../trading/trading-data";
import "./positions-table.css";

interface QuotedPosition {
  position: Position;
  option: OptionQuote | null;
  stock: Quote | null;
}

interface PositionsResponse {
  accounts: AccountSummary[];
  positions: QuotedPosition[];
  rate: number;
  asOf: string;
}

interface Row {
  key: string;
  label: string;
  symbol: string;
  quantity: number;
  /** Average cost per share (or per share of the contract). */
  costPerShare: number;
  mark: number | undefined;
  multiplier: number;
  marketValue: number | undefined;
  pnl: number | undefined;
  pnlPercent: number | undefined;
  quote: QuotedPosition;
}

/** A position's value and unrealised P&L at its current quote (mid, else last, else TWS's model price). */
export function positionRow(q: QuotedPosition): Row {
  const p = q.position;
  const option = p.secType === "OPT";
  const multiplier = option ? (p.multiplier ?? 100) : 1;
  const costPerShare = option ? p.averageCost / multiplier : p.averageCost;
  const mark = option ? (q.option?.mid ?? q.option?.last ?? q.option?.modelPrice) : (q.stock?.last ?? q.stock?.mid ?? q.stock?.close);
  const marketValue = mark === undefined ? undefined : mark * multiplier * p.quantity;
  const cost = costPerShare * multiplier * p.quantity;
  const pnl = marketValue === undefined ? undefined : marketValue - cost;
  const label = option ? `${p.symbol} ${expiryLabel(p.expiry!)} ${p.strike} ${p.right === "C" ? "call" : "put"}` : `${p.symbol} ${p.secType === "STK" ? "shares" : p.secType}`;
  return { key: `${p.account}-${p.conId}`, label, symbol: p.symbol, quantity: p.quantity, costPerShare, mark, multiplier, marketValue, pnl, pnlPercent: pnl === undefined || cost === 0 ? undefined : pnl / Math.abs(cost), quote: q };
}

/** /positions: open positions with P&L at current prices, each underlying's payoff, and working orders. */
export function PositionsView() {
  const { data, error, isPending, dataUpdatedAt } = useQuery({
    queryKey: ["positions"],
    queryFn: () => fetchJson<PositionsResponse>("/api/positions"),
    refetchInterval: 10_000,
  });
  const rows = useMemo(() => (data ? data.positions.map(positionRow) : []), [data]);
  const groups = useMemo(() => (data ? payoffGroups(data.positions, Date.parse(data.asOf)) : []), [data]);
  const total = rows.reduce((sum, r) => sum + (r.pnl ?? 0), 0);
  const optionQuotes = data?.positions.flatMap((p) => (p.option ? [p.option] : [])) ?? [];
  const working = useProposals("working", 100);
  const stops = (working.data?.proposals ?? []).filter((p) => p.kind === "stop_loss");

  return (
    <div className="page">
      <section className="card" data-testid="positions">
        <h1>Positions</h1>
        {isPending && <p className="muted" aria-busy="true">Loading positions…</p>}
        {error && (
          <p className="error" role="alert">
            Positions unavailable: {error.message}
          </p>
        )}
        {data && (
          <>
            {data.accounts.map((a) => (
              <p key={a.account} className="muted small">
                {a.account} · net liquidation {money(a.netLiquidation)} {a.currency} · buying power {money(a.buyingPower)}
              </p>
            ))}
            {optionQuotes.length > 0 && <DataSource quotes={optionQuotes} updatedAt={dataUpdatedAt} />}
            {rows.length === 0 ? (
              <p className="muted" data-testid="no-positions">
                No open positions. Positions appear here after an order fills.
              </p>
            ) : (
              <div className="table-scroll">
                <table className="positions-table" data-testid="positions-table">
                  <thead>
                    <tr>
                      <th scope="col">Position</th>
                      <th scope="col">Qty</th>
                      <th scope="col">Avg cost</th>
                      <th scope="col">Mark</th>
                      <th scope="col">Value (USD)</th>
                      <th scope="col">P&amp;L (USD)</th>
                      <th scope="col">Stop loss</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.key} data-testid="position-row" data-mark={r.mark} data-cost={r.costPerShare} data-quantity={r.quantity} data-multiplier={r.multiplier}>
                        <th scope="row">{r.label}</th>
                        <td data-label="Qty">{r.quantity}</td>
                        <td data-label="Avg cost">{money(r.costPerShare)}</td>
                        <td data-label="Mark">{money(r.mark)}</td>
                        <td data-label="Value (USD)">{money(r.marketValue)}</td>
                        <td data-label="P&L (USD)" className={(r.pnl ?? 0) >= 0 ? "up" : "down"} data-testid="position-pnl">
                          <span data-testid="position-pnl-value">{signedMoney(r.pnl)}</span> <span className="small">({percent(r.pnlPercent)})</span>
                        </td>
                        <StopCell position={r.quote.position} stops={stopsFor(r.quote.position, stops)} />
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row" colSpan={5}>
                        Unrealised P&amp;L
                      </th>
                      <td className={total >= 0 ? "up" : "down"} data-testid="total-pnl">
                        {signedMoney(total)}
                      </td>
                      <td />
                    </tr>
                  </tfoot>
                </table>
              </div>
            )}
          </>
        )}
      </section>

      {groups.length > 0 && (
        <section className="card">
          <h2>Payoff by underlying</h2>
          <div className="payoff-grid">
            {groups.map((g) => (
              <div key={g.symbol} data-testid="position-payoff">
                <h3>
                  {g.symbol} <span className="muted small">spot {money(g.spot)} · solid: at first expiry, dashed: today</span>
                </h3>
                <PayoffChart legs={g.legs} market={{ spot: g.spot, rate: data!.rate, dividendYield: 0, nowMs: g.nowMs, vol: FALLBACK_VOL }} dateMs={g.nowMs} ivShift={0} height={220} compact label={`${g.symbol} positions`} />
              </div>
            ))}
          </div>
        </section>
      )}

      <section className="card" data-testid="working-orders">
        <h2>Working orders</h2>
        {working.error && (
          <p className="error" role="alert">
            Working orders unavailable: {working.error.message}
          </p>
        )}
        {working.isPending && (
          <p className="muted" aria-busy="true">
            Loading working orders…
          </p>
        )}
        {working.data &&
          (working.data.proposals.length === 0 ? (
            <p className="muted" data-testid="no-orders">
              No working orders. Orders appear here once they are approved in the <Link href="/inbox">inbox</Link> and sent to TWS.
            </p>
          ) : (
            <ul className="order-list">
              {working.data.proposals.map((p) => (
                <WorkingOrder key={p.id} p={p} highlighted={false} />
              ))}
            </ul>
          ))}
      </section>
    </div>
  );
}

/** Option positions (and shares) per underlying as priced legs: cost is each position's average cost. */
function payoffGroups(positions: QuotedPosition[], nowMs: number): Array<{ symbol: string; spot: number; legs: Leg[]; nowMs: number }> {
  const bySymbol = new Map<string, QuotedPosition[]>();
  for (const q of positions) bySymbol.set(q.position.symbol, [...(bySymbol.get(q.position.symbol) ?? []), q]);
  const groups: Array<{ symbol: string; spot: number; legs: Leg[]; nowMs: number }> = [];
  for (const [symbol, list] of bySymbol) {
    if (!list.some((q) => q.position.secType === "OPT")) continue;
    const stock = list.find((q) => q.stock)?.stock;
    const spot = stock?.last ?? stock?.mid ?? stock?.close ?? list.find((q) => q.option?.underlyingPrice)?.option?.underlyingPrice;
    if (spot === undefined) continue;
    const legs: Leg[] = list.flatMap((q): Leg[] => {
      const p = q.position;
      if (p.secType === "STK") return [{ kind: "stock", quantity: p.quantity, price: p.averageCost }];
      if (p.secType !== "OPT" || !p.expiry || p.strike === undefined || !p.right) return [];
      const multiplier = p.multiplier ?? 100;
      return [{ kind: "option", right: p.right === "C" ? "call" : "put", strike: p.strike, expiry: p.expiry, quantity: p.quantity, multiplier, price: Math.abs(p.averageCost) / multiplier, iv: q.option?.iv }];
    });
    groups.push({ symbol, spot, legs, nowMs });
  }
  return groups;
}

/** The working stop-loss orders that would sell this position (matched by contract), with the contracts each sells of it. */
function stopsFor(position: Position, stops: readonly ProposalView[]): Array<{ stop: ProposalView; sells: number }> {
  return stops.flatMap((s) => {
    if (s.symbol !== position.symbol) return [];
    const leg = s.legs.find((l) =>
      l.type === "stock"
        ? position.secType === "STK"
        : position.secType === "OPT" && l.strike === position.strike && l.expiry === position.expiry && (l.type === "call" ? "C" : "P") === position.right,
    );
    return leg ? [{ stop: s, sells: leg.quantity * s.quantity }] : [];
  });
}

/** The stop and how much of the position it covers: a stop on 2 of a 5-lot says so. */
function StopCell({ position, stops }: { position: Position; stops: ReadonlyArray<{ stop: ProposalView; sells: number }> }) {
  const first = stops[0];
  if (!first) {
    return (
      <td data-label="Stop loss" className="muted" title="No working stop-loss order for this position">
        —
      </td>
    );
  }
  const held = Math.abs(position.quantity);
  const covered = stops.reduce((n, s) => n + s.sells, 0);
  return (
    <td data-label="Stop loss">
      <Link href={`/inbox#${first.stop.id}`} data-testid="position-stop" title={first.stop.status === "approved" ? "Approved, being sent to TWS" : "Working at TWS"}>
        working stop at {money(first.stop.stop_price)}
      </Link>
      {stops.length > 1 ? ` (+${stops.length - 1} more)` : ""}
      <span className={covered < held ? " warn-text" : " muted"} data-testid="position-stop-covers">
        {" "}
        covers {Math.min(covered, held)} of {held}
      </span>
    </td>
  );
}
