"use client";

import { useState, type FormEvent } from "react";
import { money } from "../charts/format";
import { orderLine, usd } from "./proposal-card";
import { clockTime, creatorLabel, dateTime, legLabel, postJson, statusTone, statusWords, totalUnits, type ProposalView } from "./trading-data";
import { useAction } from "./use-action";

export function StatusBadge({ p }: { p: Pick<ProposalView, "status"> }) {
  return (
    <span className={`badge status status-${statusTone(p.status)}`} data-testid="status">
      {statusWords(p.status)}
    </span>
  );
}

/** "Filled 1 of 2" with a bar. */
export function FillProgress({ p }: { p: ProposalView }) {
  const total = totalUnits(p);
  const filled = Math.min(p.order.filled, total);
  return (
    <div className="fill-progress" data-testid="fill-progress">
      <span className="small">
        Filled <strong>{filled}</strong> of {total}
        {p.order.avg_fill_price !== null && filled > 0 ? ` at ${money(p.order.avg_fill_price)} avg` : ""}
      </span>
      <progress max={total} value={filled} aria-label={`Filled ${filled} of ${total}`} />
    </div>
  );
}

function legsSummary(p: ProposalView): string {
  return p.legs.map((leg) => legLabel(p.symbol, { ...leg, quantity: leg.quantity * p.quantity })).join(" / ");
}

/** A working order (approved, at TWS, partly filled): where it stands, and a Cancel button. */
export function WorkingOrder({ p, highlighted }: { p: ProposalView; highlighted: boolean }) {
  const action = useAction();
  const [sent, setSent] = useState(false);
  const canCancel = (p.status === "transmitted" || p.status === "partially_filled") && p.order.order_id !== null;
  const cancel = async () => {
    if (await action.run("cancel", () => postJson(`/api/proposals/${p.id}/cancel`, {}))) setSent(true);
  };
  return (
    <li id={p.id} className={`order-item${highlighted ? " highlighted" : ""}`} data-testid="working-order" data-proposal-id={p.id}>
      <div className="order-main">
        <p className="order-title">
          <strong>{p.symbol}</strong> {p.kind === "stop_loss" ? "Stop loss" : p.strategy} <StatusBadge p={p} />
        </p>
        <p className="small">{legsSummary(p)}</p>
        <p className="small muted">
          {orderLine(p)}
          {p.order.transmitted_at ? ` · sent ${clockTime(p.order.transmitted_at)}` : ""}
          {p.order.tws_status ? ` · TWS: ${p.order.tws_status}` : ""}
        </p>
        <FillProgress p={p} />
        {p.order.message && <p className="small muted">{p.order.message}</p>}
        {action.error && (
          <p className="card-error" role="alert">
            {action.error}
          </p>
        )}
      </div>
      <div className="order-actions">
        {canCancel ? (
          <button type="button" className="danger big" onClick={() => void cancel()} disabled={action.pending !== null || sent} data-testid="cancel-order">
            {action.pending ? "Cancelling…" : sent ? "Cancel sent" : "Cancel order"}
          </button>
        ) : (
          <span className="small muted">Sending to TWS…</span>
        )}
      </div>
    </li>
  );
}

/** Claude asked to cancel a working order (cancel_order without the right to do it alone): the trader decides. */
export function CancelRequestCard({ p, highlighted }: { p: ProposalView; highlighted: boolean }) {
  const action = useAction();
  const [sent, setSent] = useState(false);
  const cancel = async () => {
    if (await action.run("cancel", () => postJson(`/api/proposals/${p.id}/cancel`, {}))) setSent(true);
  };
  const keep = () => void action.run("keep", () => postJson(`/api/proposals/${p.id}/keep`, {}));
  return (
    <article id={`cancel-${p.id}`} className={`card proposal-card cancel-card${highlighted ? " highlighted" : ""}`} data-testid="cancel-request-card" data-proposal-id={p.id}>
      <header className="proposal-head">
        <h3>
          <span className="proposal-symbol">{p.symbol}</span> {creatorLabel(p.cancel_requested_by ?? "")} asks to cancel this order
        </h3>
        <StatusBadge p={p} />
      </header>
      <p>
        {p.strategy}: {legsSummary(p)}
      </p>
      <p className="small muted">{orderLine(p)}</p>
      <FillProgress p={p} />
      {action.error && (
        <p className="card-error" role="alert">
          {action.error}
        </p>
      )}
      <div className="decision-buttons">
        <button type="button" className="secondary big" onClick={keep} disabled={action.pending !== null} data-testid="keep-order">
          Keep
        </button>
        <button type="button" className="danger big" onClick={() => void cancel()} disabled={action.pending !== null || sent} data-testid="confirm-cancel-order">
          {action.pending ? "Cancelling…" : sent ? "Cancel sent" : "Cancel order"}
        </button>
      </div>
    </article>
  );
}

/** After an entry fills: propose a stop loss at an editable price (then approve it), or not now. */
export function StopPromptCard({ p, highlighted }: { p: ProposalView; highlighted: boolean }) {
  const action = useAction();
  const suggested = p.stop_loss?.suggested_stop ?? null;
  const [stop, setStop] = useState(suggested !== null ? suggested.toFixed(2) : "");
  const [invalid, setInvalid] = useState<string | null>(null);
  const fill = p.order.avg_fill_price;
  const m = p.legs.some((l) => l.type !== "stock") ? 100 : 1;
  const stopValue = Number(stop);
  const lossAtStop = fill !== null && stop !== "" && Number.isFinite(stopValue) ? (fill - stopValue) * m * p.quantity : null;

  const propose = (event: FormEvent) => {
    event.preventDefault();
    if (!(stopValue > 0) || Math.round(stopValue * 100) !== Number((stopValue * 100).toFixed(6))) {
      setInvalid("Give the stop in cents, above 0, e.g. 1.20.");
      return;
    }
    setInvalid(null);
    void action.run("propose", () => postJson(`/api/proposals/${p.id}/stop-loss`, { action: "propose", stop_price: Math.round(stopValue * 100) / 100 }));
  };
  const dismiss = () => void action.run("dismiss", () => postJson(`/api/proposals/${p.id}/stop-loss`, { action: "dismiss" }));

  return (
    <article id={p.id} className={`card proposal-card prompt-card${highlighted ? " highlighted" : ""}`} data-testid="stop-prompt-card" data-proposal-id={p.id}>
      <header className="proposal-head">
        <h3>
          <span className="proposal-symbol">{p.symbol}</span> {p.strategy} filled: set a stop loss?
        </h3>
        <StatusBadge p={p} />
      </header>
      {fill !== null ? (
        <p data-testid="fill-summary">
          Filled <strong>{p.order.filled}</strong> at <strong data-testid="fill-price">{money(fill)}</strong> per unit
          {p.order.commission > 0 ? `, commission ${usd(p.order.commission)}` : ""}.
        </p>
      ) : (
        // Learnt after the fact from TWS's completed orders, which carry no price: say where the price is.
        <p data-testid="fill-summary">
          Filled <strong>{p.order.filled}</strong>; the average price is not known here (TWS no longer reports these fills). Look it up in TWS&apos;s trade log
          before choosing a stop.
        </p>
      )}
      <p className="small muted">{legsSummary(p)}</p>
      <form className="stop-form" onSubmit={propose}>
        <label htmlFor={`stop-${p.id}`}>Sell if one unit&apos;s value falls to</label>
        <input
          id={`stop-${p.id}`}
          type="number"
          inputMode="decimal"
          step={0.01}
          min={0.01}
          value={stop}
          onChange={(e) => setStop(e.target.value)}
          data-testid="stop-input"
          aria-describedby={`stop-help-${p.id}`}
        />
        <p id={`stop-help-${p.id}`} className="small muted">
          {suggested !== null ? `Suggested ${money(suggested)}: half the fill price. ` : ""}
          {lossAtStop !== null && lossAtStop > 0 ? `At the stop the position has lost about ${usd(lossAtStop)}.` : ""}
        </p>
        {(invalid ?? action.error) && (
          <p className="card-error" role="alert">
            {invalid ?? action.error}
          </p>
        )}
        <div className="decision-buttons">
          <button type="button" className="secondary big" onClick={dismiss} disabled={action.pending !== null} data-testid="dismiss-stop">
            {action.pending === "dismiss" ? "…" : "Not now"}
          </button>
          <button type="submit" className="approve big" disabled={action.pending !== null} data-testid="propose-stop">
            {action.pending === "propose" ? "Proposing…" : "Propose stop"}
          </button>
        </div>
        <p className="small muted">The stop order then waits above for your approval, like any order.</p>
      </form>
    </article>
  );
}

/** An order TWS received but no longer lists, of which it reports nothing: what SumpPump knows, and where to look. */
export function UnknownOutcomeOrder({ p, highlighted }: { p: ProposalView; highlighted: boolean }) {
  return (
    <li id={p.id} className={`order-item${highlighted ? " highlighted" : ""}`} data-testid="unknown-order" data-proposal-id={p.id}>
      <div className="order-main">
        <p className="order-title">
          <strong>{p.symbol}</strong> {p.kind === "stop_loss" ? "Stop loss" : p.strategy} <StatusBadge p={p} />
        </p>
        <p className="small">{legsSummary(p)}</p>
        <p className="small muted">
          {orderLine(p)}
          {p.order.transmitted_at ? ` · sent ${dateTime(p.order.transmitted_at)}` : ""}
          {p.order.order_id !== null ? ` · TWS order id ${p.order.order_id}` : ""}
        </p>
        {p.order.filled > 0 && <FillProgress p={p} />}
        {p.order.message && <p className="small">{p.order.message}</p>}
      </div>
    </li>
  );
}

/** A finished proposal in the inbox's short "recent" list. */
export function RecentItem({ p }: { p: ProposalView }) {
  const filled = p.status === "filled" || p.status === "stop_loss_prompted";
  return (
    <li className="recent-item" data-testid="recent-item" data-proposal-id={p.id}>
      <span className="recent-when small muted">{dateTime(p.order.transmitted_at ?? p.approved_at ?? p.created_at)}</span>
      <span className="recent-what">
        <strong>{p.symbol}</strong> {p.kind === "stop_loss" ? "Stop loss" : p.strategy} ×{p.quantity}
      </span>
      <StatusBadge p={p} />
      <span className="recent-detail small muted">
        {filled && p.order.avg_fill_price !== null ? `at ${money(p.order.avg_fill_price)}` : (p.order.message ?? "")}
        {p.stop_loss?.proposal_status ? ` · stop ${p.stop_loss.proposal_status.replace(/_/g, " ")}` : ""}
      </span>
    </li>
  );
}
