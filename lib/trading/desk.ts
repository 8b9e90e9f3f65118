/**
 * The trading desk: proposals in, human approvals, exactly-once transmission to TWS, fills, stop losses.
 *
 * Safety rules it keeps (DESIGN.md):
 * - Only `approve` sends an entry or a stop order, and only callers holding a browser session reach it.
 * - An approval names the content hash and revision it saw; anything else is refused and changes nothing.
 * - Sending is exactly-once and reconciled with TWS after every (re)connection (transmitter.ts); TWS's order
 *   events are applied by order-tracker.ts. Both run one task at a time through the desk's queue.
 */
import type { Logger } from "pino";
import type { LegInput } from "../analysis/legs";
import { analyseStrategy } from "../analysis/strategy";
import { InputError, TradingError } from "../errors";
import type { PrismaClient, Proposal } from "../generated/prisma/client";
import { publish } from "../events";
import type { Ib } from "../ib";
import { linkHealth } from "../ib/client";
import { orderBlocker } from "../ib/health";
import { orderErrorKind, type OrderEvent } from "../ib/orders";
import { roundTo } from "../options/rounding";
import type { RiskLimits } from "../risk/limits";
import { assertWithinLimits, withAccountChecks } from "./checks";
import { IN_FLIGHT, KillSwitchLatch, killSwitchOn, setKillSwitchSetting, totalQuantity, WORKING, type DeskContext } from "./context";
import type { ProposalStatus } from "./lifecycle";
import { OrderTracker } from "./order-tracker";
import { marketMoved, type MarketCheck } from "./market-check";
import { marketCheckOf, quoteLegsNow } from "./market-now";
import { positionEffect } from "./position-effect";
import { createProposal, expireProposals, transition } from "./proposals";
import { holdingsFor, workingOnSameContracts } from "./same-contracts";
import { closingLegs, suggestedStop } from "./stop-loss";
import type { StopLossRequest, TradeRequest } from "./trade-request";
import { Transmitter } from "./transmitter";
import { streamPendingUnderlyings } from "./underlying-streams";
import { parseAnalysis, sideOf, toView, type ProposalView, type StoredAnalysis, type WorkingOrder } from "./views";

/**
 * What the trader read in TWS's trade log for an order of unknown outcome: filled `quantity` units (combo units,
 * or a single leg's contracts or shares, as TWS counts the order) at `avgPrice` per unit, expressed as the order's
 * limit is; or it did not fill at all.
 */
export type TraderOutcome = { filled: true; quantity: number; avgPrice: number } | { filled: false };

/** Highest average price per unit the trader may enter: far above any option or share price, below a typo's. */
export const MAX_SETTLED_PRICE = 100_000;

export interface DeskOptions {
  db: PrismaClient;
  ib: Ib;
  log: Logger;
  proposalTtlMs: number;
  /** Approval is refused if the underlying moved more than this fraction since the trader's figures. */
  maxDrift: number;
  /** A limit further beyond the market than this percentage of the order's mid is refused (default 25). */
  limitBandPct?: number;
  limits: RiskLimits;
  mcpMayCancelWorking: boolean;
  killSwitchAtStart: boolean;
  /** An approved order TWS never received is still sent within this time of its approval (after a restart). */
  resumeWindowMs?: number;
  /** The drift check uses the underlying's streamed price only if TWS sent it this recently (ms; default 5 s). */
  quoteMaxAgeMs?: number;
  now?: () => number;
}


export class TradingDesk {
  private readonly db: PrismaClient;
  private readonly ib: Ib;
  private readonly log: Logger;
  private readonly now: () => number;
  /** True once TWS's orders and executions have been read since the last (re)connection. */
  private reconciled = false;
  /** Order events, reconciliation and transmissions run one at a time, in arrival order. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly stops: Array<() => void> = [];
  private readonly tracker: OrderTracker;
  private readonly transmitter: Transmitter;
  private readonly latch = new KillSwitchLatch();

  constructor(private readonly options: DeskOptions) {
    this.db = options.db;
    this.ib = options.ib;
    this.log = options.log;
    this.now = options.now ?? Date.now;
    const context: DeskContext = { db: this.db, ib: this.ib, log: this.log, now: this.now, killSwitch: this.latch };
    this.tracker = new OrderTracker(context);
    this.transmitter = new Transmitter(context, this.tracker, options.resumeWindowMs ?? 120_000);
  }

  async start(): Promise<void> {
    if (this.options.killSwitchAtStart) await this.setKillSwitch(true, "system", "SUMPPUMP_KILL_SWITCH is set");
    else this.latch.set(await killSwitchOn(this.db));
    this.stops.push(this.ib.onOrderEvent((event) => void this.serial(() => this.onOrderEvent(event))));
    this.stops.push(streamPendingUnderlyings(this.db, this.ib, this.log));
    this.stops.push(
      this.ib.client.onStatus((status) => {
        const wasConnected = this.connected;
        const linkWasLost = this.linkLost;
        this.connected = status.state === "connected";
        this.linkLost = status.ibLink === "lost";
        // A new connection, or TWS's link to IB back: what happened to orders meanwhile is read before any send.
        if (this.connected && (!wasConnected || (linkWasLost && !this.linkLost))) void this.reconcile();
        else if (!this.connected) this.reconciled = false;
        this.announceReadiness();
      }),
    );
    this.connected = this.ib.status().state === "connected";
    if (this.connected) void this.reconcile();
    const timer = setInterval(() => void this.expire(), 5_000);
    timer.unref();
    this.stops.push(() => clearInterval(timer));
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  private connected = false;
  private linkLost = false;
  private lastReadiness: string | null | undefined;

  /** Tells open inboxes when whether orders can be sent changes (and why), so cards never offer a dead Approve. */
  private announceReadiness(): void {
    const now = this.notReadyReason();
    if (now === this.lastReadiness) return;
    this.lastReadiness = now;
    publish({ type: "connection", status: now === null ? "ready" : "not_ready" });
  }

  /** Whether orders may be sent now: connected, TWS answering with its link to IB up, reconciled. */
  ready(): boolean {
    return this.notReadyReason() === null;
  }

  /** Why orders cannot be sent now, in words for the trader, or null when they can. */
  notReadyReason(): string | null {
    const blocker = orderBlocker(linkHealth(this.ib.status()));
    if (blocker) return blocker;
    if (!this.reconciled) return "SumpPump is checking TWS's orders after connecting (nothing is sent before that): try again in a moment.";
    return null;
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
    const market = marketCheckOf(analysis, { quantity: request.quantity, orderType: request.order_type, limitPrice: request.limit_price ?? null }, this.bandPct, analysis.asOf);
    if (market.refused) throw new InputError(`${market.warnings[0]!.message} Set limit_price from the legs' quotes (get_options_chain, calculate_strategy).`);
    const positions = await this.ib.positions().catch(() => []);
    const effect = positionEffect({ symbol: request.symbol, legs: analysis.legs, positions, multiplier: 100 });
    const limitNotes = await assertWithinLimits(this.ib, this.options.limits, riskForLimits(analysis, effect.closes_only), "propose");
    const stored = await withAccountChecks(this.ib, this.now(), analysis, totalLegs);
    stored.market = market;
    if (effect.legs.length > 0) stored.position = effect;
    stored.checks.push(...effect.over_close);
    stored.working = await workingOnSameContracts(this.db, request.symbol, request.legs);
    stored.checks.push(...stopsLeftOver(effect, stored.working, request));
    stored.checks.push(...limitNotes);
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
    if (!entry || entry.kind !== "entry") throw new TradingError(`No entry proposal ${request.proposal_id}. list_orders shows the filled ones.`, "not_found");
    if (entry.status !== "stop_loss_prompted" && entry.status !== "filled") {
      throw new TradingError(`A stop loss needs a filled entry; ${entry.id} is ${entry.status.replace("_", " ")}.`, "conflict");
    }
    const entryAnalysis = parseAnalysis(entry);
    if (sideOf(entryAnalysis) !== "debit") throw new TradingError("Stop losses are offered for positions bought for a debit.", "conflict");
    const stopPrice = request.stop_price ?? suggestedStop(entry.avgFillPrice, true);
    if (stopPrice === null) throw new TradingError("The entry's fill price is not known yet; give stop_price.", "conflict");
    const entryLegs = JSON.parse(entry.legsJson) as LegInput[];
    const legs = closingLegs(entryLegs);
    // The position held: the units that filled (all of them, unless the rest of the entry was cancelled), no more
    // than TWS says is still held (part may have been closed since), less what stops already proposed or working
    // on the same contracts sell: a second stop on the same position would sell what the first already sells.
    const perUnit = totalQuantity(entry) / entry.quantity;
    const filledUnits = entry.filledQuantity > 0 ? Math.max(1, Math.floor(entry.filledQuantity / perUnit)) : entry.quantity;
    const heldUnits = await this.unitsHeld(entry.symbol, entryLegs);
    if (heldUnits === 0) throw new TradingError(`Nothing of ${entry.id}'s position is held now (TWS's positions): there is nothing for a stop to sell.`, "conflict");
    const stops = (await workingOnSameContracts(this.db, entry.symbol, legs, ["pending_approval", ...IN_FLIGHT])).filter((s) => s.kind === "stop_loss");
    const covered = stops.reduce((n, s) => n + s.quantity, 0);
    const free = heldUnits === undefined ? (stops.length > 0 ? 0 : filledUnits) : heldUnits - covered;
    if (stops.length > 0 && free <= 0) {
      const first = stops[0]!;
      const where = first.status === "pending_approval" ? "already waiting for the trader's approval" : "already working at TWS";
      throw new TradingError(
        `A stop for this position is ${where} (${first.proposal_id}: stop ${first.stop_price?.toFixed(2) ?? "?"} on ${first.quantity} unit(s)${heldUnits === undefined ? "" : ` of the ${heldUnits} held`}). ` +
          `A second stop is refused: to replace it, cancel ${first.proposal_id} first (cancel_order; the trader confirms), then propose the new stop.`,
        "conflict",
      );
    }
    const units = Math.min(filledUnits, free);
    const analysis = await this.analyse(entry.symbol, legs.map((l) => ({ ...l, quantity: l.quantity * units })), undefined);
    // The position's value per unit now: a stop at or above it would trigger at once.
    const valueNow = roundTo(Math.abs(analysis.netDebit) / (units * (analysis.legs.some((l) => l.type !== "stock") ? 100 : 1)), 2);
    if (stopPrice >= valueNow) {
      throw new InputError(`stop_price ${stopPrice.toFixed(2)} is at or above the position's value now (${valueNow.toFixed(2)} per unit): it would sell at once. Give a lower stop.`);
    }
    const coverNote = units < filledUnits ? [`Covers ${units} unit(s): ${heldUnits ?? filledUnits} held${covered > 0 ? `, ${covered} already under another stop` : ""}, of ${filledUnits} filled.`] : [];
    const stored: StoredAnalysis = {
      ...analysis,
      checks: [
        ...coverNote,
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
    if (count === 0) throw new TradingError("There is no open stop-loss prompt for this proposal.", "conflict");
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
    if (!p) throw new TradingError(`No proposal ${id}.`, "not_found");
    if (p.status !== "pending_approval") throw new TradingError(`This proposal is ${p.status.replace(/_/g, " ")}; only a pending proposal can be approved.`, "conflict", await this.view(id));
    if (p.expiresAt.getTime() <= this.now()) {
      await this.expire();
      throw new TradingError("This proposal has expired; ask for a fresh one.", "conflict", await this.view(id));
    }
    if (seen.contentHash !== p.contentHash) throw new TradingError("The order differs from the one approved (content hash mismatch); nothing was sent.", "conflict", await this.view(id));
    if (seen.revision !== p.revision) throw new TradingError("The figures changed since this card was shown; review them and approve again.", "conflict", await this.view(id));
    if (await this.killSwitch()) throw new TradingError("The kill switch is on: nothing is sent until it is turned off.", "conflict");
    this.assertReady();

    const analysis = parseAnalysis(p);
    // The drift check's price: the pending proposal's underlying is kept streaming, so a live price without asking
    // TWS while the trader waits; given up as soon as the line to TWS fails, the approval is then refused with the
    // reason rather than left waiting, and nothing goes out later on its own.
    const { price: spot } = await this.whileReady(
      this.ib.livePrice(p.symbol, { maxAgeMs: this.options.quoteMaxAgeMs }),
      `the price of ${p.symbol} for the drift check`,
    );
    const drift = Math.abs(spot / analysis.spot - 1);
    if (drift > this.options.maxDrift) {
      await this.refresh(p, actor, `${p.symbol} moved ${(drift * 100).toFixed(2)}% (from ${analysis.spot.toFixed(2)} to ${spot.toFixed(2)})`);
      throw new TradingError(
        `${p.symbol} moved ${(drift * 100).toFixed(2)}% since these figures (limit ${(this.options.maxDrift * 100).toFixed(2)}%). The card now shows fresh figures: review and approve again.`,
        "conflict",
        await this.view(id),
      );
    }
    if (p.kind === "entry") await this.whileReady(assertWithinLimits(this.ib, this.options.limits, riskForLimits(analysis, analysis.position?.closes_only === true), "approve"), "the account's limits");
    const market = p.kind === "entry" ? await this.whileReady(this.marketAtApproval(p, analysis, actor), "the legs' quotes") : undefined;
    // The line may have failed while the checks ran: decide on its state now, not on the state at the click.
    this.assertReady();

    const approved = await transition(this.db, id, "pending_approval", "approved", actor, "approve", { contentHash: p.contentHash, revision: p.revision, spot, ...(market ? { market: marketRecord(market) } : {}) }, {
      approvedBy: actor,
      approvedAt: new Date(this.now()),
    });
    if (!approved.ok) throw new TradingError(`This proposal is already ${approved.current.replace(/_/g, " ")}.`, "conflict", await this.view(id));
    publish({ type: "proposal", proposalId: id, status: "approved" });
    await this.serial(() => this.transmitter.transmit(id));
    return this.view(id);
  }

  async reject(id: string, note: string | undefined, actor: string): Promise<ProposalView> {
    const result = await transition(this.db, id, "pending_approval", "rejected", actor, "reject", note ? { note } : undefined, { statusMessage: note ? `Rejected: ${note}` : "Rejected by the trader." });
    if (!result.ok) {
      if (result.current === "missing") throw new TradingError(`No proposal ${id}.`, "not_found");
      throw new TradingError(`This proposal is ${result.current.replace(/_/g, " ")}; only a pending proposal can be rejected.`, "conflict", await this.view(id));
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
    if (!p) throw new TradingError(`No proposal ${id}.`, "not_found");
    if (p.status === "pending_approval") {
      const result = await transition(this.db, id, "pending_approval", "cancelled", actor, "cancel", undefined, { statusMessage: `Withdrawn by ${actor}.` });
      if (result.ok) {
        publish({ type: "proposal", proposalId: id, status: "cancelled" });
        return { view: await this.view(id), outcome: "cancelled" };
      }
      return this.cancel(id, actor, who);
    }
    if (!WORKING.includes(p.status as ProposalStatus) || p.orderId === null) {
      throw new TradingError(`This proposal is ${p.status.replace(/_/g, " ")}: there is nothing to cancel.`, "conflict", await this.view(id));
    }
    if (who === "mcp" && !this.options.mcpMayCancelWorking) {
      await this.db.proposal.update({ where: { id }, data: { cancelRequestedBy: actor, cancelRequestedAt: new Date(this.now()) } });
      await this.db.auditEvent.create({ data: { proposalId: id, actor, action: "cancel_requested" } });
      publish({ type: "proposal", proposalId: id, status: p.status });
      return { view: await this.view(id), outcome: "awaiting_trader" };
    }
    // In the desk's queue, so TWS's answer (a confirmation, or 10147 for an order it does not know) is applied after it.
    await this.sendCancel(p, actor, { orderId: p.orderId });
    return { view: await this.view(id), outcome: "cancel_sent" };
  }

  /**
   * Sends a cancel for a working order, in the desk's queue so that TWS's answer (a confirmation, or 10147 for an
   * order it does not know) is applied after the cancel is on record. A failure to send is the caller's answer.
   */
  private async sendCancel(p: Proposal, actor: string, detail: Record<string, unknown>): Promise<void> {
    const sent = await this.serial(async () => {
      try {
        await this.ib.cancelOrder(p.orderId!);
      } catch (error) {
        return { error };
      }
      await this.db.auditEvent.create({ data: { proposalId: p.id, actor, action: "cancel_sent", detailJson: JSON.stringify(detail) } });
      return {};
    });
    if ("error" in sent) throw sent.error;
  }

  /** The trader declines Claude's request to cancel a working order: it keeps working. */
  async keepWorking(id: string, actor: string): Promise<ProposalView> {
    const { count } = await this.db.proposal.updateMany({ where: { id, cancelRequestedBy: { not: null } }, data: { cancelRequestedBy: null, cancelRequestedAt: null } });
    if (count === 0) throw new TradingError("There is no cancel request for this order.", "conflict");
    await this.db.auditEvent.create({ data: { proposalId: id, actor, action: "keep_working" } });
    publish({ type: "proposal", proposalId: id });
    return this.view(id);
  }

  /**
   * The trader settles an order of unknown outcome from TWS's trade log (TWS's API no longer reports it). Human
   * only: the routes reach it with a browser session, MCP never. Only from outcome_unknown, with a compare-and-set,
   * inside the desk's queue: a reconciliation that settled it first wins and this is refused, changing nothing.
   *
   * - Filled, all units: filled, then (an entry that opened a position) the stop-loss prompt with its suggested
   *   stop, exactly as a fill learnt from TWS.
   * - Filled, N of M: TWS no longer lists the order, so the rest is not working: partly filled, then cancelled
   *   ("Cancelled after filling N of M"), as when TWS's executions show a partial fill and nothing more.
   * - Did not fill: cancelled, saying the trader checked TWS.
   */
  async settleUnknown(id: string, outcome: TraderOutcome, actor: string): Promise<ProposalView> {
    if (outcome.filled) {
      const { quantity, avgPrice } = outcome;
      if (!Number.isInteger(quantity) || quantity < 1) throw new InputError("quantity must be a whole number of units, at least 1.");
      if (!Number.isFinite(avgPrice) || avgPrice <= 0 || avgPrice > MAX_SETTLED_PRICE) {
        throw new InputError(`avg_price must be the average fill price per unit, above 0 and at most ${MAX_SETTLED_PRICE}.`);
      }
    }
    // A refusal is an answer, not a failed task: it leaves the queue as a value, so the queue logs no error for it.
    const settled = await this.serial(() => this.settleNow(id, outcome, actor).then((view) => ({ view }), (error: unknown) => ({ error })));
    if ("error" in settled) throw settled.error;
    return settled.view;
  }

  private async settleNow(id: string, outcome: TraderOutcome, actor: string): Promise<ProposalView> {
    const p = await this.db.proposal.findUnique({ where: { id } });
    if (!p) throw new TradingError(`No proposal ${id}.`, "not_found");
    if (p.status !== "outcome_unknown") {
      // Also what the trader hears when a reconciliation queued ahead of this settled the order from TWS's reports.
      throw new TradingError(`This order is ${p.status.replace(/_/g, " ")}, not of unknown outcome: only an order of unknown outcome can be settled by hand; nothing was recorded.`, "conflict", await this.view(id));
    }
    const total = totalQuantity(p);
    // SumpPump may have heard of some fills before TWS stopped reporting the order: the trader can add to them, not unsay them.
    const known = p.filledQuantity;
    if (outcome.filled && outcome.quantity > total) throw new InputError(`quantity ${outcome.quantity} is more than the order's ${total} unit(s).`);
    if (outcome.filled && outcome.quantity < known) throw new InputError(`TWS already reported ${known} unit(s) of this order filled: quantity must be at least ${known}.`);
    if (!outcome.filled && known > 0) throw new InputError(`TWS already reported ${known} unit(s) of this order filled: enter the fill (at least ${known}) instead.`);

    const entered = outcome.filled ? { filled: true, quantity: outcome.quantity, avg_price: outcome.avgPrice } : { filled: false };
    const detail = { source: "trader", entered, total };
    const lost = async (current: string): Promise<never> => {
      throw new TradingError(`TWS's reports settled this order first (it is now ${current.replace(/_/g, " ")}); nothing was recorded.`, "conflict", await this.view(id));
    };
    if (!outcome.filled) {
      const moved = await transition(this.db, id, "outcome_unknown", "cancelled", actor, "settle_by_trader", detail, {
        statusMessage: "Cancelled: the trader checked TWS's trade log, where this order did not fill.",
      });
      if (!moved.ok) return lost(moved.current);
      publish({ type: "proposal", proposalId: id, status: "cancelled" });
      return this.view(id);
    }
    const { quantity, avgPrice } = outcome;
    const all = quantity >= total;
    const moved = await transition(this.db, id, "outcome_unknown", all ? "filled" : "partially_filled", actor, "settle_by_trader", detail, {
      filledQuantity: quantity,
      avgFillPrice: avgPrice,
      statusMessage: all ? `Filled ${quantity} at ${avgPrice} (from TWS's trade log, entered by the trader).` : `Filled ${quantity} of ${total} at ${avgPrice} (from TWS's trade log, entered by the trader).`,
    });
    if (!moved.ok) return lost(moved.current);
    publish({ type: "proposal", proposalId: id, status: all ? "filled" : "partially_filled" });
    // The rest of the walk (the stop-loss prompt; or the unfilled rest cancelled) is the one a fill from TWS takes.
    await this.tracker.applyOrderState(
      id,
      { status: all ? "Filled" : "Cancelled", filled: quantity, remaining: total - quantity, avgFillPrice: avgPrice, permId: 0, source: "trader" },
      actor,
    );
    return this.view(id);
  }

  // --- Kill switch -------------------------------------------------------------------------------------------

  killSwitch(): Promise<boolean> {
    return killSwitchOn(this.db);
  }

  async setKillSwitch(on: boolean, actor: string, note?: string): Promise<void> {
    // The latch first, synchronously: an order waiting for its turn to be written is stopped from this instant.
    this.latch.set(on);
    await setKillSwitchSetting(this.db, on);
    await this.db.auditEvent.create({ data: { actor, action: on ? "kill_switch_on" : "kill_switch_off", detailJson: note ? JSON.stringify({ note }) : null } });
    publish({ type: "kill_switch" });
  }

  /**
   * Sends a cancel for every working order SumpPump placed, and for every approved one whose order id is claimed
   * (it may have reached the socket an instant before the kill switch; if it had not, the switch held it back and
   * the cancel finds nothing). Returns the proposals concerned.
   */
  async cancelAllWorking(actor: string): Promise<string[]> {
    const working = await this.db.proposal.findMany({ where: { status: { in: ["approved", ...WORKING] }, orderId: { not: null } } });
    for (const p of working) {
      await this.sendCancel(p, actor, { orderId: p.orderId, all: true });
    }
    return working.map((p) => p.id);
  }

  // --- Reading -----------------------------------------------------------------------------------------------

  async view(id: string, withHistory = false): Promise<ProposalView> {
    const p = await this.db.proposal.findUnique({ where: { id }, include: { executions: true, events: withHistory ? { orderBy: { id: "asc" } } : false } });
    if (!p) throw new TradingError(`No proposal ${id}.`, "not_found");
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

  /** Reads TWS's orders and executions and brings every in-flight proposal in line; then sends what is due. */
  reconcile(): Promise<void> {
    this.reconciled = false;
    // Queued behind whatever runs now: a reconnection during a reconciliation gets one of its own.
    this.announceReadiness();
    return this.serial(async () => {
      await this.transmitter.reconcileNow();
      this.reconciled = true;
      this.announceReadiness();
    }).catch((error: unknown) => {
      // Until it succeeds nothing can be sent: try again while connected (a new connection starts its own).
      this.log.warn({ err: error }, "reconciliation failed; trying again");
      if (this.ib.status().state === "connected") setTimeout(() => void this.reconcile(), 5_000).unref();
    });
  }

  /** A reconciliation asked for by an order event, queued once however many events ask before it starts. */
  private reconcileWanted = false;

  private requestReconcile(why: string): void {
    if (this.reconcileWanted) return;
    this.reconcileWanted = true;
    this.log.info({ why }, "reconciling with TWS");
    void this.serial(async () => {
      this.reconcileWanted = false;
    }).then(() => this.reconcile());
  }

  // --- What TWS tells about orders ---------------------------------------------------------------------------

  /**
   * TWS's order events. A refusal of an order, or of a cancel, is recorded and then checked against TWS's reports
   * (a reconciliation), so that an order TWS does not hold is never shown as working and a cancel TWS could not
   * act on never stays "sent"; an order refused only for its id goes again under a fresh id (transmitter.ts).
   */
  private async onOrderEvent(event: OrderEvent): Promise<void> {
    if (event.kind !== "error") return this.tracker.onOrderEvent(event);
    const p = await this.tracker.recordTwsMessage(event);
    if (!p) return;
    switch (orderErrorKind(event.code)) {
      case "id_in_use":
        await this.transmitter.afterIdInUse(event.orderId, event.message, orderBlocker(linkHealth(this.ib.status())));
        return;
      case "refused":
      case "cancel_not_found":
      case "cancel_refused":
        this.requestReconcile(`TWS ${event.code} for order ${event.orderId}`);
        return;
      default:
        return;
    }
  }

  // --- Readiness -----------------------------------------------------------------------------------------------

  private assertReady(): void {
    const reason = this.notReadyReason();
    if (reason) throw new TradingError(`Not sent: ${reason}`, "unavailable");
  }

  /**
   * `work`, unless the line to TWS fails first (disconnected, TWS not answering, its link to IB lost): then a
   * refusal with the reason at once. `work` may still finish later; its result is ignored.
   */
  private whileReady<T>(work: Promise<T>, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const fail = (reason: string): void => {
        off();
        reject(new TradingError(`Not sent: ${reason} (while SumpPump was reading ${what}).`, "unavailable"));
      };
      const off = this.ib.client.onStatus((status) => {
        const reason = orderBlocker(linkHealth(status));
        if (reason) fail(reason);
      });
      work.then(
        (value) => {
          off();
          resolve(value);
        },
        (error: unknown) => {
          off();
          const reason = orderBlocker(linkHealth(this.ib.status()));
          reject(reason ? new TradingError(`Not sent: ${reason}`, "unavailable") : error);
        },
      );
    });
  }

  // --- Checks ------------------------------------------------------------------------------------------------

  private async analyse(symbol: string, legs: LegInput[], limitPerUnit: number | undefined) {
    return analyseStrategy(this.ib, symbol, legs, { limitPerUnit });
  }

  /** Whole units of an entry's legs TWS says are held now (in the entry's direction); undefined if TWS gave no positions. */
  private async unitsHeld(symbol: string, entryLegs: readonly LegInput[]): Promise<number | undefined> {
    const positions = await this.ib.positions().catch(() => undefined);
    if (!positions) return undefined;
    const held = holdingsFor(symbol, positions);
    return Math.min(
      ...entryLegs.map((leg) => {
        const signed = held(leg) * (leg.action === "buy" ? 1 : -1);
        return signed <= 0 ? 0 : Math.floor(signed / leg.quantity);
      }),
    );
  }

  private get bandPct(): number {
    return this.options.limitBandPct ?? 25;
  }

  /**
   * The limit against the market again, from fresh quotes. Refused (nothing sent, the card refreshed) when the
   * limit is now outside the band, or when the card's mid, natural or warnings no longer hold: an approval is
   * always of the limit against the market as it stands.
   */
  private async marketAtApproval(p: Proposal, analysis: StoredAnalysis, actor: string): Promise<MarketCheck> {
    const legs = await quoteLegsNow(this.ib, p.symbol, analysis.legs);
    const now = marketCheckOf(analysis, p, this.bandPct, new Date(this.now()).toISOString(), legs);
    const shown = analysis.market;
    if (!now.refused && shown && !marketMoved(shown, now)) return now;
    if (!now.refused && !shown) return now;
    const why = now.refused ? "the limit is now outside the band around the market" : "the market moved against the card's figures";
    await this.refresh(p, actor, why, now);
    const message = now.refused
      ? `${now.warnings[0]!.message} Nothing was sent; the card shows the market now.`
      : `The market moved since this card (mid ${fmt(shown!.mid)} → ${fmt(now.mid)}, natural ${fmt(shown!.natural)} → ${fmt(now.natural)}). The card now shows the market as it is: review and approve again.`;
    throw new TradingError(message, "conflict", await this.view(p.id));
  }

  /** After a refused approval on drift or a moved market: fresh figures, a new revision, and an audit event. */
  private async refresh(p: Proposal, actor: string, why: string, marketNow?: MarketCheck): Promise<void> {
    const stored = parseAnalysis(p);
    const fresh = await this.analyse(p.symbol, stored.totalLegs, p.orderType === "LMT" ? (p.limitPrice ?? undefined) : undefined);
    const next: StoredAnalysis = { ...fresh, checks: stored.checks, buyingPowerAfter: stored.buyingPowerAfter, totalLegs: stored.totalLegs };
    if (p.kind === "entry" && (stored.market || marketNow)) next.market = marketNow ?? marketCheckOf(fresh, p, this.bandPct, fresh.asOf);
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

function fmt(v: number | null): string {
  return v === null ? "—" : v.toFixed(2);
}

/** What the audit trail keeps of the market an approval was given against. */
function marketRecord(m: MarketCheck) {
  return { mid: m.mid, natural: m.natural, limit: m.limit, ticks_from_mid: m.ticks_from_mid, pct_of_natural: m.pct_of_natural, warnings: m.warnings.map((w) => w.code), as_of: m.as_of };
}

/** A trade that only closes what is held carries no new risk: the limits see no max loss for it. */
function riskForLimits(analysis: StoredAnalysis | Awaited<ReturnType<typeof analyseStrategy>>, closesOnly: boolean) {
  return closesOnly ? { ...analysis, maxLoss: 0, unlimitedLoss: false } : analysis;
}

/**
 * A close leaves less held than the stops working on it sell: once filled, a stop that triggers would sell what is
 * no longer there and open a new position. Says so, per stop.
 */
function stopsLeftOver(effect: ReturnType<typeof positionEffect>, working: readonly WorkingOrder[], request: TradeRequest): string[] {
  if (!effect.reduces) return [];
  const ratio = request.legs[0]!.quantity;
  const leftUnits = Math.min(...effect.legs.filter((l) => l.closes !== 0).map((l) => Math.floor(Math.abs(l.remains) / ratio)));
  return working
    .filter((w) => w.kind === "stop_loss" && w.quantity > leftUnits)
    .map((w) => `The stop ${w.proposal_id} (stop ${w.stop_price?.toFixed(2) ?? "?"}) sells ${w.quantity} unit(s); after this close ${leftUnits} remain: cancel it and set a new stop for what remains, or when it triggers it would open a new position.`);
}
