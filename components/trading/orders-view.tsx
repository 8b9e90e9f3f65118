"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { money } from "../charts/format";
import { fetchJson } from "../fetch-json";
import { StatusBadge } from "./order-cards";
import { orderLine, usd } from "./proposal-card";
import { clockTime, creatorLabel, dateTime, legLabel, stamp, statusTone, totalUnits, TRADING_KEY, useProposals, type ProposalView } from "./trading-data";

type Filter = "all" | "pending" | "working" | "done" | "stopped" | "unknown";

const FILTERS: Array<[Filter, string]> = [
  ["all", "All"],
  ["pending", "Waiting for approval"],
  ["working", "Working"],
  ["done", "Filled"],
  ["stopped", "Cancelled, rejected, expired"],
  ["unknown", "Outcome unknown"],
];

const ACTIONS: Record<string, string> = {
  propose: "proposed",
  await_approval: "waiting for approval",
  approve: "approved",
  reject: "rejected",
  cancel: "withdrawn",
  cancel_requested: "cancel requested",
  cancel_sent: "cancel sent to TWS",
  send_order: "order sent to TWS",
  transmitted: "sent",
  keep_working: "kept working (cancel request declined)",
  approve_with_entry: "approved with its entry",
  partial_fill: "partly filled",
  filled: "filled",
  prompt_stop_loss: "stop-loss prompt",
  dismiss_stop_loss: "stop loss dismissed",
  refresh_figures: "figures refreshed",
  expire: "expired",
  tws_message: "TWS message",
  rejected_by_tws: "rejected by TWS",
  kill_switch: "refused: kill switch",
  not_sent: "not sent",
  gone_at_tws: "gone at TWS",
  outcome_unknown: "outcome unknown (TWS reports nothing of it)",
  listed_at_tws: "listed at TWS again",
};

function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return "";
  if (typeof detail !== "object") return String(detail);
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k.replace(/([A-Z])/g, " $1").replace(/_/g, " ").toLowerCase()}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" · ");
}

/** One proposal's details and audit trail, read from GET /api/proposals/[id] when the row is opened. */
function OrderDetail({ id }: { id: string }) {
  const { data, error, isPending } = useQuery({
    queryKey: [...TRADING_KEY, "proposal", id],
    queryFn: () => fetchJson<{ proposal: ProposalView }>(`/api/proposals/${encodeURIComponent(id)}`),
  });
  if (isPending) return <p className="muted small" aria-busy="true">Loading the audit trail…</p>;
  if (error) return <p className="error small">The audit trail could not load: {error.message}</p>;
  const p = data.proposal;
  return (
    <div className="order-detail" data-testid="order-detail">
      <ul className="card-legs">
        {p.legs.map((leg, i) => (
          <li key={i} className={leg.action === "buy" ? "leg-buy" : "leg-sell"}>
            {legLabel(p.symbol, { ...leg, quantity: leg.quantity * p.quantity })}
          </li>
        ))}
      </ul>
      <p className="small">{orderLine(p)}</p>
      <dl className="card-facts">
        {p.kind === "stop_loss" ? (
          <div>
            <dt>Stop (per unit)</dt>
            <dd>{money(p.stop_price)}</dd>
          </div>
        ) : (
          <div>
            <dt>Max loss / gain</dt>
            <dd>
              {p.analysis.unlimited_loss ? "unlimited" : usd(p.analysis.max_loss)} / {p.analysis.unlimited_profit ? "unlimited" : usd(p.analysis.max_profit)}
            </dd>
          </div>
        )}
        <div>
          <dt>Proposed by</dt>
          <dd>{creatorLabel(p.created_by)}</dd>
        </div>
        <div>
          <dt>Approved by</dt>
          <dd>{p.approved_by ? `${creatorLabel(p.approved_by)} ${clockTime(p.approved_at)}` : "—"}</dd>
        </div>
        <div>
          <dt>TWS order</dt>
          <dd>{p.order.order_id ?? "—"}</dd>
        </div>
        <div>
          <dt>Hash · revision</dt>
          <dd title={p.content_hash}>
            <code>{p.content_hash.slice(0, 10)}…</code> · {p.revision}
          </dd>
        </div>
      </dl>
      {p.reasoning && (
        <blockquote className="reasoning">
          <span className="reasoning-who">{creatorLabel(p.created_by) === "Claude" ? "Claude's reasoning" : "Note"}</span>
          {p.reasoning}
        </blockquote>
      )}
      {p.order.executions.length > 0 && (
        <>
          <h4>Executions</h4>
          <div className="table-scroll">
            <table className="positions-table">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Contract</th>
                  <th scope="col">Side</th>
                  <th scope="col">Qty</th>
                  <th scope="col">Price</th>
                  <th scope="col">Commission</th>
                </tr>
              </thead>
              <tbody>
                {p.order.executions.map((e) => (
                  <tr key={e.exec_id}>
                    <th scope="row">{e.time}</th>
                    <td>{e.sec_type}</td>
                    <td>{e.side}</td>
                    <td>{e.shares}</td>
                    <td>{money(e.price)}</td>
                    <td>{e.commission === null ? "—" : money(e.commission)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <h4>Audit trail</h4>
      <ol className="history" data-testid="history">
        {(p.history ?? []).map((h, i) => (
          <li key={i} data-testid="history-event" data-action={h.action}>
            <span className="history-when small muted">{stamp(h.at)}</span>
            <span className="history-what">
              <strong>{ACTIONS[h.action] ?? h.action.replace(/_/g, " ")}</strong> <span className="muted">by {creatorLabel(h.actor)}</span>
              {h.from && h.to && h.from !== h.to ? <span className="small muted"> · {h.from.replace(/_/g, " ")} → {h.to.replace(/_/g, " ")}</span> : null}
            </span>
            {h.detail !== null && <span className="history-detail small muted">{detailText(h.detail)}</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}

function OrderRow({ p }: { p: ProposalView }) {
  const [open, setOpen] = useState(false);
  const total = totalUnits(p);
  return (
    <li className="orders-row" data-testid="order-row" data-proposal-id={p.id} data-status={p.status}>
      <details onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          <span className="o-when small muted">{dateTime(p.created_at)}</span>
          <span className="o-what">
            <strong>{p.symbol}</strong> {p.kind === "stop_loss" ? "Stop loss" : p.strategy} <span className="muted">×{p.quantity}</span>
          </span>
          <span className="o-status">
            <StatusBadge p={p} />
          </span>
          <span className="o-fill small">
            <span className="o-label">Filled </span>
            {/* Of an order whose outcome is unknown, the last count heard may be short of what filled. */}
            {p.status === "outcome_unknown" ? `${p.order.filled}+?` : p.order.filled}/{total}
          </span>
          <span className="o-price small">
            <span className="o-label">Avg </span>
            {money(p.order.avg_fill_price)}
          </span>
          <span className="o-comm small">
            <span className="o-label">Comm. </span>
            {p.order.commission > 0 ? money(p.order.commission) : "—"}
          </span>
        </summary>
        {open && <OrderDetail id={p.id} />}
      </details>
    </li>
  );
}

/** /orders: every proposal, newest first, with fills and each one's audit trail on demand. */
export function OrdersView() {
  const [limit, setLimit] = useState(100);
  const [filter, setFilter] = useState<Filter>("all");
  const { data, error, isPending, refetch } = useProposals("all", limit);
  const rows = (data?.proposals ?? []).filter((p) => filter === "all" || statusTone(p.status) === filter);

  return (
    <div className="page orders">
      <section className="card">
        <div className="page-head">
          <h1>Orders</h1>
          <label className="controls-inline">
            <span className="muted">Show</span>
            <select value={filter} onChange={(e) => setFilter(e.target.value as Filter)} data-testid="orders-filter">
              {FILTERS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="muted small">Every proposal, newest first. Open one to see its executions and audit trail: who proposed, approved and sent it, and what TWS answered.</p>
        {isPending && (
          <p className="muted" aria-busy="true">
            Loading orders…
          </p>
        )}
        {error && (
          <div role="alert">
            <p className="error">Orders could not load: {error.message}</p>
            <button type="button" className="secondary" onClick={() => void refetch()}>
              Try again
            </button>
          </div>
        )}
        {data && rows.length === 0 && (
          <p className="muted" data-testid="no-orders-history">
            {filter === "all" ? (
              <>
                No orders yet. Proposals from Claude or the <Link href="/strategy">strategy page</Link> appear here, with what became of them.
              </>
            ) : (
              "None with this status."
            )}
          </p>
        )}
        {rows.length > 0 && (
          <>
            <div className="orders-header small muted" aria-hidden="true">
              <span>Proposed</span>
              <span>Order</span>
              <span>Status</span>
              <span>Filled</span>
              <span>Avg price</span>
              <span>Commission</span>
            </div>
            <ul className="orders-list" data-testid="orders-list">
              {rows.map((p) => (
                <OrderRow key={p.id} p={p} />
              ))}
            </ul>
          </>
        )}
        {data && data.proposals.length >= limit && limit < 500 && (
          <button type="button" className="secondary" onClick={() => setLimit(500)}>
            Show older orders
          </button>
        )}
      </section>
    </div>
  );
}
