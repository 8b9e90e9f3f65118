/**
 * A proposal as the trader and Claude see it: the order, the analysis shown at approval, where the order is at
 * TWS, its fills, and the stop-loss prompt. One shape for the MCP tools, the REST routes and the inbox.
 */
import type { LegInput } from "../analysis/legs";
import type { StrategyAnalysis } from "../analysis/strategy";
import type { AuditEvent, Execution, Proposal } from "../generated/prisma/client";
import { FINAL_STATUSES, type ProposalStatus } from "./lifecycle";
import type { MarketCheck } from "./market-check";
import type { PositionEffect } from "./position-effect";
import { suggestedStop } from "./stop-loss";

/** The analysis stored with a proposal: what the trader saw, plus the market it was judged against. */
export interface StoredAnalysis extends StrategyAnalysis {
  /** Limits and market notes found when the proposal was made. */
  checks: string[];
  /** Buying power after the trade, when TWS's what-if and the account summary allow it (USD). */
  buyingPowerAfter: number | null;
  /** Units of the order × each leg's contracts: the legs the analysis priced. */
  totalLegs: LegInput[];
  /** The limit against the market as the card shows it (entries; absent on proposals stored before it existed). */
  market?: MarketCheck;
  /** What the order does to what is held; absent when it touches nothing held. */
  position?: PositionEffect;
  /** Orders already working at TWS on the same contracts, when proposed. */
  working?: WorkingOrder[];
}

export interface WorkingOrder {
  proposal_id: string;
  kind: "entry" | "stop_loss";
  status: string;
  order_type: string;
  quantity: number;
  limit_price: number | null;
  stop_price: number | null;
  tif: string;
  /** Legs of that order, "buy 1 SPY 20270115 600 call". */
  legs: string[];
}

export interface StopLossPrompt {
  /** The trader should decide on a stop for this filled entry. */
  open: boolean;
  suggested_stop: number | null;
  /** The stop-loss proposal made for it, if any. */
  proposal_id: string | null;
  proposal_status: string | null;
}

export interface ProposalView {
  id: string;
  kind: "entry" | "stop_loss";
  parent_id: string | null;
  status: ProposalStatus;
  final: boolean;
  symbol: string;
  strategy: string;
  legs: LegInput[];
  quantity: number;
  order_type: string;
  limit_price: number | null;
  stop_price: number | null;
  tif: string;
  /** "debit" or "credit": which way the net price goes. */
  side: "debit" | "credit";
  content_hash: string;
  revision: number;
  reasoning: string | null;
  created_by: string;
  created_at: string;
  expires_at: string;
  analysis: {
    spot: number;
    net_debit: number;
    max_loss: number | null;
    max_profit: number | null;
    unlimited_loss: boolean;
    unlimited_profit: boolean;
    breakevens: number[];
    probability_of_profit: number | null;
    init_margin_change: number | null;
    commission: number | null;
    buying_power_after: number | null;
    greeks: StrategyAnalysis["greeks"];
    payoff: StrategyAnalysis["payoff"];
    /** The same expiry figures at the legs' mids, beside those at the limit. */
    at_mid: {
      net_debit: number;
      max_loss: number | null;
      max_profit: number | null;
      unlimited_loss: boolean;
      unlimited_profit: boolean;
      breakevens: number[];
      probability_of_profit: number | null;
    } | null;
    notes: string[];
    as_of: string;
  };
  /** Each leg's bid, ask and mid; the order's mid and natural; where the limit sits and what to beware of. */
  market: MarketCheck | null;
  /** A close or reduction of what is held: realised P&L, what remains, the risk removed (never a new max loss). */
  position: PositionEffect | null;
  /** Orders working at TWS on the same contracts when this was proposed. */
  working_same_contracts: WorkingOrder[];
  approved_by: string | null;
  approved_at: string | null;
  order: {
    order_id: number | null;
    tws_status: string | null;
    filled: number;
    avg_fill_price: number | null;
    commission: number;
    transmitted_at: string | null;
    message: string | null;
    executions: Array<{ exec_id: string; side: string; shares: number; price: number; sec_type: string; time: string; commission: number | null }>;
  };
  cancel_requested_by: string | null;
  stop_loss: StopLossPrompt | null;
  history?: Array<{ at: string; actor: string; action: string; from: string | null; to: string | null; detail: unknown }>;
}

type ProposalWithRelations = Proposal & { executions?: Execution[]; events?: AuditEvent[] };

export function parseAnalysis(p: Proposal): StoredAnalysis {
  return JSON.parse(p.analysisJson) as StoredAnalysis;
}

export function isFinal(p: Pick<Proposal, "status" | "kind">, analysis?: Pick<StoredAnalysis, "permission">): boolean {
  if ((FINAL_STATUSES as readonly string[]).includes(p.status)) return true;
  // Only an entry that opened a position goes on to the stop-loss prompt; other fills end at "filled".
  return p.status === "filled" && (p.kind !== "entry" || (analysis?.permission.allowed === true && analysis.permission.closing));
}

/** Which way an order's price goes: a debit (paying) or a credit (receiving). */
export function sideOf(analysis: Pick<StoredAnalysis, "netDebit">): "debit" | "credit" {
  return analysis.netDebit >= 0 ? "debit" : "credit";
}

export function toView(p: ProposalWithRelations, children: readonly Proposal[] = []): ProposalView {
  const a = parseAnalysis(p);
  const side = sideOf(a);
  const stop = p.kind === "entry" ? stopLossPrompt(p, a, children) : null;
  return {
    id: p.id,
    kind: p.kind === "stop_loss" ? "stop_loss" : "entry",
    parent_id: p.parentId,
    status: p.status as ProposalStatus,
    final: isFinal(p, a),
    symbol: p.symbol,
    strategy: a.strategy.label,
    legs: JSON.parse(p.legsJson) as LegInput[],
    quantity: p.quantity,
    order_type: p.orderType,
    limit_price: p.limitPrice,
    stop_price: p.stopPrice,
    tif: p.tif,
    side,
    content_hash: p.contentHash,
    revision: p.revision,
    reasoning: p.reasoning,
    created_by: p.createdBy,
    created_at: p.createdAt.toISOString(),
    expires_at: p.expiresAt.toISOString(),
    analysis: {
      spot: a.spot,
      net_debit: a.netDebit,
      // A trade that only closes what is held risks nothing new: its figures are in `position`.
      max_loss: a.position?.closes_only ? null : a.maxLoss,
      max_profit: a.maxProfit,
      unlimited_loss: a.unlimitedLoss,
      unlimited_profit: a.unlimitedProfit,
      breakevens: a.breakevens,
      probability_of_profit: a.probabilityOfProfit,
      init_margin_change: a.whatIf?.initMarginChange ?? null,
      commission: a.whatIf?.commission ?? null,
      buying_power_after: a.buyingPowerAfter,
      greeks: a.greeks,
      payoff: a.payoff,
      at_mid: a.atMid
        ? {
            net_debit: a.atMid.netDebit,
            max_loss: a.atMid.maxLoss,
            max_profit: a.atMid.maxProfit,
            unlimited_loss: a.atMid.unlimitedLoss,
            unlimited_profit: a.atMid.unlimitedProfit,
            breakevens: a.atMid.breakevens,
            probability_of_profit: a.atMid.probabilityOfProfit,
          }
        : null,
      // The market check flags wide legs itself.
      notes: [...a.checks, ...(a.market ? a.notes.filter((n) => !n.startsWith("Wide market on")) : a.notes)],
      as_of: a.asOf,
    },
    market: a.market ?? null,
    position: a.position ?? null,
    working_same_contracts: a.working ?? [],
    approved_by: p.approvedBy,
    approved_at: p.approvedAt?.toISOString() ?? null,
    order: {
      order_id: p.orderId,
      tws_status: p.twsStatus,
      filled: p.filledQuantity,
      avg_fill_price: p.avgFillPrice,
      commission: p.commission,
      transmitted_at: p.transmittedAt?.toISOString() ?? null,
      message: p.statusMessage,
      executions: (p.executions ?? []).map((e) => ({
        exec_id: e.execId,
        side: e.side,
        shares: e.shares,
        price: e.price,
        sec_type: e.secType,
        time: e.time,
        commission: e.commission,
      })),
    },
    cancel_requested_by: p.cancelRequestedBy,
    stop_loss: stop,
    history: p.events?.map((e) => ({
      at: e.at.toISOString(),
      actor: e.actor,
      action: e.action,
      from: e.fromStatus,
      to: e.toStatus,
      detail: e.detailJson ? (JSON.parse(e.detailJson) as unknown) : null,
    })),
  };
}

function stopLossPrompt(p: Proposal, a: StoredAnalysis, children: readonly Proposal[]): StopLossPrompt | null {
  if (p.status !== "stop_loss_prompted") return null;
  const live = children
    .filter((c) => c.kind === "stop_loss" && c.parentId === p.id && !["cancelled", "rejected", "expired"].includes(c.status))
    .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime())[0];
  return {
    open: !live && !p.stopLossDismissedAt,
    suggested_stop: suggestedStop(p.avgFillPrice, sideOf(a) === "debit"),
    proposal_id: live?.id ?? null,
    proposal_status: live?.status ?? null,
  };
}
