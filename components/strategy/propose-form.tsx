"use client";

import Link from "next/link";
import { useRef, useState, type FormEvent } from "react";
import type { StrategyAnalysis } from "@/lib/analysis/strategy";
import { money } from "../charts/format";
import { usd } from "../trading/proposal-card";
import { postJson, ratioLegs, type ProposalView } from "../trading/trading-data";
import type { DraftLeg } from "./strategy-model";

/**
 * The net price per unit (per share) of the legs at each leg's mid (bid/ask midpoint, else the price used), and at
 * the natural price (buy at the ask, sell at the bid): > 0 a debit, < 0 a credit. Units are the legs' common factor.
 */
export function netPerUnit(legs: StrategyAnalysis["legs"]): { mid: number; natural: number | null; units: number } {
  const { units } = ratioLegs(legs);
  let mid = 0;
  let natural: number | null = 0;
  for (const leg of legs) {
    const sign = leg.action === "buy" ? 1 : -1;
    const ratio = leg.quantity / units;
    const legMid = leg.type !== "stock" && leg.bid !== undefined && leg.ask !== undefined ? (leg.bid + leg.ask) / 2 : leg.price;
    mid += sign * ratio * legMid;
    const fill = leg.type === "stock" ? leg.price : leg.action === "buy" ? leg.ask : leg.bid;
    natural = natural === null || fill === undefined ? null : natural + sign * ratio * fill;
  }
  return { mid: Math.round(mid * 100) / 100, natural: natural === null ? null : Math.round(natural * 100) / 100, units };
}

interface ProposeFormProps {
  symbol: string;
  legs: DraftLeg[];
  analysis: StrategyAnalysis;
  onClose: () => void;
}

interface Sent {
  id: string;
  maxLoss: string;
  created: boolean;
}

/** Sends the builder's legs to the approval inbox as a proposal: the same request and checks as Claude's execute_trade. */
export function ProposeForm({ symbol, legs, analysis, onClose }: ProposeFormProps) {
  const price = netPerUnit(analysis.legs);
  const ratio = ratioLegs(legs.map(({ price: _price, ...leg }) => leg));
  const [units, setUnits] = useState(String(price.units));
  const [orderType, setOrderType] = useState<"LMT" | "MKT">("LMT");
  /** The trader's own limit; null follows the net mid as quotes move. */
  const [limitText, setLimitText] = useState<string | null>(null);
  const [tif, setTif] = useState<"DAY" | "GTC">("DAY");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<Sent | null>(null);
  const inFlight = useRef(false);

  const debit = price.mid >= 0;
  const defaultLimit = Math.max(0.01, Math.abs(price.mid)).toFixed(2);
  const limit = limitText ?? defaultLimit;
  const quantity = Number(units);
  const multiplier = legs.some((l) => l.type !== "stock") ? 100 : 1;
  const limitValue = Number(limit);
  const blocked = !analysis.permission.allowed ? `Not allowed for this account: ${analysis.permission.reason}` : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (inFlight.current || blocked) return;
    if (!Number.isInteger(quantity) || quantity < 1) return setError("Quantity must be a whole number of units, 1 or more.");
    if (orderType === "LMT" && !(limitValue > 0)) return setError("Give a limit above 0, per unit per share, e.g. 1.25.");
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      const body = {
        symbol,
        legs: ratio.legs,
        quantity: quantity,
        order_type: orderType,
        ...(orderType === "LMT" ? { limit_price: Math.round(limitValue * 100) / 100 } : {}),
        tif,
        client_request_id: `web-${crypto.randomUUID()}`,
        ...(note.trim() ? { reasoning: note.trim() } : {}),
      };
      const { proposal, created } = await postJson<{ proposal: ProposalView; created: boolean }>("/api/proposals", body);
      setSent({ id: proposal.id, created, maxLoss: proposal.analysis.unlimited_loss ? "unlimited" : usd(proposal.analysis.max_loss) });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  if (sent) {
    return (
      <div className="propose-form" data-testid="propose-form">
        <p className="propose-done" role="status" data-testid="proposed">
          Proposal sent for approval (max loss {sent.maxLoss}). Nothing is traded until you approve it:{" "}
          <Link href={`/inbox#${sent.id}`} data-testid="proposed-link">
            open it in the inbox →
          </Link>
        </p>
        <div className="propose-actions">
          <button type="button" className="secondary" onClick={() => setSent(null)}>
            Propose again
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    );
  }

  return (
    <form className="propose-form" onSubmit={(e) => void submit(e)} data-testid="propose-form" aria-label="Propose this trade">
      <h3>Propose this trade</h3>
      <p className="small muted">
        {ratio.legs.length > 1 ? "Each unit is the legs above divided by their common size. " : ""}
        Net mid {money(Math.abs(price.mid))} {debit ? "debit" : "credit"} per unit
        {price.natural !== null ? ` · natural ${money(Math.abs(price.natural))}` : ""}. The limit is per unit per share ({money(1)} = {usd(multiplier)} a unit).
      </p>
      <div className="propose-fields">
        <label>
          Quantity (units)
          <input type="number" min={1} max={500} step={1} value={units} onChange={(e) => setUnits(e.target.value)} data-testid="propose-quantity" />
        </label>
        <label>
          Order type
          <select value={orderType} onChange={(e) => setOrderType(e.target.value as "LMT" | "MKT")} data-testid="propose-order-type">
            <option value="LMT">Limit</option>
            <option value="MKT">Market</option>
          </select>
        </label>
        {orderType === "LMT" && (
          <label>
            Limit ({debit ? "debit" : "credit"} per unit)
            <input type="number" inputMode="decimal" min={0.01} step={0.01} value={limit} onChange={(e) => setLimitText(e.target.value)} data-testid="propose-limit" />
          </label>
        )}
        <label>
          Time in force
          <select value={tif} onChange={(e) => setTif(e.target.value as "DAY" | "GTC")}>
            <option value="DAY">Day</option>
            <option value="GTC">Good till cancelled</option>
          </select>
        </label>
      </div>
      {limitText !== null && orderType === "LMT" && (
        <button type="button" className="link-button small" onClick={() => setLimitText(null)}>
          Back to the net mid ({defaultLimit})
        </button>
      )}
      <label className="small muted" htmlFor="propose-note">
        Note for the card (optional)
      </label>
      <textarea id="propose-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={1} />
      {orderType === "LMT" && limitValue > 0 && Number.isInteger(quantity) && quantity > 0 && (
        <p className="small">
          {debit ? "Pays at most" : "Receives at least"} {usd(limitValue * multiplier * quantity)} before commission.
        </p>
      )}
      {(blocked ?? error) && (
        <p className="card-error" role="alert" data-testid="propose-error">
          {blocked ?? error}
        </p>
      )}
      <div className="propose-actions">
        <button type="submit" className="approve big" disabled={busy || blocked !== null} data-testid="propose-submit">
          {busy ? "Sending…" : "Send to the inbox for approval"}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
