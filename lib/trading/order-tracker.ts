/**
 * What TWS tells about SumpPump's orders (status, executions, commissions, errors) applied to their proposals:
 * fills and average price, the lifecycle walked one audited step at a time, and the stop-loss prompt once an
 * entry has filled. Executions are keyed by TWS's execId, so hearing one twice changes nothing.
 */
import { publish } from "../events";
import type { Proposal } from "../generated/prisma/client";
import { orderErrorKind, type OrderEvent } from "../ib/orders";
import { roundTo } from "../options/rounding";
import { IN_FLIGHT, totalQuantity, type DeskContext } from "./context";
import type { ProposalStatus } from "./lifecycle";
import { transition } from "./proposals";
import { suggestedStop } from "./stop-loss";
import { isFinal, parseAnalysis, sideOf } from "./views";

export interface OrderState {
  status: string;
  filled: number;
  remaining: number;
  /** Average price of the filled units; null when TWS no longer reports it (see reconciliation.ts). */
  avgFillPrice: number | null;
  permId: number;
  /** TWS's words on how the order ended (a completed order's completedStatus), when it gave them. */
  reason?: string;
  /**
   * Where this comes from when not a live update, for the audit trail: one of TWS's reports, or the trader, who
   * read an order of unknown outcome in TWS's trade log (TWS's API no longer reported it).
   */
  source?: "completed orders" | "executions" | "trader";
}

/** TWS statuses of an order that is done: anything else means it is still working. */
const DONE_AT_TWS = new Set(["Filled", "Cancelled", "ApiCancelled", "Inactive"]);

export class OrderTracker {
  constructor(private readonly ctx: DeskContext) {}

  private get db() {
    return this.ctx.db;
  }

  private get ib() {
    return this.ctx.ib;
  }

  private now(): number {
    return this.ctx.now();
  }

  async onOrderEvent(event: OrderEvent): Promise<void> {
    switch (event.kind) {
      case "execution": {
        if (!event.orderRef.startsWith("prp_")) return;
        await this.recordExecution(event.orderRef, event);
        return;
      }
      case "commission": {
        const exec = await this.db.execution.findUnique({ where: { execId: event.execId } });
        if (!exec) return;
        await this.db.execution.update({ where: { execId: event.execId }, data: { commission: event.commission } });
        await this.sumCommission(exec.proposalId);
        return;
      }
      case "status": {
        if (event.clientId !== this.ib.clientId) return;
        const p = await this.db.proposal.findFirst({ where: { orderId: event.orderId, status: { in: IN_FLIGHT } } });
        if (p) await this.applyOrderState(p.id, event);
        return;
      }
      case "open": {
        if (!event.orderRef.startsWith("prp_") || event.clientId !== this.ib.clientId) return;
        await this.db.proposal.updateMany({ where: { id: event.orderRef, orderId: event.orderId }, data: { permId: event.permId || undefined, twsStatus: event.status } });
        return;
      }
      case "error": {
        await this.recordTwsMessage(event);
      }
    }
  }

  /**
   * TWS's message about one of SumpPump's orders in flight, kept as its status message and in the audit trail (with
   * the order id it named and what it means, which reconciliation reads back). Returns the proposal, if any.
   */
  async recordTwsMessage(event: Extract<OrderEvent, { kind: "error" }>): Promise<Proposal | undefined> {
    const p = await this.db.proposal.findFirst({ where: { orderId: event.orderId, status: { in: IN_FLIGHT } } });
    if (!p) return undefined;
    const meaning = orderErrorKind(event.code);
    await this.db.proposal.update({ where: { id: p.id }, data: { statusMessage: `TWS ${event.code}: ${event.message}` } });
    await this.db.auditEvent.create({
      data: { proposalId: p.id, actor: "tws", action: "tws_message", detailJson: JSON.stringify({ code: event.code, message: event.message, orderId: event.orderId, meaning }) },
    });
    publish({ type: "proposal", proposalId: p.id, status: p.status });
    return p;
  }

  async recordExecution(
    proposalId: string,
    e: { execId: string; orderId: number; conId: number; secType: string; side: string; shares: number; price: number; time: string; commission?: number },
  ): Promise<void> {
    if (!e.execId) return;
    const exists = await this.db.proposal.findUnique({ where: { id: proposalId }, select: { id: true } });
    if (!exists) return;
    await this.db.execution.upsert({
      where: { execId: e.execId },
      create: { execId: e.execId, proposalId, orderId: e.orderId, conId: e.conId, secType: e.secType, side: e.side, shares: e.shares, price: e.price, time: e.time, commission: e.commission ?? null },
      update: e.commission === undefined ? {} : { commission: e.commission },
    });
    await this.sumCommission(proposalId);
  }

  private async sumCommission(proposalId: string): Promise<void> {
    const { _sum } = await this.db.execution.aggregate({ where: { proposalId }, _sum: { commission: true } });
    await this.db.proposal.update({ where: { id: proposalId }, data: { commission: roundTo(_sum.commission ?? 0, 2) } });
    publish({ type: "proposal", proposalId });
  }

  /**
   * TWS's view of an order → the proposal's status, walking the lifecycle one audited step at a time. `actor` names
   * who said so in the audit trail: TWS, or the trader settling an order of unknown outcome by hand.
   */
  async applyOrderState(id: string, s: OrderState, actor = "tws"): Promise<void> {
    const p = await this.db.proposal.findUnique({ where: { id } });
    if (!p) return;
    // An unknown price never stands in for a known one, nor a price of fewer units for more.
    const avgFillPrice = s.filled <= 0 ? p.avgFillPrice : (s.avgFillPrice ?? (s.filled === p.filledQuantity ? p.avgFillPrice : null));
    await this.db.proposal.update({
      where: { id },
      // The trader's word is not a TWS status: the status column keeps saying only what TWS said.
      data: { twsStatus: s.source === "trader" ? p.twsStatus : s.status, filledQuantity: s.filled, avgFillPrice, permId: s.permId || p.permId },
    });
    let status = p.status as ProposalStatus;
    const step = async (to: ProposalStatus, action: string, detail?: unknown, data = {}): Promise<boolean> => {
      const result = await transition(this.db, id, status, to, actor, action, detail, data);
      if (result.ok) {
        status = to;
        publish({ type: "proposal", proposalId: id, status: to });
      }
      return result.ok;
    };
    if (status === "approved" && s.status !== "Inactive") await step("transmitted", "transmitted", { twsStatus: s.status }, { transmittedAt: new Date(this.now()) });
    // Its outcome was unknown, and TWS lists it working after all.
    if (status === "outcome_unknown" && !DONE_AT_TWS.has(s.status)) await step("transmitted", "listed_at_tws", { twsStatus: s.status });
    const total = totalQuantity(p);
    const from = s.source;
    // At TWS as far as SumpPump knows, or once there with its outcome unknown: either may now end.
    const sentToTws = status === "transmitted" || status === "outcome_unknown";
    if (s.status === "Filled" || (s.filled >= total && total > 0)) {
      if (status === "approved") await step("transmitted", "transmitted", { twsStatus: s.status }, { transmittedAt: new Date(this.now()) });
      if (sentToTws || status === "partially_filled") {
        await step("filled", "filled", { filled: s.filled, avgFillPrice, from }, { statusMessage: filledMessage(s.filled, avgFillPrice) });
      }
      const analysis = parseAnalysis({ ...p, status });
      if (status === "filled" && !isFinal({ status, kind: p.kind }, analysis)) {
        // Without a known fill price there is no suggestion, but the prompt stands: the position is real.
        const stop = suggestedStop(avgFillPrice, sideOf(analysis) === "debit");
        await step("stop_loss_prompted", "prompt_stop_loss", { suggestedStop: stop });
      }
    } else if (s.filled > 0 && (s.status === "Cancelled" || s.status === "ApiCancelled")) {
      if (sentToTws) await step("partially_filled", "partial_fill", { filled: s.filled, avgFillPrice, from });
      const why = from === "trader" ? " The trader checked TWS's trade log." : s.reason ? ` TWS: ${s.reason}.` : "";
      const analysis = parseAnalysis({ ...p, status });
      if (status === "partially_filled" && !isFinal({ status: "filled", kind: p.kind }, analysis)) {
        // The units that filled are a position like any other: the trader is asked for its stop loss.
        const stop = suggestedStop(avgFillPrice, sideOf(analysis) === "debit");
        await step("stop_loss_prompted", "prompt_stop_loss", { suggestedStop: stop, filled: s.filled, of: total, reason: s.reason, from }, {
          statusMessage: `Filled ${s.filled} of ${total}${avgFillPrice === null ? "" : ` at ${avgFillPrice.toFixed(2)}`}; the rest was cancelled.${why}`,
        });
      } else {
        await step("cancelled", "cancelled", { filled: s.filled, reason: s.reason, from }, { statusMessage: `Cancelled after filling ${s.filled} of ${total}.${why}` });
      }
    } else if (s.filled > 0 && s.filled > p.filledQuantity && (status === "transmitted" || status === "partially_filled")) {
      await step("partially_filled", "partial_fill", { filled: s.filled, avgFillPrice }, { statusMessage: `Filled ${s.filled} of ${total} so far.` });
    } else if (s.status === "Cancelled" || s.status === "ApiCancelled") {
      const message = s.reason ? `Cancelled at TWS: ${s.reason}.` : status === "outcome_unknown" ? "Cancelled at TWS." : (p.statusMessage ?? "Cancelled at TWS.");
      if (status === "approved" || sentToTws) await step("cancelled", "cancelled", s.reason || from ? { reason: s.reason, from } : undefined, { statusMessage: message });
    } else if (s.status === "Inactive" && (p.statusMessage?.startsWith("TWS ") || s.reason)) {
      // Inactive alone also means "held" (a bracket's entry waits for its stop); with an error first, or listed
      // among the completed orders, refused.
      const message = s.reason ? `Rejected by TWS: ${s.reason}` : p.statusMessage;
      if (status === "approved" || sentToTws) await step("rejected", "rejected_by_tws", { message, from }, { statusMessage: message });
    } else {
      publish({ type: "proposal", proposalId: id, status });
    }
  }

  /** TWS no longer lists an order it received and reports nothing of how it ended: say so, never guess. */
  async markOutcomeUnknown(p: Proposal): Promise<void> {
    const from = p.status as ProposalStatus;
    if (from === "outcome_unknown") return;
    // TWS's last status word no longer describes it: cleared rather than left saying "Submitted".
    const result = await transition(this.db, p.id, from, "outcome_unknown", "system", "outcome_unknown", { orderId: p.orderId, permId: p.permId, lastTwsStatus: p.twsStatus }, {
      statusMessage: OUTCOME_UNKNOWN,
      twsStatus: null,
    });
    if (result.ok) publish({ type: "proposal", proposalId: p.id, status: "outcome_unknown" });
  }
}

export const OUTCOME_UNKNOWN =
  "Outcome unknown: TWS no longer lists this order, and neither its executions nor its completed orders (both reach back only to the start of TWS's day) say what became of it. It may have filled, or been cancelled or expired, while SumpPump was away: check TWS's trade log.";

function filledMessage(filled: number, avgFillPrice: number | null): string {
  if (avgFillPrice !== null) return `Filled ${filled} at ${avgFillPrice.toFixed(2)}.`;
  return `Filled ${filled}. TWS no longer reports the fills' prices (its executions reach back only to the start of its day): the average price is in TWS's trade log.`;
}
