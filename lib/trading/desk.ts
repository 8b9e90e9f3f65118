/**
 * The trading desk: proposals in, human approvals, exactly-once transmission to TWS, fills, stop losses.
 *
 * Safety rules it keeps (DESIGN.md):
 * - Only `approve` sends an entry or a stop order, and only callers holding a browser session reach it.
 * - An approval names the content hash and revision it saw; anything else is refused and changes nothing.
 * - Before an order is sent its TWS order id is written to the proposal with a compare-and-set, so of any
 *   number of concurrent approvals or reconciliations exactly one sends it. `orderRef` = the proposal id.
 * - After every (re)connection the desk reconciles with TWS's open orders and executions before sending
 *   anything; an approved order TWS never received is sent only if the approval is recent, else refused.
 */
import type { Logger } from "pino";
import type { LegInput } from "../analysis/legs";
import { analyseStrategy } from "../analysis/strategy";
import { IbError, IbErrorCode, InputError, TradingError } from "../errors";
import type { PrismaClient, Proposal } from "../generated/prisma/client";
import { publish } from "../events";
import type { Ib } from "../ib";
import { tradedAs, type OrderEvent, type OrderSpec } from "../ib/orders";
import type { Leg } from "../options/types";
import { roundTo } from "../options/rounding";
import { checkLimits, type RiskLimits } from "../risk/limits";
import { marginVerdict } from "../risk/what-if";
import type { ProposalStatus } from "./lifecycle";
import { isRegularHours } from "./market-hours";
import { createProposal, expireProposals, transition } from "./proposals";
import { closingLegs, suggestedStop } from "./stop-loss";
import type { StopLossRequest, TradeRequest } from "./trade-request";
import { isFinal, parseAnalysis, sideOf, toView, type ProposalView, type StoredAnalysis } from "./views";

export interface DeskOptions {
  db: PrismaClient;
  ib: Ib;
  log: Logger;
  proposalTtlMs: number;
  /** Approval is refused if the underlying moved more than this fraction since the trader's figures. */
  maxDrift: number;
  limits: RiskLimits;
  mcpMayCancelWorking: boolean;
  killSwitchAtStart: boolean;
  /** An approved order TWS never received is still sent within this time of its approval (after a restart). */
  resumeWindowMs?: number;
  now?: () => number;
}

const KILL_SWITCH_KEY = "trading.kill_switch";
const WORKING: ProposalStatus[] = ["transmitted", "partially_filled"];
const IN_FLIGHT: ProposalStatus[] = ["approved", ...WORKING];

export class TradingDesk {
  private readonly db: PrismaClient;
  private readonly ib: Ib;
  private readonly log: Logger;
  private readonly now: () => number;
  /** True once TWS's orders and executions have been read since the last (re)connection. */
  private reconciled = false;
  private reconciling: Promise<void> | undefined;
  /** Order events, reconciliation and transmissions run one at a time, in arrival order. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly stops: Array<() => void> = [];

  constructor(private readonly options: DeskOptions) {
    this.db = options.db;
    this.ib = options.ib;
    this.log = options.log;
    this.now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    if (this.options.killSwitchAtStart) await this.setKillSwitch(true, "system", "SUMPPUMP_KILL_SWITCH is set");
    this.stops.push(this.ib.onOrderEvent((event) => void this.serial(() => this.onOrderEvent(event))));
    this.stops.push(
      this.ib.client.onStatus((status) => {
        if (status.state === "connected") void this.reconcile();
        else this.reconciled = false;
      }),
    );
    if (this.ib.status().state === "connected") void this.reconcile();
    const timer = setInterval(() => void this.expire(), 5_000);
    timer.unref();
    this.stops.push(() => clearInterval(timer));
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  /** Whether orders may be sent now: connected, reconciled. */
  ready(): boolean {
    return this.reconciled && this.ib.status().state === "connected";
  }

  // --- Proposals ---------------------------------------------------------------------------------------------

  /** Validates and analyses a trade and stores it for approval. Never sends anything to TWS. */
  async propose(request: TradeRequest, actor: string): Promise<{ view: ProposalView; created: boolean }> {
    if (request.client_request_id) {
      const existing = await this.db.proposal.findUnique({ where: { clientRequestId: request.client_request_id } });
      if (existing) return { view: await this.view(existing.id), created: false };
    }
    // An order is priced by its limit (or the market), never by per-leg prices.
    const totalLegs = request.legs.map(({ price: _price, ...l }) => ({ ...l, quantity: l.quantity * request.quantity }) as LegInput);
    const analysis = await this.analyse(request.symbol, totalLegs, request.order_type === "LMT" ? request.limit_price : undefined);
    if (!analysis.permission.allowed) throw new InputError(`Not allowed: ${analysis.permission.reason}`);
    if (!analysis.unlimitedProfit && analysis.maxProfit !== null && analysis.maxProfit <= 0 && !analysis.permission.closing) {
      throw new InputError(
        `At this price the trade cannot make money: its max gain is ${analysis.maxProfit.toFixed(2)} USD. Lower limit_price (calculate_strategy shows what the legs are worth).`,
      );
    }
    await this.checkLimits(analysis, "propose");
    const stored = await this.withAccountChecks(analysis, totalLegs);
    if (request.order_type === "MKT") stored.checks.push("Market order: it fills at whatever the market offers, about the natural price shown.");
    if (request.stop_loss_price !== undefined) {
      if (sideOf(analysis) !== "debit") throw new InputError("A bracket stop (stop_loss_price) is offered for positions bought for a debit.");
      stored.checks.push(
        `Bracket: a stop goes out with the entry and sells the position if one unit's value falls to ${request.stop_loss_price.toFixed(2)} (good till cancelled).`,
      );
    }
    const { id, created } = await createProposal(this.db, {
      clientRequestId: request.client_request_id,
      symbol: request.symbol,
      legs: request.legs.map(({ price: _price, ...leg }) => leg),
      quantity: request.quantity,
      orderType: request.order_type,
      limitPrice: request.limit_price ?? null,
      stopPrice: request.stop_loss_price ?? null,
      tif: request.tif,
      kind: "entry",
      analysis: stored,
      reasoning: request.reasoning,
      createdBy: actor,
      expiresAt: new Date(this.now() + this.options.proposalTtlMs),
    });
    if (created) publish({ type: "proposal", proposalId: id, status: "pending_approval" });
    return { view: await this.view(id), created };
  }

  /** A stop order (sell the position if one unit's value falls to the stop) for a filled entry; needs approval. */
  async proposeStopLoss(request: StopLossRequest, actor: string): Promise<ProposalView> {
    const entry = await this.db.proposal.findUnique({ where: { id: request.proposal_id } });
    if (!entry || entry.kind !== "entry") throw new TradingError(`No entry proposal ${request.proposal_id}. list_orders shows the filled ones.`, 404);
    if (entry.status !== "stop_loss_prompted" && entry.status !== "filled") {
      throw new TradingError(`A stop loss needs a filled entry; ${entry.id} is ${entry.status.replace("_", " ")}.`, 409);
    }
    const entryAnalysis = parseAnalysis(entry);
    if (sideOf(entryAnalysis) !== "debit") throw new TradingError("Stop losses are offered for positions bought for a debit.", 409);
    const stopPrice = request.stop_price ?? suggestedStop(entry.avgFillPrice, true);
    if (stopPrice === null) throw new TradingError("The entry's fill price is not known yet; give stop_price.", 409);
    const legs = closingLegs(JSON.parse(entry.legsJson) as LegInput[]);
    const units = entry.quantity;
    const analysis = await this.analyse(entry.symbol, legs.map((l) => ({ ...l, quantity: l.quantity * units })), undefined);
    // The position's value per unit now: a stop at or above it would trigger at once.
    const valueNow = roundTo(Math.abs(analysis.netDebit) / (units * (analysis.legs.some((l) => l.type !== "stock") ? 100 : 1)), 2);
    if (stopPrice >= valueNow) {
      throw new InputError(`stop_price ${stopPrice.toFixed(2)} is at or above the position's value now (${valueNow.toFixed(2)} per unit): it would sell at once. Give a lower stop.`);
    }
    const stored: StoredAnalysis = {
      ...analysis,
      checks: [
        `Sells ${units} unit(s) at the market if one unit's value falls to ${stopPrice.toFixed(2)} (now ${valueNow.toFixed(2)}; filled at ${entry.avgFillPrice?.toFixed(2) ?? "?"}).`,
      ],
      buyingPowerAfter: null,
      totalLegs: legs,
    };
    const { id } = await createProposal(this.db, {
      symbol: entry.symbol,
      legs,
      quantity: units,
      orderType: "STP",
      limitPrice: null,
      stopPrice,
      tif: "GTC",
      kind: "stop_loss",
      parentId: entry.id,
      analysis: stored,
      reasoning: request.reasoning,
      createdBy: actor,
      expiresAt: new Date(this.now() + this.options.proposalTtlMs),
    });
    publish({ type: "proposal", proposalId: id, status: "pending_approval" });
    publish({ type: "proposal", proposalId: entry.id, status: entry.status });
    return this.view(id);
  }

  async dismissStopLoss(entryId: string, actor: string): Promise<ProposalView> {
    const { count } = await this.db.proposal.updateMany({ where: { id: entryId, status: "stop_loss_prompted", stopLossDismissedAt: null }, data: { stopLossDismissedAt: new Date(this.now()) } });
    if (count === 0) throw new TradingError("There is no open stop-loss prompt for this proposal.", 409);
    await this.db.auditEvent.create({ data: { proposalId: entryId, actor, action: "dismiss_stop_loss" } });
    publish({ type: "proposal", proposalId: entryId, status: "stop_loss_prompted" });
    return this.view(entryId);
  }

  // --- The human's decisions ---------------------------------------------------------------------------------

  /**
   * The trader approves what they saw (content hash and revision). Re-checks the market and the limits, then
   * sends the order. Refusals change nothing, except that a drifted market refreshes the figures for review.
   */
  async approve(id: string, seen: { contentHash: string; revision: number }, actor: string): Promise<ProposalView> {
    const p = await this.db.proposal.findUnique({ where: { id } });
    if (!p) throw new TradingError(`No proposal ${id}.`, 404);
    if (p.status !== "pending_approval") throw new TradingError(`This proposal is ${p.status.replace(/_/g, " ")}; only a pending proposal can be approved.`, 409, await this.view(id));
    if (p.expiresAt.getTime() <= this.now()) {
      await this.expire();
      throw new TradingError("This proposal has expired; ask for a fresh one.", 409, await this.view(id));
    }
    if (seen.contentHash !== p.contentHash) throw new TradingError("The order differs from the one approved (content hash mismatch); nothing was sent.", 409, await this.view(id));
    if (seen.revision !== p.revision) throw new TradingError("The figures changed since this card was shown; review them and approve again.", 409, await this.view(id));
    if (await this.killSwitch()) throw new TradingError("The kill switch is on: nothing is sent until it is turned off.", 409);
    if (!this.ready()) throw new TradingError("TWS is not connected (or its orders are still being checked); try again in a moment.", 503);

    const analysis = parseAnalysis(p);
    const spot = await this.ib.spot(p.symbol);
    const drift = Math.abs(spot / analysis.spot - 1);
    if (drift > this.options.maxDrift) {
      await this.refresh(p, actor, `${p.symbol} moved ${(drift * 100).toFixed(2)}% (from ${analysis.spot.toFixed(2)} to ${spot.toFixed(2)})`);
      throw new TradingError(
        `${p.symbol} moved ${(drift * 100).toFixed(2)}% since these figures (limit ${(this.options.maxDrift * 100).toFixed(2)}%). The card now shows fresh figures: review and approve again.`,
        409,
        await this.view(id),
      );
    }
    if (p.kind === "entry") await this.checkLimits(analysis, "approve");

    const approved = await transition(this.db, id, "pending_approval", "approved", actor, "approve", { contentHash: p.contentHash, revision: p.revision, spot }, {
      approvedBy: actor,
      approvedAt: new Date(this.now()),
    });
    if (!approved.ok) throw new TradingError(`This proposal is already ${approved.current.replace(/_/g, " ")}.`, 409, await this.view(id));
    publish({ type: "proposal", proposalId: id, status: "approved" });
    await this.serial(() => this.transmit(id));
    return this.view(id);
  }

  async reject(id: string, note: string | undefined, actor: string): Promise<ProposalView> {
    const result = await transition(this.db, id, "pending_approval", "rejected", actor, "reject", note ? { note } : undefined, { statusMessage: note ? `Rejected: ${note}` : "Rejected by the trader." });
    if (!result.ok) {
      if (result.current === "missing") throw new TradingError(`No proposal ${id}.`, 404);
      throw new TradingError(`This proposal is ${result.current.replace(/_/g, " ")}; only a pending proposal can be rejected.`, 409, await this.view(id));
    }
    publish({ type: "proposal", proposalId: id, status: "rejected" });
    return this.view(id);
  }

  /**
   * Cancels a proposal. A pending one is simply withdrawn. A working order is cancelled at TWS when a human asks
   * (or when the setting allows Claude to); otherwise Claude's request waits in the inbox for the trader.
   */
  async cancel(id: string, actor: string, who: "human" | "mcp"): Promise<{ view: ProposalView; outcome: "cancelled" | "cancel_sent" | "awaiting_trader" }> {
    const p = await this.db.proposal.findUnique({ where: { id } });
    if (!p) throw new TradingError(`No proposal ${id}.`, 404);
    if (p.status === "pending_approval") {
      const result = await transition(this.db, id, "pending_approval", "cancelled", actor, "cancel", undefined, { statusMessage: `Withdrawn by ${actor}.` });
      if (result.ok) {
        publish({ type: "proposal", proposalId: id, status: "cancelled" });
        return { view: await this.view(id), outcome: "cancelled" };
      }
      return this.cancel(id, actor, who);
    }
    if (!WORKING.includes(p.status as ProposalStatus) || p.orderId === null) {
      throw new TradingError(`This proposal is ${p.status.replace(/_/g, " ")}: there is nothing to cancel.`, 409, await this.view(id));
    }
    if (who === "mcp" && !this.options.mcpMayCancelWorking) {
      await this.db.proposal.update({ where: { id }, data: { cancelRequestedBy: actor, cancelRequestedAt: new Date(this.now()) } });
      await this.db.auditEvent.create({ data: { proposalId: id, actor, action: "cancel_requested" } });
      publish({ type: "proposal", proposalId: id, status: p.status });
      return { view: await this.view(id), outcome: "awaiting_trader" };
    }
    await this.ib.cancelOrder(p.orderId);
    await this.db.auditEvent.create({ data: { proposalId: id, actor, action: "cancel_sent", detailJson: JSON.stringify({ orderId: p.orderId }) } });
    return { view: await this.view(id), outcome: "cancel_sent" };
  }

  /** The trader declines Claude's request to cancel a working order: it keeps working. */
  async keepWorking(id: string, actor: string): Promise<ProposalView> {
    const { count } = await this.db.proposal.updateMany({ where: { id, cancelRequestedBy: { not: null } }, data: { cancelRequestedBy: null, cancelRequestedAt: null } });
    if (count === 0) throw new TradingError("There is no cancel request for this order.", 409);
    await this.db.auditEvent.create({ data: { proposalId: id, actor, action: "keep_working" } });
    publish({ type: "proposal", proposalId: id });
    return this.view(id);
  }

  // --- Kill switch -------------------------------------------------------------------------------------------

  async killSwitch(): Promise<boolean> {
    const row = await this.db.setting.findUnique({ where: { key: KILL_SWITCH_KEY } });
    return row?.value === "on";
  }

  async setKillSwitch(on: boolean, actor: string, note?: string): Promise<void> {
    const value = on ? "on" : "off";
    await this.db.setting.upsert({ where: { key: KILL_SWITCH_KEY }, create: { key: KILL_SWITCH_KEY, value }, update: { value } });
    await this.db.auditEvent.create({ data: { actor, action: on ? "kill_switch_on" : "kill_switch_off", detailJson: note ? JSON.stringify({ note }) : null } });
    publish({ type: "kill_switch" });
  }

  /** Sends a cancel for every working order SumpPump placed; returns the proposals concerned. */
  async cancelAllWorking(actor: string): Promise<string[]> {
    const working = await this.db.proposal.findMany({ where: { status: { in: WORKING }, orderId: { not: null } } });
    for (const p of working) {
      await this.ib.cancelOrder(p.orderId!);
      await this.db.auditEvent.create({ data: { proposalId: p.id, actor, action: "cancel_sent", detailJson: JSON.stringify({ orderId: p.orderId, all: true }) } });
    }
    return working.map((p) => p.id);
  }

  // --- Reading -----------------------------------------------------------------------------------------------

  async view(id: string, withHistory = false): Promise<ProposalView> {
    const p = await this.db.proposal.findUnique({ where: { id }, include: { executions: true, events: withHistory ? { orderBy: { id: "asc" } } : false } });
    if (!p) throw new TradingError(`No proposal ${id}.`, 404);
    const children = await this.db.proposal.findMany({ where: { parentId: id } });
    return toView(p, children);
  }

  async list(filter: { statuses?: ProposalStatus[]; limit: number; symbol?: string }): Promise<ProposalView[]> {
    const rows = await this.db.proposal.findMany({
      where: { ...(filter.statuses ? { status: { in: filter.statuses } } : {}), ...(filter.symbol ? { symbol: filter.symbol } : {}) },
      orderBy: { createdAt: "desc" },
      take: filter.limit,
      include: { executions: true },
    });
    const children = await this.db.proposal.findMany({ where: { parentId: { in: rows.map((r) => r.id) } } });
    return rows.map((r) => toView(r, children));
  }

  // --- Transmission and reconciliation -----------------------------------------------------------------------

  /** Runs `task` after everything queued before it (order events, reconciliation, other sends). */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch((error: unknown) => this.log.error({ err: error }, "trading task failed"));
    return run;
  }

  /**
   * Sends an approved order once. The order id is claimed with a compare-and-set first; only the caller that
   * wins sends. A failure to send leaves it approved with that id, for reconciliation to settle.
   */
  private async transmit(id: string, replacingOrderId: number | null = null): Promise<void> {
    const p = await this.db.proposal.findUnique({ where: { id } });
    // A "transmitted" order is sent again only when reconciliation found TWS never received it.
    const sendable = p?.status === "approved" || (p?.status === "transmitted" && replacingOrderId !== null);
    if (!p || !sendable || p.orderId !== replacingOrderId) return;
    if (await this.killSwitch()) {
      await this.fail(p, "rejected", "kill_switch", "The kill switch was turned on before the order was sent; nothing was sent.");
      return;
    }
    if (p.kind === "entry" && p.stopPrice !== null) {
      if (p.status === "approved") await this.transmitBracket(p);
      else await this.fail(p, "cancelled", "not_sent", "TWS never received this bracket; propose it again.");
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
      await this.ib.placeOrder(orderId, spec);
    } catch (error) {
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
    try {
      await this.ib.placeOrder(entryId, { ...entrySpec, transmit: false });
      await this.ib.placeOrder(stopId, { ...stopSpec, parentId: entryId, transmit: true });
    } catch (error) {
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

  /** Reads TWS's orders and executions and brings every in-flight proposal in line; then sends what is due. */
  reconcile(): Promise<void> {
    this.reconciled = false;
    this.reconciling ??= this.serial(() => this.reconcileNow())
      .catch((error: unknown) => this.log.warn({ err: error }, "reconciliation failed; it runs again on the next connection"))
      .finally(() => (this.reconciling = undefined));
    return this.reconciling;
  }

  private async reconcileNow(): Promise<void> {
    const [open, { executions, commissions }] = await Promise.all([this.ib.openOrders(), this.ib.executions()]);
    const firstIdOfConnection = this.ib.firstOrderIdOfConnection;
    const pending = await this.db.proposal.findMany({ where: { status: { in: IN_FLIGHT } } });
    for (const p of pending) {
      const mine = open.filter((o) => o.orderRef === p.id);
      const fills = executions.filter((e) => e.orderRef === p.id);
      for (const e of fills) await this.recordExecution(p.id, { ...e, commission: commissions.get(e.execId) });
      const atTws = mine.sort((a, b) => b.orderId - a.orderId)[0];
      if (atTws) {
        if (p.orderId !== atTws.orderId) await this.db.proposal.update({ where: { id: p.id }, data: { orderId: atTws.orderId } });
        await this.applyOrderState(p.id, { status: atTws.status, filled: atTws.filled, remaining: atTws.remaining, avgFillPrice: atTws.avgFillPrice, permId: atTws.permId });
      } else if (fills.length > 0) {
        // Filled (or partly) and no longer open: the executions tell how much.
        // A combo reports each leg and the combo itself; the combo's own executions count its units.
        const orderFills = fills.some((e) => e.secType === "BAG") ? fills.filter((e) => e.secType === "BAG") : fills;
        const filled = Math.max(...orderFills.map((e) => e.cumQty));
        const avg = orderFills.find((e) => e.cumQty === filled)?.avgPrice ?? 0;
        const total = await this.totalQuantity(p);
        await this.applyOrderState(p.id, { status: filled >= total ? "Filled" : "Cancelled", filled, remaining: Math.max(0, total - filled), avgFillPrice: avg, permId: fills[0]!.permId });
      } else if (p.orderId === null || p.orderId >= firstIdOfConnection) {
        // TWS announced a next order id no higher than this order's: it never received it (a crash before the
        // send, or a connection that dropped with the order still in flight).
        const approvedAt = p.approvedAt?.getTime() ?? 0;
        if (this.now() - approvedAt <= (this.options.resumeWindowMs ?? 120_000)) {
          this.log.info({ id: p.id, orderId: p.orderId }, "approved order never reached TWS: sending it now");
          await this.transmit(p.id, p.orderId);
        } else {
          await this.fail(p, "rejected", "not_sent", "TWS never received this order and its approval is too old to send now; propose it again.");
        }
      } else {
        await this.fail(p, "cancelled", "gone_at_tws", "TWS no longer lists this order (cancelled, rejected or expired while SumpPump was away).");
      }
    }
    this.reconciled = true;
    this.log.info({ checked: pending.length, openAtTws: open.length }, "reconciled with TWS");
    // Orders approved while reconciliation ran are sent now.
    const waiting = await this.db.proposal.findMany({ where: { status: "approved", orderId: null } });
    for (const p of waiting) await this.transmit(p.id);
  }

  private async fail(p: Proposal, to: "rejected" | "cancelled", action: string, message: string): Promise<void> {
    const from = p.status as ProposalStatus;
    const result = await transition(this.db, p.id, from, to, "system", action, { message }, { statusMessage: message });
    if (result.ok) publish({ type: "proposal", proposalId: p.id, status: to });
  }

  // --- What TWS tells about orders ---------------------------------------------------------------------------

  private async onOrderEvent(event: OrderEvent): Promise<void> {
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
        const p = await this.db.proposal.findFirst({ where: { orderId: event.orderId, status: { in: IN_FLIGHT } } });
        if (!p) return;
        await this.db.proposal.update({ where: { id: p.id }, data: { statusMessage: `TWS ${event.code}: ${event.message}` } });
        await this.db.auditEvent.create({ data: { proposalId: p.id, actor: "tws", action: "tws_message", detailJson: JSON.stringify({ code: event.code, message: event.message }) } });
        publish({ type: "proposal", proposalId: p.id, status: p.status });
      }
    }
  }

  private async recordExecution(
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

  /** TWS's view of an order → the proposal's status, walking the lifecycle one audited step at a time. */
  private async applyOrderState(id: string, s: { status: string; filled: number; remaining: number; avgFillPrice: number; permId: number }): Promise<void> {
    const p = await this.db.proposal.findUnique({ where: { id } });
    if (!p) return;
    await this.db.proposal.update({
      where: { id },
      data: { twsStatus: s.status, filledQuantity: s.filled, avgFillPrice: s.filled > 0 ? s.avgFillPrice : p.avgFillPrice, permId: s.permId || p.permId },
    });
    let status = p.status as ProposalStatus;
    const step = async (to: ProposalStatus, action: string, detail?: unknown, data = {}): Promise<boolean> => {
      const result = await transition(this.db, id, status, to, "tws", action, detail, data);
      if (result.ok) {
        status = to;
        publish({ type: "proposal", proposalId: id, status: to });
      }
      return result.ok;
    };
    if (status === "approved" && s.status !== "Inactive") await step("transmitted", "transmitted", { twsStatus: s.status }, { transmittedAt: new Date(this.now()) });
    const total = await this.totalQuantity(p);
    if (s.status === "Filled" || (s.filled >= total && total > 0)) {
      if (status === "approved") await step("transmitted", "transmitted", { twsStatus: s.status }, { transmittedAt: new Date(this.now()) });
      if (status === "transmitted" || status === "partially_filled") {
        await step("filled", "filled", { filled: s.filled, avgFillPrice: s.avgFillPrice }, { statusMessage: `Filled ${s.filled} at ${s.avgFillPrice.toFixed(2)}.` });
      }
      const analysis = parseAnalysis({ ...p, status });
      if (status === "filled" && !isFinal({ status, kind: p.kind }, analysis)) {
        const stop = suggestedStop(s.avgFillPrice, sideOf(analysis) === "debit");
        await step("stop_loss_prompted", "prompt_stop_loss", { suggestedStop: stop });
      }
    } else if (s.filled > 0 && (s.status === "Cancelled" || s.status === "ApiCancelled")) {
      if (status === "transmitted") await step("partially_filled", "partial_fill", { filled: s.filled, avgFillPrice: s.avgFillPrice });
      await step("cancelled", "cancelled", { filled: s.filled }, { statusMessage: `Cancelled after filling ${s.filled} of ${total}.` });
    } else if (s.filled > 0 && s.filled > p.filledQuantity && (status === "transmitted" || status === "partially_filled")) {
      await step("partially_filled", "partial_fill", { filled: s.filled, avgFillPrice: s.avgFillPrice }, { statusMessage: `Filled ${s.filled} of ${total} so far.` });
    } else if (s.status === "Cancelled" || s.status === "ApiCancelled") {
      if (status === "approved" || status === "transmitted") await step("cancelled", "cancelled", undefined, { statusMessage: p.statusMessage ?? "Cancelled at TWS." });
    } else if (s.status === "Inactive" && p.statusMessage?.startsWith("TWS ")) {
      // Inactive alone also means "held" (a bracket's entry waits for its stop); with an error first, refused.
      if (status === "approved" || status === "transmitted") await step("rejected", "rejected_by_tws", { message: p.statusMessage }, { statusMessage: p.statusMessage });
    } else {
      publish({ type: "proposal", proposalId: id, status });
    }
  }

  /** The order's total quantity in TWS's units (combo units, or a single leg's contracts or shares). */
  private async totalQuantity(p: Proposal): Promise<number> {
    const legs = JSON.parse(p.legsJson) as LegInput[];
    return legs.length === 1 ? p.quantity * legs[0]!.quantity : p.quantity * legs.map((l) => l.quantity).reduce(gcd);
  }

  // --- Checks ------------------------------------------------------------------------------------------------

  private async analyse(symbol: string, legs: LegInput[], limitPerUnit: number | undefined) {
    return analyseStrategy(this.ib, symbol, legs, { limitPerUnit });
  }

  private async checkLimits(analysis: Pick<StoredAnalysis, "legs" | "maxLoss" | "unlimitedLoss" | "spot">, when: "propose" | "approve"): Promise<void> {
    const legs: Leg[] = analysis.legs.map((l) =>
      l.type === "stock"
        ? { kind: "stock", quantity: (l.action === "buy" ? 1 : -1) * l.quantity, price: l.price }
        : { kind: "option", right: l.type, strike: l.strike!, expiry: l.expiry!, quantity: (l.action === "buy" ? 1 : -1) * l.quantity, price: l.price },
    );
    const today = await this.pnlToday();
    const check = checkLimits(legs, analysis.unlimitedLoss ? Infinity : (analysis.maxLoss ?? 0), analysis.spot, this.options.limits, { realisedPnl: today ?? 0 });
    if (!check.ok) {
      const message = check.breaches.map((b) => b.message).join(" ");
      if (when === "propose") throw new InputError(`Over the account's limits: ${message}`);
      throw new TradingError(`Over the account's limits now: ${message} Nothing was sent.`, 409);
    }
  }

  /** The day's P&L so far (TWS's daily figure: realised and unrealised), for the daily loss limit. */
  private async pnlToday(): Promise<number | undefined> {
    if (this.options.limits.dailyLossLimit === undefined) return undefined;
    try {
      const [account] = await this.ib.accountSummaries();
      if (!account) return undefined;
      const pnl = await this.ib.accountPnl(account.account);
      return pnl.daily ?? pnl.realized;
    } catch {
      return undefined;
    }
  }

  /** Margin against available funds, buying power after, market hours. */
  private async withAccountChecks(analysis: Awaited<ReturnType<typeof analyseStrategy>>, totalLegs: LegInput[]): Promise<StoredAnalysis> {
    const checks: string[] = [];
    let buyingPowerAfter: number | null = null;
    const account = await this.ib
      .accountSummaries()
      .then((list) => list[0])
      .catch(() => undefined);
    if (analysis.whatIf && account) {
      const verdict = marginVerdict(analysis.whatIf, account.availableFunds ?? null);
      if (verdict.status === "insufficient") {
        throw new InputError(`The account cannot carry this trade: it needs ${verdict.shortfall.toFixed(2)} more in available funds (TWS what-if).`);
      }
      const { equityWithLoanAfter, initMarginAfter, initMarginChange } = analysis.whatIf;
      if (account.buyingPower !== undefined && account.availableFunds) {
        // Buying power is a multiple of available funds (equity with loan value − initial margin); the what-if
        // gives both after the trade, so a premium paid in full shows up as well as margin.
        const ratio = account.buyingPower / account.availableFunds;
        if (equityWithLoanAfter !== null && initMarginAfter !== null) buyingPowerAfter = roundTo((equityWithLoanAfter - initMarginAfter) * ratio, 2);
        else if (initMarginChange !== null) buyingPowerAfter = roundTo((account.availableFunds - initMarginChange - Math.max(0, analysis.netDebit)) * ratio, 2);
      }
    }
    if (!isRegularHours(new Date(this.now()))) checks.push("The market is closed now (regular hours 09:30–16:00 New York): TWS holds the order until the open.");
    if (analysis.permission.allowed && analysis.permission.notes.length > 0) checks.push(...analysis.permission.notes);
    return { ...analysis, checks, buyingPowerAfter, totalLegs };
  }

  /** After a refused approval on drift: fresh figures, a new revision, and an audit event. */
  private async refresh(p: Proposal, actor: string, why: string): Promise<void> {
    const stored = parseAnalysis(p);
    const fresh = await this.analyse(p.symbol, stored.totalLegs, p.orderType === "LMT" ? (p.limitPrice ?? undefined) : undefined);
    const next: StoredAnalysis = { ...fresh, checks: stored.checks, buyingPowerAfter: stored.buyingPowerAfter, totalLegs: stored.totalLegs };
    const { count } = await this.db.proposal.updateMany({
      where: { id: p.id, status: "pending_approval", revision: p.revision },
      data: { analysisJson: JSON.stringify(next), revision: p.revision + 1 },
    });
    if (count === 1) {
      await this.db.auditEvent.create({ data: { proposalId: p.id, actor, action: "refresh_figures", detailJson: JSON.stringify({ why, revision: p.revision + 1 }) } });
      publish({ type: "proposal", proposalId: p.id, status: p.status });
    }
  }

  private async expire(): Promise<void> {
    try {
      const ids = await expireProposals(this.db, new Date(this.now()));
      for (const id of ids) publish({ type: "proposal", proposalId: id, status: "expired" });
    } catch (error) {
      this.log.warn({ err: error }, "expiring proposals failed");
    }
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** TWS errors mean "not connected" to a caller; anything else is a bug. */
export function isConnectionError(error: unknown): boolean {
  return error instanceof IbError && (error.code === IbErrorCode.NotConnected || error.code === IbErrorCode.ConnectionLost);
}
