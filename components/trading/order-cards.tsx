"use client";

import { useState, type FormEvent } from "react";
import { money } from "../charts/format";
import { orderLine, usd } from "./proposal-card";
import { clockTime, creatorLabel, dateTime, legLabel, multiplierOf, postJson, statusTone, statusWords, totalUnits, type ProposalView } from "./trading-data";
import { useAction } from "./use-action";

export function StatusBadge({ p }: { p: Pick<ProposalView, "status"> & { order?: Pick<ProposalView["order"], "tws_status"> } }) {
  // Written to TWS but not yet acknowledged by it: not called working until TWS says so.
  const unacknowledged = p.status === "transmitted" && p.order !== undefined && !p.order.tws_status;
  return (
    <span className={`badge status status-${statusTone(p.status)}`} data-testid="status">
      {unacknowledged ? "sent, awaiting TWS" : statusWords(p.status)}
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

/**
 * "Cancel sent" lasts until TWS answers: any news of the order (its status, TWS's message, a new order id) ends it,
 * so a cancel TWS could not act on (10147: it does not know the order) never leaves the button stuck.
 */
function useCancelSent(p: ProposalView): [boolean, (sent: boolean) => void] {
  const news = [p.status, p.order.message, p.order.order_id, p.order.tws_status].join("|");
  const [sentAt, setSentAt] = useState<string | null>(null);
  return [sentAt === news, (sent) => setSentAt(sent ? news : null)];
}

/** A working order (approved, at TWS, partly filled): where it stands, and a Cancel button. */
export function WorkingOrder({ p, highlighted }: { p: ProposalView; highlighted: boolean }) {
  const action = useAction();
  const [sent, setSent] = useCancelSent(p);
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
  const [sent, setSent] = useCancelSent(p);
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
      <SettleForm p={p} />
    </li>
  );
}

type Settlement = { filled: true; quantity: number; avg_price: number } | { filled: false };

/**
 * What the trader found in TWS's trade log for an order of unknown outcome: filled (units, average price per unit)
 * or not. Two steps, so a stray tap records nothing: choose, then confirm what will be recorded. A recorded fill
 * moves the order to the stop-loss prompt above; "did not fill" ends it cancelled.
 */
function SettleForm({ p }: { p: ProposalView }) {
  const action = useAction();
  const total = totalUnits(p);
  const known = Math.min(p.order.filled, total);
  const [quantity, setQuantity] = useState(String(total));
  const [price, setPrice] = useState("");
  const [invalid, setInvalid] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Settlement | null>(null);
  const unit = multiplierOf(p) === 100 || p.legs.length > 1 ? "unit" : "share";
  const limit = p.order_type === "LMT" && p.limit_price !== null ? `, quoted like the limit (${money(p.limit_price)} ${p.side})` : "";

  const recordFill = (event: FormEvent) => {
    event.preventDefault();
    const n = Number(quantity);
    const avg = Number(price);
    if (quantity.trim() === "" || !Number.isInteger(n) || n < Math.max(1, known) || n > total) {
      setInvalid(known > 0 ? `Units filled: a whole number from ${known} (already reported) to ${total}.` : `Units filled: a whole number from 1 to ${total}.`);
      return;
    }
    if (price.trim() === "" || !Number.isFinite(avg) || avg <= 0) {
      setInvalid(`Average price: the price per ${unit} TWS's trade log shows, above 0, e.g. 2.91.`);
      return;
    }
    setInvalid(null);
    action.clearError();
    setConfirming({ filled: true, quantity: n, avg_price: avg });
  };
  const notFilled = () => {
    setInvalid(null);
    action.clearError();
    setConfirming({ filled: false });
  };
  const confirm = () => {
    if (confirming) void action.run("settle", () => postJson(`/api/proposals/${p.id}/settle`, confirming));
  };

  const consequence = !confirming
    ? ""
    : !confirming.filled
      ? "It becomes cancelled, with nothing filled."
      : confirming.quantity >= total
        ? p.kind === "entry"
          ? "It becomes filled, and you are asked for a stop loss."
          : "It becomes filled."
        : p.kind === "entry"
          ? `${confirming.quantity} of ${total} filled and the rest cancelled (TWS no longer lists it): you are asked for a stop loss on what filled.`
          : `It becomes cancelled with ${confirming.quantity} of ${total} filled: TWS no longer lists it, so the rest is not working.`;
  const error = invalid ?? action.error;

  return (
    // noValidate: the form's own messages say what is wrong, instead of the browser's bubble.
    <form className="settle-form" onSubmit={recordFill} noValidate data-testid="settle-form" aria-label="Record what TWS's trade log shows">
      <p className="settle-lead">In TWS&apos;s trade log this order…</p>
      {confirming ? (
        <div className="settle-confirm" role="group" aria-label="Confirm">
          <p data-testid="settle-summary">
            {confirming.filled ? (
              <>
                Record: <strong>filled {confirming.quantity}</strong> of {total} at <strong>{confirming.avg_price}</strong> per {unit}.
              </>
            ) : (
              <>
                Record: <strong>did not fill</strong>.
              </>
            )}{" "}
            {consequence}
          </p>
          {error && (
            <p className="card-error" role="alert">
              {error}
            </p>
          )}
          <div className="decision-buttons">
            <button type="button" className="secondary big" onClick={() => setConfirming(null)} disabled={action.pending !== null} data-testid="settle-back">
              Back
            </button>
            <button type="button" className={`${confirming.filled ? "approve" : "danger"} big`} onClick={confirm} disabled={action.pending !== null} data-testid="settle-confirm">
              {action.pending ? "Recording…" : confirming.filled ? "Confirm fill" : "Confirm: did not fill"}
            </button>
          </div>
        </div>
      ) : (
        <>
          <div className="settle-fields">
            <label>
              <span>Filled: units</span>
              <input type="number" inputMode="numeric" min={Math.max(1, known)} max={total} step={1} value={quantity} onChange={(e) => setQuantity(e.target.value)} data-testid="settle-quantity" />
              <span className="small muted">of {total}</span>
            </label>
            <label>
              <span>Average price per {unit}</span>
              <input type="number" inputMode="decimal" min={0} step="any" placeholder="e.g. 2.91" value={price} onChange={(e) => setPrice(e.target.value)} data-testid="settle-price" />
              <span className="small muted">as TWS shows it{limit}</span>
            </label>
          </div>
          {error && (
            <p className="card-error" role="alert">
              {error}
            </p>
          )}
          <div className="decision-buttons">
            <button type="button" className="secondary big" onClick={notFilled} disabled={action.pending !== null || known > 0} title={known > 0 ? "TWS already reported fills of this order" : undefined} data-testid="settle-not-filled">
              Did not fill
            </button>
            <button type="submit" className="approve big" disabled={action.pending !== null} data-testid="settle-filled">
              Record fill
            </button>
          </div>
        </>
      )}
    </form>
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
