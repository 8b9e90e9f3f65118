/**
 * The inbox's side of the trading routes: the list queries (one query key family, refreshed by the event stream),
 * the POSTs with their refusals, and the small pure helpers the cards share (units, leg labels, status words).
 */
import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import type { LegInput } from "@/lib/analysis/legs";
import type { ProposalStatus } from "@/lib/trading/lifecycle";
import type { ProposalView } from "@/lib/trading/views";
import { expiryLabel } from "../charts/format";
import { fetchJson } from "../fetch-json";

export type { ProposalView } from "@/lib/trading/views";

/** Every trading query starts with this key; the event stream invalidates them all at once. */
export const TRADING_KEY = ["trading"] as const;

export interface ProposalList {
  proposals: ProposalView[];
  kill_switch: boolean;
  /** TWS connected and its orders reconciled: approvals can be sent. */
  ready: boolean;
  /** Why approvals cannot be sent now (the line to TWS, or the check of its orders), when they cannot. */
  not_ready_reason?: string | null;
}

export type ListView = "inbox" | "working" | "all";

export function proposalsUrl(view: ListView, limit: number, symbol?: string): string {
  const params = new URLSearchParams({ view, limit: String(limit) });
  if (symbol) params.set("symbol", symbol);
  return `/api/proposals?${params.toString()}`;
}

/**
 * A list of proposals. Live updates come from the event stream (TradingEvents); the interval is only a fallback
 * for a stream that is down, and is short while TWS is not ready (readiness itself sends no event).
 */
export function useProposals(view: ListView, limit: number): UseQueryResult<ProposalList> {
  return useQuery({
    queryKey: [...TRADING_KEY, "list", view, limit],
    queryFn: () => fetchJson<ProposalList>(proposalsUrl(view, limit)),
    refetchInterval: (query) => (query.state.data && !query.state.data.ready ? 2_000 : 30_000),
  });
}

/** A refused action: the route's message, and the proposal as it stands now when the route sent it. */
export class ActionError extends Error {
  override readonly name = "ActionError";
  constructor(
    message: string,
    readonly status: number,
    readonly current?: ProposalView,
  ) {
    super(message);
  }
}

/** POSTs JSON to a trading route; a refusal throws ActionError with the route's message (and `current`). */
export async function postJson<T>(url: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body ?? {}) });
  } catch {
    throw new ActionError("The SumpPump server did not answer: check the connection and try again.", 0);
  }
  const data: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const record = data && typeof data === "object" ? (data as { error?: unknown; current?: unknown }) : {};
    const message = typeof record.error === "string" ? record.error : `Request failed (HTTP ${response.status}).`;
    const current = record.current && typeof record.current === "object" && "id" in record.current ? (record.current as ProposalView) : undefined;
    throw new ActionError(message, response.status, current);
  }
  return data as T;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The order's total quantity in TWS's units (the desk's rule): combo units, or one leg's contracts or shares. */
export function totalUnits(p: Pick<ProposalView, "legs" | "quantity">): number {
  if (p.legs.length === 0) return p.quantity;
  return p.legs.length === 1 ? p.quantity * p.legs[0]!.quantity : p.quantity * p.legs.map((l) => l.quantity).reduce(gcd);
}

/** Legs as ratios per unit, and the number of units: 2 and 2 contracts are 2 units of 1 and 1. */
export function ratioLegs<L extends { quantity: number }>(legs: readonly L[]): { legs: L[]; units: number } {
  if (legs.length === 0) return { legs: [], units: 1 };
  const units = legs.map((l) => l.quantity).reduce(gcd);
  return { legs: legs.map((l) => ({ ...l, quantity: l.quantity / units })), units };
}

/** "Buy 1 SPY Dec 18 '26 600 call" (per unit). */
export function legLabel(symbol: string, leg: LegInput): string {
  const action = leg.action === "buy" ? "Buy" : "Sell";
  if (leg.type === "stock") return `${action} ${leg.quantity} ${symbol} shares`;
  return `${action} ${leg.quantity} ${symbol} ${expiryLabel(leg.expiry)} ${leg.strike} ${leg.type}`;
}

/** Shares per unit of price: a quoted price per share times this is a unit's value in USD. */
export function multiplierOf(p: Pick<ProposalView, "legs">): number {
  return p.legs.some((l) => l.type !== "stock") ? 100 : 1;
}

const STATUS_WORDS: Record<ProposalStatus, string> = {
  proposed: "proposed",
  pending_approval: "waiting for approval",
  approved: "approved, sending",
  transmitted: "working at TWS",
  partially_filled: "partly filled",
  filled: "filled",
  stop_loss_prompted: "filled",
  cancelled: "cancelled",
  rejected: "rejected",
  expired: "expired",
  outcome_unknown: "outcome unknown: check TWS",
};

export function statusWords(status: ProposalStatus): string {
  return STATUS_WORDS[status] ?? status.replace(/_/g, " ");
}

/** Badge colour family of a status. */
export function statusTone(status: ProposalStatus): "pending" | "working" | "done" | "stopped" | "unknown" {
  if (status === "pending_approval" || status === "proposed") return "pending";
  if (status === "approved" || status === "transmitted" || status === "partially_filled") return "working";
  if (status === "filled" || status === "stop_loss_prompted") return "done";
  // Not known to be stopped: it may have filled, and the trader must look at TWS.
  if (status === "outcome_unknown") return "unknown";
  return "stopped";
}

export const WORKING_STATUSES: readonly ProposalStatus[] = ["approved", "transmitted", "partially_filled"];

export function isWorking(p: Pick<ProposalView, "status">): boolean {
  return WORKING_STATUSES.includes(p.status);
}

/** Claude asked to cancel this working order and the trader has not answered yet. */
export function awaitsCancelDecision(p: ProposalView): boolean {
  return p.cancel_requested_by !== null && isWorking(p);
}

/** What the trader must act on: pending approvals, open stop-loss prompts, Claude's cancel requests. */
export function needsAction(p: ProposalView): boolean {
  return p.status === "pending_approval" || (p.stop_loss?.open ?? false) || awaitsCancelDecision(p);
}

/** Who proposed it, in words: Claude over MCP, or the trader on a page. */
export function creatorLabel(createdBy: string): string {
  if (/^mcp\b|claude/i.test(createdBy)) return "Claude";
  if (createdBy === "desktop") return "you (desktop)";
  if (createdBy.startsWith("device:")) return `you (${createdBy.replace(/^device:\S+\s*/, "") || "phone"})`;
  return createdBy;
}

/** "10:32:05" in the browser's time zone. */
export function clockTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "—" : d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** "Jul 3, 10:32" in the browser's time zone. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "—" : d.toLocaleString("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false });
}

/** "Jul 3, 10:32:05" in the browser's time zone, for audit trails. */
export function stamp(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? "—"
    : d.toLocaleString("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
}

/** Time left as "14:05", "1 h 02 min", or "expired". */
export function timeLeft(ms: number): string {
  if (ms <= 0) return "expired";
  const s = Math.ceil(ms / 1000);
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
