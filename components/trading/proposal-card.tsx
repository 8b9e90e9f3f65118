"use client";

import { useEffect, useState } from "react";
import { fixed, money, percent, signedMoney } from "../charts/format";
import { useAccount } from "../account-banner";
import { MarketPanel } from "./market-panel";
import { PositionPanel, WorkingOrders } from "./position-panel";
import { PayoffMiniChart } from "./payoff-mini-chart";
import { clockTime, creatorLabel, legLabel, multiplierOf, postJson, timeLeft, type ProposalView } from "./trading-data";
import { useAction } from "./use-action";
import { useNow } from "./use-now";

export function usd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return `${value < 0 ? "−" : ""}$${money(Math.abs(value))}`;
}

/** Why Approve is unavailable right now, if it is. */
export interface Blockers {
  killSwitch: boolean;
  ready: boolean;
  /** Why approvals cannot be sent now, as the server says (the line to TWS and its state). */
  reason?: string | null;
  /** When the server last said so (ms, the browser's clock). */
  checkedAt?: number;
}

function blockedReason(blockers: Blockers, expired: boolean): string | null {
  if (expired) return "This proposal has expired: ask Claude for a fresh one.";
  if (blockers.killSwitch) return "The kill switch is on: nothing can be approved until it is turned off.";
  if (!blockers.ready) return `${blockers.reason ?? "TWS is not ready."} Approve once it is back.`;
  return null;
}

/** The legs, with each leg's total contracts (ratio × units). */
function Legs({ p }: { p: ProposalView }) {
  return (
    <ul className="card-legs" data-testid="card-legs">
      {p.legs.map((leg, i) => (
        <li key={i} className={leg.action === "buy" ? "leg-buy" : "leg-sell"}>
          {legLabel(p.symbol, { ...leg, quantity: leg.quantity * p.quantity })}
        </li>
      ))}
    </ul>
  );
}

/** "2 units · limit 3.45 debit per unit · DAY" */
export function orderLine(p: ProposalView): string {
  const single = p.legs.length === 1 ? p.quantity * p.legs[0]!.quantity : 0;
  const units =
    p.legs.length > 1
      ? `${p.quantity} unit${p.quantity === 1 ? "" : "s"}`
      : p.legs[0]?.type === "stock"
        ? `${single} share${single === 1 ? "" : "s"}`
        : `${single} contract${single === 1 ? "" : "s"}`;
  const price =
    p.order_type === "LMT" && p.limit_price !== null
      ? `limit ${money(p.limit_price)} ${p.side} per unit`
      : p.order_type === "STP" && p.stop_price !== null
        ? `stop ${money(p.stop_price)}, then market`
        : "market order";
  return `${units} · ${price} · ${p.tif}`;
}

function Countdown({ expiresAt }: { expiresAt: string }) {
  const now = useNow();
  if (now === 0) return null;
  const left = Date.parse(expiresAt) - now;
  return (
    <span className={`countdown${left < 60_000 ? " countdown-urgent" : ""}`} data-testid="time-left" title={`Expires at ${clockTime(expiresAt)}`}>
      {left > 0 ? (
        <>
          <span className="sr-only">Time left: </span>
          {timeLeft(left)} left
        </>
      ) : (
        "expired"
      )}
    </span>
  );
}

function Reasoning({ p }: { p: ProposalView }) {
  if (!p.reasoning) return null;
  return (
    <blockquote className="reasoning" data-testid="reasoning">
      <span className="reasoning-who">{creatorLabel(p.created_by) === "Claude" ? "Claude's reasoning" : "Note"}</span>
      {p.reasoning}
    </blockquote>
  );
}

function Notes({ notes }: { notes: string[] }) {
  if (notes.length === 0) return null;
  return (
    <ul className="notes small" data-testid="card-notes">
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}

/** Against a live account, the card says so above the decision: this one trades real money. */
function LiveAccountNote() {
  const account = useAccount();
  if (account?.kind !== "live") return null;
  return (
    <p className="live-warning" data-testid="live-account">
      {account.accounts.length > 0 ? `LIVE ACCOUNT ${account.accounts.join(", ")}` : "LIVE MODE (account not known yet)"}: approving sends a real order, with real money.
    </p>
  );
}

/** Approve and Reject (with an optional note), each sending one request however often it is tapped. */
function Decision({ p, blockers, approveLabel }: { p: ProposalView; blockers: Blockers; approveLabel: string }) {
  const action = useAction();
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState("");
  const now = useNow();
  const expired = now > 0 && Date.parse(p.expires_at) <= now;
  const blocked = blockedReason(blockers, expired);
  const busy = action.pending !== null;

  const approve = () => action.run("approve", () => postJson(`/api/proposals/${p.id}/approve`, { content_hash: p.content_hash, revision: p.revision }));

  // A refusal because the line to TWS was down says nothing once the server, asked after it, says orders can be sent
  // again: cleared then, so the card shows the state as it is now. Other refusals (a price move, the kill switch)
  // stay until the next action.
  const { error, errorStatus, errorAt, clearError } = action;
  useEffect(() => {
    if (error && errorStatus === 503 && errorAt !== null && blockers.ready && (blockers.checkedAt ?? 0) > errorAt) clearError();
  }, [blockers.ready, blockers.checkedAt, error, errorStatus, errorAt, clearError]);
  const reject = () => action.run("reject", () => postJson(`/api/proposals/${p.id}/reject`, note.trim() ? { note: note.trim() } : {}));

  return (
    <div className="decision">
      {action.error && (
        <p className="card-error" role="alert" data-testid="card-error">
          {action.error}
        </p>
      )}
      {blocked && !action.error && (
        <p className="small warn-text" data-testid="approve-blocked">
          {blocked}
        </p>
      )}
      {rejecting ? (
        <div className="reject-form">
          <label htmlFor={`note-${p.id}`}>Why reject? (optional, kept in the audit trail)</label>
          <textarea id={`note-${p.id}`} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} rows={2} />
          <div className="decision-buttons">
            <button type="button" className="secondary big" onClick={() => setRejecting(false)} disabled={busy}>
              Back
            </button>
            <button type="button" className="danger big" onClick={() => void reject()} disabled={busy} aria-busy={action.pending === "reject"} data-testid="confirm-reject">
              {action.pending === "reject" ? "Rejecting…" : "Reject proposal"}
            </button>
          </div>
        </div>
      ) : (
        <div className="decision-buttons">
          <button type="button" className="danger big" onClick={() => setRejecting(true)} disabled={busy} data-testid="reject">
            Reject
          </button>
          <button type="button" className="approve big" onClick={() => void approve()} disabled={busy || blocked !== null} aria-busy={action.pending === "approve"} data-testid="approve">
            {action.pending === "approve" ? "Checking and sending…" : approveLabel}
          </button>
        </div>
      )}
    </div>
  );
}

/** A pending entry: everything DESIGN.md asks a trader to see before approving, and the decision. */
export function PendingCard({ p, blockers, highlighted }: { p: ProposalView; blockers: Blockers; highlighted: boolean }) {
  const a = p.analysis;
  const debit = a.net_debit >= 0;
  const g = a.greeks;
  // The figures at the mid, shown beside those at the limit when the two differ.
  const mid = a.at_mid && a.at_mid.net_debit !== a.net_debit ? a.at_mid : null;
  // A trade that only closes what is held carries no new max loss: the card shows what it books and removes.
  const closing = p.position?.closes_only ? p.position : null;
  return (
    <article id={p.id} className={`card proposal-card${highlighted ? " highlighted" : ""}`} data-testid="pending-card" data-proposal-id={p.id} data-revision={p.revision} aria-labelledby={`title-${p.id}`}>
      <header className="proposal-head">
        <h3 id={`title-${p.id}`}>
          <span className="proposal-symbol">{p.symbol}</span> {closing ? "Close a held position" : p.strategy}
        </h3>
        <Countdown expiresAt={p.expires_at} />
      </header>
      <p className="small muted proposal-meta">
        From {creatorLabel(p.created_by)} at {clockTime(p.created_at)}
        {p.revision > 1 ? ` · figures refreshed (revision ${p.revision})` : ""}
      </p>
      <Legs p={p} />
      <p className="order-line" data-testid="order-line">
        {orderLine(p)}
      </p>
      {p.market && <MarketPanel market={p.market} />}

      {p.position && <PositionPanel position={p.position} />}
      <WorkingOrders orders={p.working_same_contracts} />
      {closing ? (
        <div className="risk">
          <div className="risk-gain-close">
            <span className="risk-label">Realised P&amp;L (estimated, at the limit)</span>
            <strong className={`risk-figure-small${(closing.realised_pnl ?? 0) < 0 ? " down" : ""}`} data-testid="realised-pnl">
              {closing.realised_pnl === null ? "—" : `${closing.realised_pnl < 0 ? "−" : "+"}${usd(Math.abs(closing.realised_pnl))}`}
            </strong>
          </div>
          <div className="risk-gain">
            <span className="risk-label">Risk removed</span>
            <strong className="risk-figure-small" data-testid="risk-removed">
              {closing.risk_removed === null ? "—" : usd(closing.risk_removed)}
            </strong>
          </div>
        </div>
      ) : (
        <div className="risk">
          <div className="risk-loss">
            <span className="risk-label">Max loss{mid ? " at the limit" : ""}</span>
            <strong className="risk-figure" data-testid="max-loss">
              {a.unlimited_loss ? "Unlimited" : usd(a.max_loss)}
            </strong>
            {mid && (
              <span className="small muted" data-testid="max-loss-at-mid">
                at the mid {mid.unlimited_loss ? "unlimited" : usd(mid.max_loss)}
              </span>
            )}
          </div>
          <div className="risk-gain">
            <span className="risk-label">Max gain</span>
            <strong className={`risk-figure-small${!a.unlimited_profit && (a.max_profit ?? 0) <= 0 ? " down" : ""}`} data-testid="max-gain">
              {a.unlimited_profit ? "Unlimited" : usd(a.max_profit)}
            </strong>
          </div>
        </div>
      )}

      {!closing && !a.unlimited_profit && a.max_profit !== null && a.max_profit <= 0 && (
        <p className="warn-box" data-testid="no-profit">At this price the trade cannot make money at expiry: the limit is at or beyond what it can be worth.</p>
      )}
      <dl className="card-facts">
        <div>
          <dt>{debit ? "Net debit" : "Net credit"}</dt>
          <dd data-testid="net-debit">{usd(Math.abs(a.net_debit))}</dd>
        </div>
        {!closing && (
          <>
            <div>
              <dt>Breakeven{a.breakevens.length === 1 ? "" : "s"}</dt>
              <dd data-testid="breakevens">{a.breakevens.length > 0 ? a.breakevens.map((b) => money(b)).join(", ") : "—"}</dd>
              {mid && <dd className="small muted" data-testid="breakevens-at-mid">at the mid {mid.breakevens.length > 0 ? mid.breakevens.map((b) => money(b)).join(", ") : "—"}</dd>}
            </div>
            <div>
              <dt>Chance of profit</dt>
              <dd data-testid="pop">{percent(a.probability_of_profit)}</dd>
              {mid && <dd className="small muted" data-testid="pop-at-mid">at the mid {percent(mid.probability_of_profit)}</dd>}
            </div>
          </>
        )}
        <div>
          <dt>Margin change (what-if)</dt>
          <dd data-testid="margin">{usd(a.init_margin_change)}</dd>
        </div>
        <div>
          <dt>Commission (what-if)</dt>
          <dd data-testid="commission">{usd(a.commission)}</dd>
        </div>
        <div>
          <dt>Buying power after</dt>
          <dd data-testid="buying-power-after">{usd(a.buying_power_after)}</dd>
        </div>
      </dl>

      {!closing && <PayoffMiniChart payoff={a.payoff} spot={a.spot} breakevens={a.breakevens} label={`${p.symbol} ${p.strategy}`} />}
      <p className="small muted">
        {p.symbol} {money(a.spot)} at {clockTime(a.as_of)} · Δ {fixed(g.delta, 2)} · Θ {signedMoney(g.thetaPerDay)}/day · vega {signedMoney(g.vegaPerPoint)}/pt
      </p>
      <Reasoning p={p} />
      <Notes notes={a.notes} />
      <LiveAccountNote />
      <Decision p={p} blockers={blockers} approveLabel={`Approve · ${debit ? "pay" : "receive"} ${usd(Math.abs(a.net_debit))}`} />
    </article>
  );
}

/** A pending stop-loss order for a filled entry: the stop, what it sells, what is lost if it triggers. */
export function PendingStopCard({ p, entry, blockers, highlighted }: { p: ProposalView; entry: ProposalView | undefined; blockers: Blockers; highlighted: boolean }) {
  const a = p.analysis;
  const m = multiplierOf(p);
  const valueNow = p.quantity > 0 ? Math.abs(a.net_debit) / (p.quantity * m) : null;
  const fill = entry?.order.avg_fill_price ?? null;
  const lossAtStop = fill !== null && p.stop_price !== null ? (fill - p.stop_price) * m * p.quantity : null;
  return (
    <article id={p.id} className={`card proposal-card stop-card${highlighted ? " highlighted" : ""}`} data-testid="pending-stop-card" data-proposal-id={p.id} aria-labelledby={`title-${p.id}`}>
      <header className="proposal-head">
        <h3 id={`title-${p.id}`}>
          <span className="proposal-symbol">{p.symbol}</span> Stop loss{entry ? ` for ${entry.strategy}` : ""}
        </h3>
        <Countdown expiresAt={p.expires_at} />
      </header>
      <p className="small muted proposal-meta">
        From {creatorLabel(p.created_by)} at {clockTime(p.created_at)} · a stop order, good till cancelled
      </p>
      <Legs p={p} />
      <div className="risk">
        <div className="risk-loss">
          <span className="risk-label">Sell if one unit falls to</span>
          <strong className="risk-figure" data-testid="stop-price">
            {money(p.stop_price)}
          </strong>
        </div>
        <div>
          <span className="risk-label">Loss from the entry at the stop</span>
          <strong className="risk-figure-small down" data-testid="loss-at-stop">
            {lossAtStop === null ? "—" : `about ${usd(lossAtStop)}`}
          </strong>
        </div>
      </div>
      <dl className="card-facts">
        <div>
          <dt>Entry filled at</dt>
          <dd>{money(fill)}</dd>
        </div>
        <div>
          <dt>Worth now (per unit)</dt>
          <dd>{money(valueNow)}</dd>
        </div>
        <div>
          <dt>Commission (what-if)</dt>
          <dd>{usd(a.commission)}</dd>
        </div>
      </dl>
      <p className="small muted">A stop becomes a market order when it triggers: the fill can be worse than the stop.</p>
      <Reasoning p={p} />
      <Notes notes={a.notes} />
      <LiveAccountNote />
      <Decision p={p} blockers={blockers} approveLabel="Approve stop" />
    </article>
  );
}
