/**
 * Sending approved orders to TWS exactly once, and reconciling with TWS after every (re)connection.
 *
 * - Before an order is sent its TWS order id is written to the proposal with a compare-and-set, so of any
 *   number of concurrent approvals or reconciliations exactly one sends it. `orderRef` = the proposal id.
 * - Reconciliation reads TWS's open orders, executions and completed orders (reconciliation.ts says what they
 *   mean for each proposal). An order TWS never received (its id is not below the next valid id TWS announced
 *   on connecting) is sent again only if approved recently. One TWS received but no longer lists takes its
 *   outcome from TWS's reports; when they no longer reach back to it, its outcome is recorded as unknown (never
 *   guessed cancelled) and it is never re-sent.
 */
import type { LegInput } from "../analysis/legs";
import type { Proposal } from "../generated/prisma/client";
import { publish } from "../events";
import { IbError, IbErrorCode } from "../errors";
import { linkHealth } from "../ib/client";
import { orderBlocker } from "../ib/health";
import { tradedAs, type CompletedOrder, type OrderSpec } from "../ib/orders";
import { failProposal, IN_FLIGHT, killSwitchOn, RECONCILED, type DeskContext } from "./context";
import type { ProposalStatus } from "./lifecycle";
import type { OrderTracker } from "./order-tracker";
import { createProposal, transition } from "./proposals";
import { settle } from "./reconciliation";
import { closingLegs } from "./stop-loss";
import { parseAnalysis, sideOf, type StoredAnalysis } from "./views";

export class Transmitter {
  constructor(
    private readonly ctx: DeskContext,
    private readonly tracker: OrderTracker,
    /** An approved order TWS never received is still sent within this time of its approval. */
    private readonly resumeWindowMs: number,
  ) {}

  private get db() {
    return this.ctx.db;
  }

  private get ib() {
    return this.ctx.ib;
  }

  private get log() {
    return this.ctx.log;
  }

  private now(): number {
    return this.ctx.now();
  }

  /**
   * Sends an approved order once. The order id is claimed with a compare-and-set first; only the caller that
   * wins sends. A failure to send leaves it approved with that id, for reconciliation to settle.
   */
  async transmit(id: string, replacingOrderId: number | null = null): Promise<void> {
    const p = await this.db.proposal.findUnique({ where: { id } });
    // A "transmitted" order is sent again only when reconciliation found TWS never received it.
    const sendable = p?.status === "approved" || (p?.status === "transmitted" && replacingOrderId !== null);
    if (!p || !sendable || p.orderId !== replacingOrderId) return;
    if (await killSwitchOn(this.db)) {
      await failProposal(this.db, p, "rejected", "kill_switch", "The kill switch was turned on before the order was sent; nothing was sent.");
      return;
    }
    // The line failed between the approval's checks and its turn here: refused now, never sent later on its own.
    const blocker = orderBlocker(linkHealth(this.ib.status()));
    if (blocker) {
      await failProposal(this.db, p, "rejected", "not_sent", `Not sent: ${blocker} Propose it again once TWS is back.`);
      return;
    }
    if (p.kind === "entry" && p.stopPrice !== null) {
      if (p.status === "approved") await this.transmitBracket(p);
      else await failProposal(this.db, p, "cancelled", "not_sent", "TWS never received this bracket; propose it again.");
      return;
    }
    let spec: OrderSpec;
    let orderId: number;
    try {
      spec = await this.orderSpec(p);
      orderId = this.ib.takeOrderId();
    } catch (error) {
      this.log.warn({ err: error, id }, "order not sent: TWS not ready");
      return;
    }
    const claimed = await this.db.proposal.updateMany({ where: { id, status: p.status, orderId: replacingOrderId }, data: { orderId } });
    if (claimed.count !== 1) return;
    await this.db.auditEvent.create({ data: { proposalId: id, actor: "system", action: "send_order", detailJson: JSON.stringify({ orderId, replacing: replacingOrderId, orderRef: id }) } });
    try {
      await this.ib.placeOrder(orderId, spec, this.mayGo);
    } catch (error) {
      if (await this.heldBack(error, [p])) return;
      this.log.warn({ err: error, id, orderId }, "order not sent: connection lost before its turn");
      return;
    }
    if (p.status === "transmitted") {
      await this.db.proposal.update({ where: { id }, data: { transmittedAt: new Date(this.now()) } });
      publish({ type: "proposal", proposalId: id, status: "transmitted" });
      return;
    }
    const sent = await transition(this.db, id, "approved", "transmitted", "system", "transmitted", { orderId }, { transmittedAt: new Date(this.now()) });
    if (sent.ok) publish({ type: "proposal", proposalId: id, status: "transmitted" });
  }

  /** Asked at the moment an order is written to the socket: false once the kill switch is on. */
  private readonly mayGo = (): boolean => !this.ctx.killSwitch.on;

  /** When the kill switch held an order back at the socket, ends its proposals saying so; true if it did. */
  private async heldBack(error: unknown, proposals: Proposal[]): Promise<boolean> {
    if (!isWithheld(error)) return false;
    this.log.warn({ ids: proposals.map((p) => p.id) }, "order held back: the kill switch went on before it reached TWS");
    for (const p of proposals) {
      await failProposal(this.db, p, "rejected", "kill_switch", "The kill switch was turned on before the order reached TWS; nothing was sent.");
    }
    return true;
  }

  /**
   * An entry with its protective stop, approved together: the entry goes with transmit false, then the stop
   * (its own proposal row, approved with the entry) as its child with transmit true, which releases both.
   */
  private async transmitBracket(entry: Proposal): Promise<void> {
    const child = await this.bracketStop(entry);
    if (child.status !== "approved") return;
    let entrySpec: OrderSpec;
    let stopSpec: OrderSpec;
    let entryId: number;
    let stopId: number;
    try {
      [entrySpec, stopSpec] = await Promise.all([this.orderSpec(entry), this.orderSpec(child)]);
      entryId = this.ib.takeOrderId();
      stopId = this.ib.takeOrderId();
    } catch (error) {
      this.log.warn({ err: error, id: entry.id }, "bracket not sent: TWS not ready");
      return;
    }
    const claimed = await this.db.$transaction(async (tx) => {
      const a = await tx.proposal.updateMany({ where: { id: entry.id, status: "approved", orderId: entry.orderId }, data: { orderId: entryId } });
      const b = await tx.proposal.updateMany({ where: { id: child.id, status: "approved", orderId: child.orderId }, data: { orderId: stopId } });
      if (a.count !== 1 || b.count !== 1) throw new Error("bracket already claimed");
      return true;
    }).catch(() => false);
    if (!claimed) return;
    for (const [p, orderId] of [[entry, entryId], [child, stopId]] as const) {
      await this.db.auditEvent.create({ data: { proposalId: p.id, actor: "system", action: "send_order", detailJson: JSON.stringify({ orderId, orderRef: p.id, bracket: true }) } });
    }
    let entryPlaced = false;
    try {
      await this.ib.placeOrder(entryId, { ...entrySpec, transmit: false }, this.mayGo);
      entryPlaced = true;
      await this.ib.placeOrder(stopId, { ...stopSpec, parentId: entryId, transmit: true }, this.mayGo);
    } catch (error) {
      // An entry TWS holds untransmitted (its stop never followed) is cancelled there too.
      if (entryPlaced && isWithheld(error)) await this.ib.cancelOrder(entryId).catch(() => undefined);
      if (await this.heldBack(error, [entry, child])) return;
      this.log.warn({ err: error, id: entry.id }, "bracket not sent: connection lost before its turn");
      return;
    }
    for (const p of [entry, child]) {
      const sent = await transition(this.db, p.id, "approved", "transmitted", "system", "transmitted", { bracket: true }, { transmittedAt: new Date(this.now()) });
      if (sent.ok) publish({ type: "proposal", proposalId: p.id, status: "transmitted" });
    }
  }

  /** The stop row of a bracket entry, created and approved with the entry the first time it is needed. */
  private async bracketStop(entry: Proposal): Promise<Proposal> {
    const existing = await this.db.proposal.findFirst({ where: { parentId: entry.id, kind: "stop_loss", createdBy: "bracket" } });
    if (existing) return existing;
    const entryAnalysis = parseAnalysis(entry);
    const legs = closingLegs(JSON.parse(entry.legsJson) as LegInput[]);
    const analysis: StoredAnalysis = {
      ...entryAnalysis,
      // The stop closes the entry: its net is the entry's, received rather than paid.
      netDebit: -entryAnalysis.netDebit,
      checks: [`Protective stop of ${entry.id}, approved with it: sells if one unit's value falls to ${entry.stopPrice!.toFixed(2)}.`],
      totalLegs: legs,
    };
    const { id } = await createProposal(this.db, {
      symbol: entry.symbol,
      legs,
      quantity: entry.quantity,
      orderType: "STP",
      limitPrice: null,
      stopPrice: entry.stopPrice,
      tif: "GTC",
      kind: "stop_loss",
      parentId: entry.id,
      analysis,
      createdBy: "bracket",
      expiresAt: entry.expiresAt,
    });
    await transition(this.db, id, "pending_approval", "approved", entry.approvedBy ?? "system", "approve_with_entry", { entry: entry.id, contentHash: entry.contentHash }, {
      approvedBy: entry.approvedBy,
      approvedAt: entry.approvedAt,
    });
    return (await this.db.proposal.findUnique({ where: { id } }))!;
  }

  /**
   * TWS's completed orders, or none when TWS will not give them (a read-only API connection refuses the request):
   * reconciliation then goes on with the other two reports, and an order they do not explain stays of unknown
   * outcome rather than holding up every send.
   */
  private async completedOrders(): Promise<CompletedOrder[]> {
    try {
      return await this.ib.completedOrders();
    } catch (error) {
      this.log.warn({ err: error }, "TWS's completed orders could not be read; reconciling with open orders and executions only");
      return [];
    }
  }

  /**
   * An approved order TWS never received (a crash before the send, or a connection that dropped with it in
   * flight): sent now if approved recently, otherwise refused as too old. Never one the trader asked to cancel,
   * nor one TWS refused (it would refuse it again): those end cancelled or rejected, as TWS holds nothing of them.
   */
  private async resume(p: Proposal): Promise<void> {
    if (await this.cancelSent(p.id)) {
      await failProposal(this.db, p, "cancelled", "not_at_tws", "Cancelled: TWS does not hold this order (it never reached TWS), so nothing is working.");
      return;
    }
    const refusal = await this.lastRefusal(p);
    if (refusal) {
      await failProposal(this.db, p, "rejected", "rejected_by_tws", `Rejected by TWS: ${refusal.message} (TWS ${refusal.code}). Nothing is working at TWS.`);
      return;
    }
    const approvedAt = p.approvedAt?.getTime() ?? 0;
    if (this.now() - approvedAt <= this.resumeWindowMs) {
      this.log.info({ id: p.id, orderId: p.orderId }, "approved order never reached TWS: sending it now");
      await this.transmit(p.id, p.orderId);
    } else {
      await failProposal(this.db, p, "rejected", "not_sent", "TWS never received this order and its approval is too old to send now; propose it again.");
    }
  }

  private async cancelSent(id: string): Promise<boolean> {
    return (await this.db.auditEvent.count({ where: { proposalId: id, action: "cancel_sent" } })) > 0;
  }

  /** TWS's refusal of the proposal's current order id (not a refusal of the id alone), if it sent one. */
  private async lastRefusal(p: Proposal): Promise<{ code: number; message: string } | undefined> {
    const events = await this.db.auditEvent.findMany({ where: { proposalId: p.id, action: "tws_message" }, orderBy: { id: "desc" }, take: 20 });
    for (const e of events) {
      const d = JSON.parse(e.detailJson ?? "{}") as { code?: number; message?: string; orderId?: number; meaning?: string };
      if (d.orderId === p.orderId && d.meaning === "refused" && d.code !== undefined) return { code: d.code, message: d.message ?? "" };
    }
    return undefined;
  }

  /**
   * TWS refused an order only for its id (103: already used, typically by another API program on the same TWS).
   * Nothing of it is at TWS. SumpPump asks TWS for its next valid id and reads TWS's reports (should they list the
   * order after all, they are followed); then, under the exactly-once rules, sends the same order (same orderRef)
   * once more under a fresh id: only if TWS's reports show nothing under its orderRef,
   * the approval is recent (the resume window), no cancel was asked for, the kill switch is off and the line to TWS
   * is up, and it has not been sent again for this reason before. Otherwise it ends rejected, saying why.
   */
  async afterIdInUse(orderId: number, message: string, blocker: string | null): Promise<void> {
    const p = await this.db.proposal.findFirst({ where: { orderId, status: { in: ["approved", "transmitted"] } } });
    if (!p) return;
    const refused = `TWS refused order id ${orderId} as already used (TWS 103: ${message}): another API program on this TWS took it, so the order never reached TWS.`;
    const reject = (why: string): Promise<void> => failProposal(this.db, p, "rejected", "id_in_use", `${refused} ${why} Nothing is working at TWS: propose it again.`);
    let next: number;
    try {
      next = await this.ib.client.resyncOrderIds();
      const [open, { executions }, completed] = await Promise.all([this.ib.openOrders(), this.ib.executions(), this.completedOrders()]);
      // By SumpPump's own rules it cannot be at TWS; TWS's reports have the last word all the same.
      const found = settle(p, { open, executions, completed, firstOrderIdOfConnection: this.ib.firstOrderIdOfConnection });
      if (found.kind === "listed" || found.kind === "ended") {
        this.log.warn({ id: p.id, orderId }, "order id refused, yet TWS reports the order: following TWS");
        if (found.kind === "listed") {
          await this.db.proposal.update({ where: { id: p.id }, data: { orderId: found.order.orderId } });
          await this.tracker.applyOrderState(p.id, { status: found.order.status, filled: found.order.filled, remaining: found.order.remaining, avgFillPrice: found.order.avgFillPrice, permId: found.order.permId });
        } else {
          await this.tracker.applyOrderState(p.id, found.state);
        }
        return;
      }
    } catch (error) {
      this.log.warn({ err: error, id: p.id }, "order id refused; TWS's next id or reports could not be read");
      return reject(blocker ?? "TWS did not give a fresh order id, so it was not sent again.");
    }
    if (p.kind === "entry" && p.stopPrice !== null) return this.rejectBracket(p, `${refused} A bracket is not sent again piecemeal.`);
    if (p.kind === "stop_loss" && p.createdBy === "bracket") return reject("It was the stop of a bracket, which goes only with its entry.");
    const resentBefore = await this.db.auditEvent.count({ where: { proposalId: p.id, action: "resend_after_id_in_use" } });
    if (resentBefore > 0) return reject("It had been sent again under a fresh id once already, and is not sent a third time.");
    if (await this.cancelSent(p.id)) return reject("A cancel was asked for, so it is not sent again.");
    if (this.now() - (p.approvedAt?.getTime() ?? 0) > this.resumeWindowMs) return reject("The approval is too old to send it again now.");
    if (blocker) return reject(blocker);
    await this.db.auditEvent.create({ data: { proposalId: p.id, actor: "system", action: "resend_after_id_in_use", detailJson: JSON.stringify({ refusedOrderId: orderId, nextValidId: next }) } });
    this.log.warn({ id: p.id, refusedOrderId: orderId, nextValidId: next }, "order id already used at TWS: sending the order again under a fresh id");
    await this.transmit(p.id, orderId);
    const now = await this.db.proposal.findUnique({ where: { id: p.id } });
    if (now && now.orderId !== orderId && now.orderId !== null) {
      await this.db.proposal.update({ where: { id: p.id }, data: { statusMessage: `TWS refused order id ${orderId} as already used (another API program on this TWS took it); sent again as order id ${now.orderId}.` } });
      publish({ type: "proposal", proposalId: p.id, status: now.status });
    }
  }

  /** Both orders of a bracket end rejected: TWS holds neither (its entry's id was refused). */
  private async rejectBracket(entry: Proposal, why: string): Promise<void> {
    const stop = await this.db.proposal.findFirst({ where: { parentId: entry.id, kind: "stop_loss", createdBy: "bracket" } });
    await failProposal(this.db, entry, "rejected", "id_in_use", `${why} Nothing is working at TWS: propose it again.`);
    if (stop && ["approved", "transmitted"].includes(stop.status)) await failProposal(this.db, stop, "rejected", "id_in_use", "Its entry's order id was refused by TWS, so this stop was never working.");
  }

  /** The order TWS receives for a proposal. */
  private async orderSpec(p: Proposal): Promise<OrderSpec> {
    const legs = JSON.parse(p.legsJson) as LegInput[];
    const resolved = await this.ib.orderLegs(
      p.symbol,
      legs.map((l) => ({
        secType: l.type === "stock" ? ("STK" as const) : ("OPT" as const),
        quantity: (l.action === "buy" ? 1 : -1) * l.quantity,
        ...(l.type === "stock" ? {} : { expiry: l.expiry, strike: l.strike, right: l.type === "call" ? ("C" as const) : ("P" as const) }),
      })),
    );
    const traded = tradedAs(resolved.legs, sideOf(parseAnalysis(p)));
    return {
      symbol: p.symbol,
      legs: traded.legs,
      quantity: p.quantity * resolved.unit,
      action: traded.action,
      orderType: p.orderType === "STP" ? "STP" : p.orderType === "MKT" ? "MKT" : "LMT",
      limitPrice: p.limitPrice ?? undefined,
      stopPrice: p.stopPrice ?? undefined,
      tif: p.tif === "GTC" ? "GTC" : "DAY",
      orderRef: p.id,
      parentId: await this.workingParentOrderId(p),
    };
  }

  /** A bracket's stop sent again after a restart stays the child of its entry while the entry still works. */
  private async workingParentOrderId(p: Proposal): Promise<number | undefined> {
    if (p.kind !== "stop_loss" || p.createdBy !== "bracket" || !p.parentId) return undefined;
    const parent = await this.db.proposal.findUnique({ where: { id: p.parentId } });
    return parent && parent.orderId !== null && IN_FLIGHT.includes(parent.status as ProposalStatus) ? parent.orderId : undefined;
  }

  /**
   * Reads TWS's open orders, executions and completed orders and brings every in-flight proposal (and every one
   * whose outcome is unknown) in line; then sends what is due.
   */
  async reconcileNow(): Promise<void> {
    const [open, { executions, commissions }, completed] = await Promise.all([this.ib.openOrders(), this.ib.executions(), this.completedOrders()]);
    const reports = { open, executions, completed, firstOrderIdOfConnection: this.ib.firstOrderIdOfConnection };
    const pending = await this.db.proposal.findMany({ where: { status: { in: RECONCILED } } });
    for (const p of pending) {
      for (const e of executions.filter((x) => x.orderRef === p.id)) await this.tracker.recordExecution(p.id, { ...e, commission: commissions.get(e.execId) });
      const found = settle(p, reports);
      switch (found.kind) {
        case "listed": {
          const atTws = found.order;
          if (p.orderId !== atTws.orderId) await this.db.proposal.update({ where: { id: p.id }, data: { orderId: atTws.orderId } });
          await this.tracker.applyOrderState(p.id, { status: atTws.status, filled: atTws.filled, remaining: atTws.remaining, avgFillPrice: atTws.avgFillPrice, permId: atTws.permId });
          break;
        }
        case "ended":
          await this.tracker.applyOrderState(p.id, found.state);
          break;
        case "never_received":
          await this.resume(p);
          break;
        case "unknown":
          this.log.warn({ id: p.id, orderId: p.orderId }, "TWS no longer lists an order it received and reports nothing of how it ended");
          await this.tracker.markOutcomeUnknown(p);
          break;
      }
    }
    this.log.info({ checked: pending.length, openAtTws: open.length, completedAtTws: completed.length }, "reconciled with TWS");
    // Orders approved while reconciliation ran are sent now.
    const waiting = await this.db.proposal.findMany({ where: { status: "approved", orderId: null } });
    for (const p of waiting) await this.transmit(p.id);
  }
}

const isWithheld = (error: unknown): boolean => error instanceof IbError && error.code === IbErrorCode.Withheld;
