import type { ClientSession } from "../session";
import { RTH_CLOSE_MIN, isRegularHours, nyTime, nyToUtc, nextTradingDay, isTradingDay } from "../market/calendar";
import { wireContract } from "../market/contract-details";
import type { Instrument } from "../market/instruments";
import type { Market } from "../market/market";
import { hashString, uniform } from "../market/rng";
import { TwsError } from "../protocol/error-codes";
import type { Field } from "../protocol/framing";
import { completedOrder } from "../protocol/completed-orders";
import { commissionReport, executionData, openOrder, orderStatus, type WireOrder, type WireOrderState } from "../protocol/order-messages";
import type { WireContract } from "../protocol/outbound";
import { formatConnectionTime } from "../time-format";
import { Account, type Position, type Valuation } from "./account";
import { commissionRange, executionCommission, orderCommission } from "./commissions";
import type { OrderRequest } from "./order-request";
import type { ComboLegSpec, SimExecution, SimOrder } from "./order-types";

/** conId TWS reports for every combo (BAG) contract. */
const BAG_CONID = 28812380;
const FINAL_STATES = new Set(["Filled", "Cancelled", "Inactive", "ApiCancelled"]);

/** Done for good: filled, cancelled or rejected (an order held untransmitted is also "Inactive" but still alive). */
function isFinal(o: SimOrder): boolean {
  return FINAL_STATES.has(o.status) && !(o.status === "Inactive" && !o.transmitted && o.permId > 0);
}

export interface OrderEngineHost {
  market: Market;
  account: Account;
  valuation(): Valuation;
  now(): number;
  /** The clients that hear about an order of this client id (TWS: the placing client, plus the master). */
  recipientsOf(clientId: number): Iterable<ClientSession>;
  log(line: string): void;
  /** Called after fills change positions or cash. */
  onAccountChanged(changedConIds: number[]): void;
  enforceRegularHours: boolean;
}

/**
 * How far back the executions and completed-orders reports reach (simulated epoch ms). TWS reports the current
 * day's (or, if so configured, a few days') executions and completed orders; the simulator reports everything
 * after these marks, which start at 0 and move only when a test rolls the day over (SimulatorControl).
 */
export interface ReportWindows {
  executionsSince: number;
  completedOrdersSince: number;
}

/** completedStatus texts. TWS's own words were seen for a trader's cancel; the others are the simulator's. */
export const COMPLETION = {
  filled: "Filled",
  cancelledByTrader: "Cancelled by Trader",
  dayOrderExpired: "Cancelled by System: day order expired",
  immediateOrCancel: "Cancelled by System: unfilled rest of an immediate-or-cancel order",
  ocaGroup: "Cancelled by System: another order of its OCA group filled",
} as const;

interface Quote {
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
}

/**
 * The order book and matching engine: validation, the TWS message sequences for every state change,
 * fills against the simulated quotes (partial when larger than the displayed size), stops, brackets,
 * OCA groups, combos, what-if margin, and the executions log.
 */
export class OrderEngine {
  readonly orders = new Map<number, SimOrder>();
  readonly executions: SimExecution[] = [];
  /** Orders TWS refused (error 201): never working, but listed among the completed orders. */
  readonly rejected: SimOrder[] = [];
  readonly reportWindows: ReportWindows = { executionsSince: 0, completedOrdersSince: 0 };
  private nextId = 1;
  private nextPermId: number;
  private execSeq = 0;
  private readonly execBase: number;
  /** Fault injection: the reason the next order is rejected with, and whether fills are suspended. */
  rejectNextReason: string | undefined;
  fillsStopped = false;

  constructor(
    private readonly host: OrderEngineHost,
    seed: number,
  ) {
    this.nextPermId = 1_000_000_000 + Math.floor(uniform(seed, hashString("perm"), 0) * 100_000_000);
    this.execBase = Math.floor(uniform(seed, hashString("exec"), 0) * 0xffffff) * 256;
  }

  peekNextOrderId(): number {
    return this.nextId;
  }

  markUsed(id: number): void {
    if (id >= this.nextId) this.nextId = id + 1;
  }

  /** Restores counters from a saved state. */
  restoreCounters(nextId: number, nextPermId: number, execSeq: number): void {
    this.nextId = Math.max(this.nextId, nextId);
    this.nextPermId = Math.max(this.nextPermId, nextPermId);
    this.execSeq = Math.max(this.execSeq, execSeq);
  }

  counters(): { nextId: number; nextPermId: number; execSeq: number } {
    return { nextId: this.nextId, nextPermId: this.nextPermId, execSeq: this.execSeq };
  }

  /** Sends a message to everyone who hears about this order, each in the layout of its own server version. */
  private broadcast(o: Pick<SimOrder, "clientId">, encode: (v: number) => readonly Field[]): void {
    for (const c of this.host.recipientsOf(o.clientId)) c.send(encode(c.serverVersion));
  }

  private wireOrder(o: SimOrder, whatIf = false): WireOrder {
    const r = o.req;
    return {
      orderId: o.orderId,
      clientId: o.clientId,
      permId: o.permId,
      parentId: r.parentId,
      action: o.action,
      totalQuantity: o.totalQuantity,
      orderType: o.orderType,
      lmtPrice: o.lmtPrice,
      auxPrice: o.auxPrice,
      tif: r.tif,
      ocaGroup: r.ocaGroup,
      ocaType: r.ocaType,
      account: this.host.account.id,
      openClose: r.openClose,
      orderRef: r.orderRef,
      outsideRth: r.outsideRth,
      goodTillDate: r.goodTillDate,
      transmit: r.transmit,
      whatIf,
      comboLegs: o.legs.map((l) => ({ conId: l.inst.conId, ratio: l.ratio, action: l.action, exchange: l.exchange || "SMART" })),
      comboLegsDescription: o.legs.map((l) => `${l.inst.conId}|${l.ratio}`).join(","),
      orderComboLegPrices: r.orderComboLegPrices,
    };
  }

  private sendOpenOrder(o: SimOrder, to?: ClientSession): void {
    const wire = this.wireOrder(o);
    const encode = (v: number): readonly Field[] => openOrder(v, o.contract, wire, { status: o.status });
    if (to) to.send(encode(to.serverVersion));
    else this.broadcast(o, encode);
  }

  private sendStatus(o: SimOrder, to?: ClientSession, whyHeld = ""): void {
    const encode = (v: number): readonly Field[] => orderStatus(v, o.orderId, o.status, o.filled, o.totalQuantity - o.filled, o.avgFillPrice, o.permId, o.req.parentId, o.lastFillPrice, o.clientId, whyHeld);
    if (to) to.send(encode(to.serverVersion));
    else this.broadcast(o, encode);
  }

  private setStatus(o: SimOrder, status: SimOrder["status"]): void {
    o.status = status;
    this.sendOpenOrder(o);
    this.sendStatus(o);
  }

  private reject(conn: ClientSession, orderId: number, reason: string): void {
    const e = TwsError.ORDER_REJECTED;
    conn.sendError(orderId, e.code, `${e.text}${reason}`);
  }

  /** Resolves the traded contract (or combo legs) of a request; undefined after answering with an error. */
  private resolveContract(conn: ClientSession, req: OrderRequest): { inst: Instrument | undefined; legs: ComboLegSpec[]; contract: WireContract } | undefined {
    const market = this.host.market;
    if (req.contract.secType.toUpperCase() === "BAG") {
      if (req.comboLegs.length < 2 || req.comboLegs.length > 4) {
        this.reject(conn, req.orderId, "Combo orders need 2 to 4 legs.");
        return undefined;
      }
      const legs: ComboLegSpec[] = [];
      for (const leg of req.comboLegs) {
        const res = market.resolve({ ...req.contract, conId: leg.conId, secType: "", symbol: "", lastTradeDateOrContractMonth: "", strike: undefined, right: "", multiplier: "", localSymbol: "", tradingClass: "", exchange: "SMART" });
        const inst = res.ok ? res.matches[0] : undefined;
        if (!inst || leg.ratio <= 0 || (leg.action !== "BUY" && leg.action !== "SELL")) {
          const e = TwsError.NO_SECURITY;
          conn.sendError(req.orderId, e.code, e.text);
          return undefined;
        }
        legs.push({ inst, ratio: leg.ratio, action: leg.action, exchange: leg.exchange });
      }
      const symbols = new Set(legs.map((l) => l.inst.symbol));
      if (symbols.size !== 1) {
        this.reject(conn, req.orderId, "All legs of a combo must have the same underlying.");
        return undefined;
      }
      const symbol = legs[0]?.inst.symbol ?? req.contract.symbol;
      return {
        inst: undefined,
        legs,
        contract: {
          conId: BAG_CONID,
          symbol,
          secType: "BAG",
          lastTradeDateOrContractMonth: "",
          strike: 0,
          right: "",
          multiplier: "",
          exchange: "SMART",
          primaryExch: "",
          currency: "USD",
          localSymbol: "",
          tradingClass: "",
        },
      };
    }
    const res = market.resolve(req.contract);
    if (!res.ok || res.matches.length !== 1 || !res.matches[0]) {
      const e = TwsError.NO_SECURITY;
      conn.sendError(req.orderId, e.code, res.ok && res.matches.length > 1 ? `The contract description specified for ${req.contract.symbol} is ambiguous.` : e.text);
      return undefined;
    }
    const inst = res.matches[0];
    return { inst, legs: [], contract: { ...wireContract(inst), exchange: req.contract.exchange || "SMART" } };
  }

  /** Quote of a single contract or of a combo (net prices per combo unit, sizes in combo units). */
  quote(o: Pick<SimOrder, "inst" | "legs">, t: number): Quote {
    const market = this.host.market;
    const single = (inst: Instrument): Quote => {
      if (inst.kind === "stock") return market.stock(inst.underlying).quote(t);
      return market.options.quote(inst, t);
    };
    if (o.inst) return single(o.inst);
    let bid = 0;
    let ask = 0;
    let bidSize = Infinity;
    let askSize = Infinity;
    for (const leg of o.legs) {
      const q = single(leg.inst);
      const sign = leg.action === "BUY" ? 1 : -1;
      // Buying the combo buys BUY legs at their ask and sells SELL legs at their bid; selling is the reverse.
      ask += sign * leg.ratio * (sign > 0 ? q.ask : q.bid);
      bid += sign * leg.ratio * (sign > 0 ? q.bid : q.ask);
      askSize = Math.min(askSize, Math.floor((sign > 0 ? q.askSize : q.bidSize) / leg.ratio));
      bidSize = Math.min(bidSize, Math.floor((sign > 0 ? q.bidSize : q.askSize) / leg.ratio));
    }
    return { bid: round2(bid), ask: round2(ask), bidSize: Math.max(0, bidSize), askSize: Math.max(0, askSize) };
  }

  /** Positions after a hypothetical full fill at the current natural price (for margin checks). */
  private positionsAfter(o: Pick<SimOrder, "inst" | "legs" | "action" | "totalQuantity">, price: number): Position[] {
    const copy = new Map<number, Position>();
    for (const [k, p] of this.host.account.positions) copy.set(k, { ...p });
    const add = (inst: Instrument, qty: number, px: number): void => {
      const p = copy.get(inst.conId);
      if (p) p.quantity += qty;
      else copy.set(inst.conId, { instrument: inst, quantity: qty, avgCost: px * inst.multiplier, priorMark: px, realizedToday: 0 });
    };
    const dir = o.action === "BUY" ? 1 : -1;
    if (o.inst) add(o.inst, dir * o.totalQuantity, price);
    for (const leg of o.legs) add(leg.inst, dir * (leg.action === "BUY" ? 1 : -1) * leg.ratio * o.totalQuantity, 0);
    return [...copy.values()];
  }

  private multiplierOf(o: Pick<SimOrder, "inst" | "legs">): number {
    if (o.inst) return o.inst.multiplier;
    return o.legs[0]?.inst.multiplier ?? 100;
  }

  /** Margin and commission of an order against the current account, as a what-if answer reports them. */
  whatIfState(o: Pick<SimOrder, "inst" | "legs" | "action" | "totalQuantity" | "lmtPrice">): WireOrderState {
    const valuation = this.host.valuation();
    const account = this.host.account;
    const q = this.quote(o, this.host.now());
    const price = o.lmtPrice ?? (o.action === "BUY" ? q.ask : q.bid);
    const before = Account.margin(account.positions.values(), valuation);
    const after = Account.margin(this.positionsAfter(o, price), valuation);
    const valuesBefore = account.values(valuation);
    const dir = o.action === "BUY" ? 1 : -1;
    const mult = this.multiplierOf(o);
    const commission = this.orderCommissionFor(o, price);
    const contracts = o.inst ? o.totalQuantity : o.legs.reduce((n, l) => n + l.ratio * o.totalQuantity, 0);
    const range = commissionRange(o.inst?.kind ?? "option", o.action, price, contracts, commission);
    // Cash moves by the premium or stock cost; equity with loan counts stock value but not options.
    const cashChange = -dir * price * o.totalQuantity * mult - commission;
    const stockValueChange = o.inst?.kind === "stock" ? dir * o.totalQuantity * price : 0;
    const ewlChange = cashChange + stockValueChange;
    return {
      status: "PreSubmitted",
      initMarginBefore: before.init,
      maintMarginBefore: before.maint,
      equityWithLoanBefore: valuesBefore.equityWithLoan,
      initMarginChange: after.init - before.init,
      maintMarginChange: after.maint - before.maint,
      equityWithLoanChange: ewlChange,
      initMarginAfter: after.init,
      maintMarginAfter: after.maint,
      equityWithLoanAfter: valuesBefore.equityWithLoan + ewlChange,
      commission,
      minCommission: range.min,
      maxCommission: range.max,
      commissionCurrency: "USD",
      warningText: "",
    };
  }

  private orderCommissionFor(o: Pick<SimOrder, "inst" | "legs" | "totalQuantity">, price: number): number {
    if (o.inst) return orderCommission(o.inst.kind, Math.abs(price), o.totalQuantity, o.inst.multiplier);
    let total = 0;
    for (const leg of o.legs) total += orderCommission(leg.inst.kind, 1, leg.ratio * o.totalQuantity, leg.inst.multiplier);
    return round2(total);
  }

  /** PLACE_ORDER: a new order, a modification of a working one, or a what-if query. */
  place(conn: ClientSession, req: OrderRequest): void {
    const existing = this.orders.get(req.orderId);
    if (existing && !req.whatIf && existing.clientId !== (conn.clientId ?? 0)) {
      // Order ids are one space on a TWS: another client's id cannot be reused (or modified) from here.
      const e = TwsError.DUPLICATE_ORDER_ID;
      conn.sendError(req.orderId, e.code, e.text);
      return;
    }
    if (existing && !req.whatIf) {
      this.modify(conn, existing, req);
      return;
    }
    if (!req.whatIf && req.orderId < this.nextId && !existing) {
      // Ids only grow; reusing an old id for a new order is refused.
      const e = TwsError.DUPLICATE_ORDER_ID;
      conn.sendError(req.orderId, e.code, e.text);
      return;
    }
    if (req.whatIf && !req.transmit) {
      const e = TwsError.WHAT_IF_TRANSMIT;
      conn.sendError(req.orderId, e.code, e.text);
      return;
    }
    const resolved = this.resolveContract(conn, req);
    if (!resolved) return;
    const orderType = req.orderType === "STPLMT" ? "STP LMT" : (req.orderType as SimOrder["orderType"]);
    const order: SimOrder = {
      orderId: req.orderId,
      clientId: conn.clientId ?? 0,
      permId: 0,
      req,
      inst: resolved.inst,
      legs: resolved.legs,
      contract: resolved.contract,
      action: req.action as "BUY" | "SELL",
      orderType,
      totalQuantity: req.totalQuantity,
      lmtPrice: orderType === "LMT" || orderType === "STP LMT" ? req.lmtPrice : undefined,
      auxPrice: orderType === "STP" || orderType === "STP LMT" ? req.auxPrice : undefined,
      status: "PreSubmitted",
      transmitted: false,
      triggered: !(orderType === "STP" || orderType === "STP LMT"),
      seenByMarket: false,
      filled: 0,
      avgFillPrice: 0,
      lastFillPrice: 0,
      commissionPaid: 0,
      placedAt: this.host.now(),
    };
    const problem = validate(req);
    if (problem) {
      this.markUsed(req.orderId);
      this.refuse(conn, order, problem);
      return;
    }
    if (req.whatIf) {
      // What-if orders are answered with one openOrder carrying margin and commission, and nothing is kept.
      conn.send(openOrder(conn.serverVersion, order.contract, this.wireOrder(order, true), this.whatIfState(order)));
      return;
    }
    this.markUsed(req.orderId);
    if (this.rejectNextReason !== undefined) {
      const reason = this.rejectNextReason;
      this.rejectNextReason = undefined;
      this.refuse(conn, order, reason);
      return;
    }
    const marginProblem = this.marginProblem(order);
    if (marginProblem) {
      this.refuse(conn, order, marginProblem);
      return;
    }
    if (req.parentId > 0) {
      const parent = this.orders.get(req.parentId);
      if (!parent || (isFinal(parent) && parent.status !== "Filled")) {
        this.refuse(conn, order, `Parent order ${req.parentId} is not active.`);
        return;
      }
    }
    order.permId = this.nextPermId++;
    this.orders.set(order.orderId, order);
    this.host.log(`order ${order.orderId} ${order.action} ${order.totalQuantity} ${order.contract.localSymbol || order.contract.symbol} ${order.orderType} ${order.lmtPrice ?? ""} transmit=${req.transmit}`);
    if (!req.transmit) {
      // Held in TWS until something transmits it (the last order of a bracket transmits the whole group).
      order.status = "Inactive";
      this.sendOpenOrder(order);
      this.sendStatus(order);
      return;
    }
    this.transmit(order);
    // Transmitting a child transmits its parent and siblings that were held.
    if (req.parentId > 0) {
      const parent = this.orders.get(req.parentId);
      if (parent && !parent.transmitted) this.transmit(parent);
      for (const sib of this.orders.values()) if (sib.req.parentId === req.parentId && !sib.transmitted) this.transmit(sib);
    }
  }

  private transmit(o: SimOrder): void {
    o.transmitted = true;
    o.status = "PreSubmitted";
    this.sendOpenOrder(o);
    this.sendStatus(o);
  }

  private sendInactive(conn: ClientSession, req: OrderRequest): void {
    conn.send(orderStatus(conn.serverVersion, req.orderId, "Inactive", 0, req.totalQuantity, 0, 0, req.parentId, 0, conn.clientId ?? 0));
  }

  /** Refuses an order (201, then Inactive) and, unless it was a what-if, keeps it for the completed orders. */
  private refuse(conn: ClientSession, order: SimOrder, reason: string): void {
    this.reject(conn, order.orderId, reason);
    this.sendInactive(conn, order.req);
    if (order.req.whatIf) return;
    order.permId = this.nextPermId++;
    order.status = "Inactive";
    // Transmitted and Inactive: done for good (isFinal), unlike an order held untransmitted.
    order.transmitted = true;
    this.complete(order, `${TwsError.ORDER_REJECTED.text}${reason}`);
    this.rejected.push(order);
  }

  /** Marks the moment an order is done and TWS's words for how, once. */
  private complete(o: SimOrder, completedStatus: string): void {
    if (o.completedAt !== undefined) return;
    o.completedAt = this.host.now();
    o.completedStatus = completedStatus;
  }

  private marginProblem(o: SimOrder): string | undefined {
    const opensRisk = o.action === "BUY" || o.inst === undefined || (o.inst && (this.host.account.position(o.inst.conId)?.quantity ?? 0) < o.totalQuantity);
    if (!opensRisk) return undefined;
    const state = this.whatIfState(o);
    const after = state.equityWithLoanAfter ?? 0;
    const init = state.initMarginAfter ?? 0;
    const valuesCash = this.host.account.cash + (state.equityWithLoanChange ?? 0);
    // Options are not marginable: their premium must come out of cash; everything else is a Reg T check.
    if (o.action === "BUY" && o.inst?.kind === "option" && valuesCash < -1e-6 && after - init < 0) {
      return `YOUR ORDER IS NOT ACCEPTED. IN ORDER TO OBTAIN THE DESIRED POSITION YOUR CASH BALANCE [${this.host.account.cash.toFixed(2)} USD] MUST EXCEED THE COST OF THE ORDER.`;
    }
    if (after < init) {
      return `YOUR ORDER IS NOT ACCEPTED. IN ORDER TO OBTAIN THE DESIRED POSITION YOUR EQUITY WITH LOAN VALUE [${after.toFixed(2)} USD] MUST EXCEED THE INITIAL MARGIN [${init.toFixed(2)} USD]`;
    }
    return undefined;
  }

  private modify(conn: ClientSession, o: SimOrder, req: OrderRequest): void {
    if (o.status === "Filled") {
      const e = TwsError.MODIFY_FILLED;
      conn.sendError(o.orderId, e.code, e.text);
      return;
    }
    if (isFinal(o)) {
      const e = TwsError.NOT_CANCELLABLE;
      conn.sendError(o.orderId, e.code, `${e.text}${o.permId}`);
      return;
    }
    if (req.totalQuantity < o.filled || req.totalQuantity <= 0) {
      this.reject(conn, o.orderId, "The order size cannot be reduced below the filled quantity.");
      return;
    }
    o.req = { ...req, parentId: o.req.parentId };
    o.totalQuantity = req.totalQuantity;
    if (o.orderType === "LMT" || o.orderType === "STP LMT") o.lmtPrice = req.lmtPrice;
    if (o.orderType === "STP" || o.orderType === "STP LMT") o.auxPrice = req.auxPrice;
    o.seenByMarket = false;
    if (!o.transmitted && req.transmit) {
      this.transmit(o);
      return;
    }
    this.sendOpenOrder(o);
    this.sendStatus(o);
  }

  /** cancelOrder: PendingCancel then Cancelled with error 202; 10147 for an unknown id, 10148 when final. */
  cancel(conn: ClientSession, orderId: number): void {
    const found = this.orders.get(orderId);
    // A client cancels its own orders only (client 0 may cancel any, as the master client): TWS does not find another's.
    const o = found && (found.clientId === conn.clientId || conn.clientId === 0) ? found : undefined;
    if (!o) {
      const e = TwsError.CANCEL_NOT_FOUND;
      conn.sendError(orderId, e.code, e.text.replace("{id}", String(orderId)));
      return;
    }
    if (isFinal(o)) {
      const e = TwsError.CANCEL_NOT_ALLOWED;
      conn.sendError(orderId, e.code, e.text.replace("{id}", String(orderId)).replace("{state}", o.status));
      return;
    }
    this.cancelOrder(o, true);
  }

  private cancelOrder(o: SimOrder, reportError: boolean, reason = "", completion: string = COMPLETION.cancelledByTrader): void {
    if (isFinal(o)) return;
    this.sendStatus({ ...o, status: "PendingCancel" });
    o.status = "Cancelled";
    this.complete(o, completion);
    this.sendOpenOrder(o);
    this.sendStatus(o);
    if (reportError) {
      const e = TwsError.ORDER_CANCELLED;
      for (const c of this.host.recipientsOf(o.clientId)) c.sendError(o.orderId, e.code, `${e.text}${reason}`);
    }
    // Children of a cancelled parent go with it.
    for (const child of this.orders.values()) if (child.req.parentId === o.orderId && child.filled === 0) this.cancelOrder(child, reportError, reason, completion);
  }

  cancelAll(): void {
    for (const o of this.orders.values()) if (!isFinal(o)) this.cancelOrder(o, true);
  }

  /** Working orders for reqOpenOrders / reqAllOpenOrders, each as openOrder + orderStatus. */
  reportOpen(conn: ClientSession, scope: "own" | "all"): void {
    for (const o of this.orders.values()) {
      if (isFinal(o)) continue;
      if (scope === "own" && o.clientId !== conn.clientId && !(conn.clientId === 0 && conn.autoBind)) continue;
      this.sendOpenOrder(o, conn);
      this.sendStatus(o, conn);
    }
  }

  /**
   * reqCompletedOrders: every filled, cancelled or rejected order completed since the report window opened,
   * oldest first, each as one COMPLETED_ORDER. Every order here was placed through the API, so apiOnly changes
   * nothing; orders of every client are listed.
   */
  reportCompleted(conn: ClientSession): void {
    const since = this.reportWindows.completedOrdersSince;
    const done = [...this.orders.values(), ...this.rejected]
      .filter((o) => isFinal(o) && (o.completedAt ?? o.placedAt) > since)
      .sort((a, b) => (a.completedAt ?? a.placedAt) - (b.completedAt ?? b.placedAt));
    for (const o of done) conn.send(this.completedOrderMessage(conn.serverVersion, o));
  }

  private completedOrderMessage(v: number, o: SimOrder): ReturnType<typeof completedOrder> {
    const at = o.completedAt ?? o.placedAt;
    const parent = o.req.parentId > 0 ? this.orders.get(o.req.parentId) : undefined;
    // A filled order comes back with totalQuantity 0 and its size in filledQuantity, as TWS reports it.
    const wire = { ...this.wireOrder(o), totalQuantity: o.status === "Filled" ? 0 : o.totalQuantity };
    return completedOrder(v, o.contract, wire, {
      status: o.status,
      filledQuantity: o.filled,
      completedTime: formatConnectionTime(at),
      completedStatus: o.completedStatus ?? (o.status === "Filled" ? COMPLETION.filled : COMPLETION.cancelledByTrader),
      parentPermId: parent?.permId,
      stopPrice: o.orderType === "STP" || o.orderType === "STP LMT" ? o.auxPrice : undefined,
    });
  }

  private parentFilled(o: SimOrder): boolean {
    if (o.req.parentId <= 0) return true;
    const p = this.orders.get(o.req.parentId);
    return p !== undefined && p.status === "Filled";
  }

  private canTrade(o: SimOrder, t: number): boolean {
    if (!this.host.enforceRegularHours) return true;
    if (isRegularHours(t)) return true;
    const stockOnly = o.inst?.kind === "stock";
    return stockOnly && o.req.outsideRth && nyTime(t).minutes >= 4 * 60 && nyTime(t).minutes < 20 * 60;
  }

  /** Day orders expire at the close of the session they were placed in (or the next one, if placed after it). */
  private expiry(o: SimOrder): number | undefined {
    if (o.req.tif !== "DAY") return undefined;
    const ny = nyTime(o.placedAt);
    let day = ny.day;
    if (!isTradingDay(day) || ny.minutes >= RTH_CLOSE_MIN) day = nextTradingDay(day);
    return nyToUtc(day, RTH_CLOSE_MIN);
  }

  /** One matching pass over every working order. */
  step(): void {
    const t = this.host.now();
    for (const o of [...this.orders.values()]) {
      if (!o.transmitted || isFinal(o)) continue;
      const expires = this.expiry(o);
      if (expires !== undefined && t >= expires) {
        this.cancelOrder(o, false, "", COMPLETION.dayOrderExpired);
        continue;
      }
      if (!this.parentFilled(o) || !this.canTrade(o, t)) continue;
      const q = this.quote(o, t);
      if (!o.triggered) {
        const mid = (q.bid + q.ask) / 2;
        const stop = o.auxPrice ?? 0;
        if ((o.action === "BUY" && mid >= stop) || (o.action === "SELL" && mid <= stop)) {
          o.triggered = true;
          o.seenByMarket = false;
          this.setStatus(o, "Submitted");
        } else {
          continue;
        }
      }
      if (o.status === "PreSubmitted") this.setStatus(o, "Submitted");
      if (this.fillsStopped) continue;
      this.tryFill(o, q);
    }
  }

  private tryFill(o: SimOrder, q: Quote): void {
    const buying = o.action === "BUY";
    const px = buying ? q.ask : q.bid;
    const size = buying ? q.askSize : q.bidSize;
    const limit = o.orderType === "LMT" || o.orderType === "STP LMT" ? o.lmtPrice : undefined;
    const firstLook = !o.seenByMarket;
    o.seenByMarket = true;
    const marketable = limit === undefined || (buying ? px <= limit + 1e-9 : px >= limit - 1e-9);
    if (!marketable || size <= 0) {
      if (o.req.tif === "IOC") this.cancelOrder(o, false, "", COMPLETION.immediateOrCancel);
      return;
    }
    const remaining = o.totalQuantity - o.filled;
    if (o.req.allOrNone && size < remaining) return;
    const qty = Math.min(remaining, size);
    // A limit order already resting when the market reached it fills at its limit; on arrival, at the quote.
    const price = limit !== undefined && !firstLook ? limit : px;
    this.fill(o, qty, round2(price));
    if (o.req.tif === "IOC" && o.filled < o.totalQuantity) this.cancelOrder(o, false, "", COMPLETION.immediateOrCancel);
  }

  private execId(): string {
    this.execSeq++;
    const a = ((this.execBase + this.execSeq) >>> 0).toString(16).padStart(8, "0");
    const b = Math.floor(this.host.now() / 1000).toString(16).padStart(8, "0");
    return `${a}.${b}`;
  }

  private venue(inst: Instrument | undefined, seq: number): string {
    if (!inst) return "SMART";
    if (inst.kind === "stock") return inst.underlying.primaryExch === "NASDAQ" ? "ISLAND" : inst.underlying.primaryExch;
    const venues = ["CBOE", "PHLX", "ISE", "AMEX", "BOX", "MIAX", "NASDAQOM"];
    return venues[seq % venues.length] ?? "CBOE";
  }

  private fill(o: SimOrder, qty: number, price: number): void {
    const t = this.host.now();
    const time = formatConnectionTime(t);
    const account = this.host.account;
    const dir = o.action === "BUY" ? 1 : -1;
    const prevFilled = o.filled;
    o.filled += qty;
    o.avgFillPrice = round6((o.avgFillPrice * prevFilled + price * qty) / o.filled);
    o.lastFillPrice = price;
    const base = this.execId();
    const changed: number[] = [];
    const reports: { execId: string; commission: number; realized: number | undefined }[] = [];
    const execs: SimExecution[] = [];
    const push = (inst: Instrument | undefined, contract: WireContract, side: "BOT" | "SLD", shares: number, px: number, cum: number, avg: number, suffix: string, commission: number, realized: number | undefined): void => {
      const e: SimExecution = {
        execId: `${base}.${suffix}`,
        orderId: o.orderId,
        clientId: o.clientId,
        permId: o.permId,
        contract,
        side,
        shares,
        price: px,
        time: t,
        cumQty: cum,
        avgPrice: avg,
        orderRef: o.req.orderRef,
        exchange: this.venue(inst, this.execSeq),
        commission,
        realizedPnl: realized,
      };
      execs.push(e);
      reports.push({ execId: e.execId, commission, realized });
    };
    if (o.inst) {
      const commission = executionCommission(o.inst.kind, price, qty, o.inst.multiplier, o.commissionPaid);
      o.commissionPaid += commission;
      const realized = account.applyFill(o.inst, dir * qty, price, commission);
      changed.push(o.inst.conId);
      push(o.inst, { ...o.contract, exchange: this.venue(o.inst, this.execSeq) }, dir > 0 ? "BOT" : "SLD", qty, price, o.filled, o.avgFillPrice, "01.01", commission, realized !== 0 ? realized : undefined);
    } else {
      // Each leg fills at its own quote; the first leg absorbs any difference so the legs add up to the net price.
      const legPrices = o.legs.map((leg) => {
        const lq = leg.inst.kind === "stock" ? this.host.market.stock(leg.inst.underlying).quote(t) : this.host.market.options.quote(leg.inst, t);
        const legBuys = dir * (leg.action === "BUY" ? 1 : -1) > 0;
        return legBuys ? lq.ask : lq.bid;
      });
      const natural = o.legs.reduce((s, leg, i) => s + (leg.action === "BUY" ? 1 : -1) * leg.ratio * (legPrices[i] ?? 0), 0);
      const first = o.legs[0];
      if (first && legPrices[0] !== undefined) {
        legPrices[0] = round2(legPrices[0] + ((price - natural) * (first.action === "BUY" ? 1 : -1)) / first.ratio);
      }
      o.legs.forEach((leg, i) => {
        const legDir = dir * (leg.action === "BUY" ? 1 : -1);
        const legQty = leg.ratio * qty;
        const legPrice = Math.max(0, legPrices[i] ?? 0);
        const commission = executionCommission(leg.inst.kind, legPrice, legQty, leg.inst.multiplier, 0);
        o.commissionPaid += commission;
        const realized = account.applyFill(leg.inst, legDir * legQty, legPrice, commission);
        changed.push(leg.inst.conId);
        const cum = leg.ratio * o.filled;
        push(leg.inst, { ...wireContract(leg.inst), exchange: this.venue(leg.inst, this.execSeq + i) }, legDir > 0 ? "BOT" : "SLD", legQty, legPrice, cum, legPrice, `0${i + 2}.01`, commission, realized !== 0 ? realized : undefined);
      });
      // The combo itself is reported as one more execution, without commission (the legs carry it).
      execs.push({
        execId: `${base}.01.01`,
        orderId: o.orderId,
        clientId: o.clientId,
        permId: o.permId,
        contract: o.contract,
        side: dir > 0 ? "BOT" : "SLD",
        shares: qty,
        price,
        time: t,
        cumQty: o.filled,
        avgPrice: o.avgFillPrice,
        orderRef: o.req.orderRef,
        exchange: "SMART",
        commission: 0,
        realizedPnl: undefined,
      });
    }
    this.executions.push(...execs);
    for (const e of execs) this.broadcast(o, (v) => executionData(v, -1, e.contract, { ...e, time, account: account.id }));
    const done = o.filled >= o.totalQuantity;
    o.status = done ? "Filled" : "Submitted";
    if (done) this.complete(o, COMPLETION.filled);
    this.sendStatus(o);
    if (done) this.sendOpenOrder(o);
    for (const r of reports) this.broadcast(o, () => commissionReport(r.execId, r.commission, r.realized));
    this.host.log(`order ${o.orderId} filled ${qty} @ ${price} (${o.filled}/${o.totalQuantity})`);
    this.afterFill(o, qty);
    this.host.onAccountChanged(changed);
  }

  /** OCA groups: type 1 cancels the other orders, types 2 and 3 reduce them by the filled quantity. */
  private afterFill(o: SimOrder, qty: number): void {
    const group = o.req.ocaGroup;
    if (group === "") return;
    for (const other of this.orders.values()) {
      if (other === o || other.req.ocaGroup !== group || isFinal(other)) continue;
      if (o.req.ocaType === 1 || o.req.ocaType === 0) {
        this.cancelOrder(other, false, "", COMPLETION.ocaGroup);
      } else {
        other.totalQuantity -= qty;
        if (other.totalQuantity <= other.filled) this.cancelOrder(other, false, "", COMPLETION.ocaGroup);
        else {
          this.sendOpenOrder(other);
          this.sendStatus(other);
        }
      }
    }
  }
}

/** Order checks TWS makes before accepting an order; the text is the rejection reason. */
function validate(req: OrderRequest): string | undefined {
  // Never let an order work as a plainer one than was asked for: what is not modelled is refused.
  if (req.unmodelled.includes("conditions")) return "Conditional orders are not supported by the simulator.";
  if (req.unmodelled.length > 0) return `The simulator does not support ${req.unmodelled.join(", ")} on an order.`;
  if (req.action !== "BUY" && req.action !== "SELL") return `Invalid action: ${req.action}`;
  if (!(req.totalQuantity > 0)) return "The order size must be greater than zero.";
  if (!Number.isInteger(req.totalQuantity)) return "Fractional quantities are not supported for this contract.";
  const type = req.orderType === "STPLMT" ? "STP LMT" : req.orderType;
  if (!["LMT", "MKT", "STP", "STP LMT"].includes(type)) return `Order type ${req.orderType} is not supported.`;
  if ((type === "LMT" || type === "STP LMT") && req.lmtPrice === undefined) return "A limit price is required.";
  if ((type === "STP" || type === "STP LMT") && req.auxPrice === undefined) return "A stop price is required.";
  if (!["DAY", "GTC", "IOC"].includes(req.tif)) return `Time in force ${req.tif} is not supported.`;
  if (req.lmtPrice !== undefined && req.contract.secType.toUpperCase() !== "BAG" && req.lmtPrice < 0) return "The limit price must not be negative.";
  if (req.lmtPrice !== undefined && Math.abs(req.lmtPrice * 100 - Math.round(req.lmtPrice * 100)) > 1e-6) {
    return "The price does not conform to the minimum price variation for this contract.";
  }
  return undefined;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
