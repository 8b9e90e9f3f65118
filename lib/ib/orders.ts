/**
 * Orders at TWS: how SumpPump's orders are laid out (one leg as itself, several as one BAG combo), placing and
 * cancelling them, reading back open orders, executions and completed orders (for reconciliation), and the
 * order events TWS pushes (status, executions, commissions, rejections) in app types.
 */
import { EventName, OrderAction, OrderType, SecType, TimeInForce, type CommissionReport, type Contract, type Execution, type Order, type OrderState } from "@stoqey/ib";
import { IbError, IbErrorCode } from "../errors";
import { isWarning, type IbClient } from "./client";

/** One leg of an order, resolved to its contract. */
export interface OrderLeg {
  conId: number;
  action: "BUY" | "SELL";
  /** Units of this leg per unit of the order (contracts or shares). */
  ratio: number;
  secType: "OPT" | "STK";
}

export type IbOrderType = "LMT" | "MKT" | "STP" | "STP LMT";

export interface OrderSpec {
  symbol: string;
  legs: OrderLeg[];
  /** Units of the order (spreads, contracts or shares). */
  quantity: number;
  action: "BUY" | "SELL";
  orderType: IbOrderType;
  /** Limit per unit (per share); for a combo the net per spread, negative for a credit. */
  limitPrice?: number;
  /** Stop trigger per unit, for STP and STP LMT. */
  stopPrice?: number;
  tif: "DAY" | "GTC";
  /** Free text TWS keeps with the order and its executions: SumpPump puts the proposal id here. */
  orderRef?: string;
  /** For the stop of a bracket: the entry's order id (TWS holds it until the entry fills). */
  parentId?: number;
  /** False only for the entry of a bracket: TWS holds it until its child arrives with transmit true. */
  transmit?: boolean;
}

/**
 * How legs are traded together for a debit or a credit: a single leg is bought or sold as stated; a combo is
 * bought for a debit, and for a credit its mirror is sold, so that limit and stop prices are always the positive
 * value of one unit (a SELL stop on a long spread triggers as the spread's value falls).
 */
export function tradedAs(legs: readonly OrderLeg[], side: "debit" | "credit"): { legs: OrderLeg[]; action: "BUY" | "SELL" } {
  if (legs.length === 1) return { legs: [...legs], action: legs[0]!.action };
  if (side === "debit") return { legs: [...legs], action: "BUY" };
  return { legs: legs.map((l) => ({ ...l, action: l.action === "BUY" ? ("SELL" as const) : ("BUY" as const) })), action: "SELL" };
}

/** The contract and order TWS receives for a spec. */
export function ibContractAndOrder(spec: OrderSpec, extra: Partial<Order> = {}): { contract: Contract; order: Order } {
  const single = spec.legs.length === 1 ? spec.legs[0]! : undefined;
  const contract: Contract = single
    ? { conId: single.conId, exchange: "SMART", currency: "USD", secType: single.secType === "OPT" ? SecType.OPT : SecType.STK }
    : {
        symbol: spec.symbol,
        secType: SecType.BAG,
        exchange: "SMART",
        currency: "USD",
        comboLegs: spec.legs.map((l) => ({ conId: l.conId, ratio: l.ratio, action: l.action === "BUY" ? OrderAction.BUY : OrderAction.SELL, exchange: "SMART" })),
      };
  const order: Order = {
    action: spec.action === "BUY" ? OrderAction.BUY : OrderAction.SELL,
    totalQuantity: spec.quantity * (single ? single.ratio : 1),
    orderType: ORDER_TYPES[spec.orderType],
    lmtPrice: spec.orderType === "LMT" || spec.orderType === "STP LMT" ? spec.limitPrice : undefined,
    auxPrice: spec.orderType === "STP" || spec.orderType === "STP LMT" ? spec.stopPrice : undefined,
    tif: spec.tif === "GTC" ? TimeInForce.GTC : TimeInForce.DAY,
    orderRef: spec.orderRef,
    parentId: spec.parentId,
    // Stated, never left to a default: an undefined flag is sent as false and TWS would hold the order.
    transmit: spec.transmit ?? true,
    ...extra,
  };
  return { contract, order };
}

const ORDER_TYPES: Record<IbOrderType, OrderType> = { LMT: OrderType.LMT, MKT: OrderType.MKT, STP: OrderType.STP, "STP LMT": OrderType.STP_LMT };

/** TWS's what-if for a spec: margin and commission, nothing placed. */
export function requestWhatIf(client: IbClient, spec: OrderSpec): Promise<OrderState> {
  const { contract, order } = ibContractAndOrder(spec, { whatIf: true, orderRef: undefined });
  return client.request<OrderState>({
    label: `what-if for ${spec.symbol}`,
    idKind: "order",
    send: (api, orderId) => api.placeOrder(orderId, contract, order),
    handle: (event, args, settle) => {
      if (event !== EventName.openOrder) return;
      const state = args[3] as OrderState;
      // TWS may send an openOrder before the margin figures are in; wait for the one that has them.
      if (state.initMarginChange !== undefined || state.commission !== undefined || state.warningText) settle.resolve(state);
    },
  });
}

/**
 * Places an order under an id from `client.takeOrderId()`. Resolves once the order has been written to the
 * socket; rejects (and nothing was sent) if the connection is gone before its turn, or if `mayGo` says no at
 * that turn (IbErrorCode.Withheld). Never retried here.
 */
export async function placeOrder(client: IbClient, orderId: number, spec: OrderSpec, mayGo: () => boolean = () => true): Promise<void> {
  const { contract, order } = ibContractAndOrder(spec);
  await client.send((api) => {
    // Asked in the very turn the message is written: nothing can change the answer between here and the socket.
    if (!mayGo()) throw new IbError(IbErrorCode.Withheld, `Order ${orderId} was held back before it reached TWS; nothing was sent.`);
    api.placeOrder(orderId, contract, order);
  });
}

export function cancelOrder(client: IbClient, orderId: number): Promise<void> {
  return client.send((api) => api.cancelOrder(orderId));
}

/** An order TWS holds, as reqAllOpenOrders reports it. */
export interface OpenOrder {
  orderId: number;
  clientId: number;
  permId: number;
  orderRef: string;
  /** TWS's status word: PreSubmitted, Submitted, Filled, Cancelled, Inactive… */
  status: string;
  filled: number;
  remaining: number;
  avgFillPrice: number;
}

/** Every open order of every client (TWS also lists orders filled or cancelled in the current session). */
export function fetchOpenOrders(client: IbClient): Promise<OpenOrder[]> {
  const orders = new Map<number, OpenOrder>();
  return client.broadcastRequest<OpenOrder[]>({
    label: "open orders",
    events: [EventName.openOrder, EventName.orderStatus, EventName.openOrderEnd],
    send: (api) => api.reqAllOpenOrders(),
    handle: (event, args, settle) => {
      if (event === EventName.openOrder) {
        const [orderId, , order, state] = args as [number, Contract, Order, OrderState];
        if (order.whatIf) return;
        const known = orders.get(order.permId ?? orderId);
        orders.set(order.permId ?? orderId, {
          orderId,
          clientId: order.clientId ?? 0,
          permId: order.permId ?? 0,
          orderRef: order.orderRef ?? "",
          status: String(state.status ?? known?.status ?? ""),
          filled: known?.filled ?? 0,
          remaining: known?.remaining ?? Number(order.totalQuantity ?? 0),
          avgFillPrice: known?.avgFillPrice ?? 0,
        });
      } else if (event === EventName.orderStatus) {
        const status = orderStatusOf(args);
        const known = [...orders.values()].find((o) => (status.permId ? o.permId === status.permId : o.orderId === status.orderId));
        if (known) Object.assign(known, { status: status.status, filled: status.filled, remaining: status.remaining, avgFillPrice: status.avgFillPrice });
      } else if (event === EventName.openOrderEnd) {
        settle.resolve([...orders.values()]);
      }
    },
  });
}

/**
 * An order TWS lists as done (filled, cancelled, rejected), as reqCompletedOrders reports it. TWS sends no order
 * id or client id for these (match them by orderRef) and no fill price: prices come only from executions.
 */
export interface CompletedOrder {
  permId: number;
  orderRef: string;
  /** TWS's status word: Filled, Cancelled, ApiCancelled, or Inactive for an order it refused. */
  status: string;
  /** Units filled (filledQuantity). A filled order's totalQuantity is reported as 0, so this is the one to read. */
  filled: number;
  /** "20250324 15:02:11 US/Eastern"; may be empty. */
  completedTime: string;
  /** TWS's words on how it ended, e.g. "Cancelled by Trader"; may be empty. */
  completedStatus: string;
  secType: string;
}

/**
 * The completed orders TWS still lists: the current trading day's (TWS decides how far back; it is not a trade
 * history). Only orders placed through the API are asked for, as SumpPump's are.
 */
export function fetchCompletedOrders(client: IbClient): Promise<CompletedOrder[]> {
  const orders: CompletedOrder[] = [];
  return client.broadcastRequest<CompletedOrder[]>({
    label: "completed orders",
    events: [EventName.completedOrder, EventName.completedOrdersEnd],
    send: (api) => api.reqCompletedOrders(true),
    handle: (event, args, settle) => {
      if (event === EventName.completedOrder) orders.push(completedOrderOf(args));
      else if (event === EventName.completedOrdersEnd) settle.resolve(orders);
    },
  });
}

function completedOrderOf(args: readonly unknown[]): CompletedOrder {
  const [contract, order, state] = args as [Contract, Order, OrderState];
  return {
    permId: order.permId ?? 0,
    orderRef: order.orderRef ?? "",
    status: String(state.status ?? ""),
    filled: Number(order.filledQuantity ?? 0),
    completedTime: state.completedTime ?? "",
    completedStatus: state.completedStatus ?? "",
    secType: String(contract.secType ?? ""),
  };
}

/** One execution (a fill, or part of one) as TWS reports it. */
export interface ExecutionReport {
  execId: string;
  orderId: number;
  clientId: number;
  permId: number;
  orderRef: string;
  conId: number;
  secType: string;
  side: "BOT" | "SLD";
  shares: number;
  price: number;
  cumQty: number;
  avgPrice: number;
  time: string;
}

/** Today's executions of every client, with the commissions TWS reports for them (by execId). */
export async function fetchExecutions(client: IbClient): Promise<{ executions: ExecutionReport[]; commissions: Map<string, number> }> {
  const executions: ExecutionReport[] = [];
  const commissions = new Map<string, number>();
  // Commission reports carry no request id: collect every one that arrives while the request runs.
  const unsubscribe = client.onMessage((event, args) => {
    const report = event === EventName.commissionReport ? (args[0] as CommissionReport | undefined) : undefined;
    if (report?.execId) commissions.set(report.execId, Number(report.commission ?? 0));
  });
  try {
    await client.request<void>({
      label: "executions",
      send: (api, reqId) => api.reqExecutions(reqId, {}),
      handle: (event, args, settle) => {
        if (event === EventName.execDetails) executions.push(executionOf(args));
        // Commission reports follow their executions; give the last ones a moment to arrive.
        else if (event === EventName.execDetailsEnd) setTimeout(() => settle.resolve(), 200);
      },
    });
  } finally {
    unsubscribe();
  }
  return { executions, commissions };
}

/** What TWS pushes about orders, as SumpPump reads it. */
export type OrderEvent =
  | { kind: "status"; orderId: number; clientId: number; permId: number; status: string; filled: number; remaining: number; avgFillPrice: number; lastFillPrice: number; whyHeld: string }
  | { kind: "open"; orderId: number; clientId: number; permId: number; orderRef: string; status: string }
  | ({ kind: "execution" } & ExecutionReport)
  | { kind: "commission"; execId: string; commission: number }
  | { kind: "error"; orderId: number; code: number; message: string };

/**
 * What an error TWS names an order in means for that order:
 * - "warning": information; the order goes on (TWS's 2100–2999 notices, 399 order warnings, 404 held for a locate…);
 * - "id_in_use": 103, the order was refused only because its id had been used (another API client on the same TWS,
 *   or ids out of step): nothing of it is at TWS, and it may go again under a fresh id;
 * - "cancel_not_found": 10147, TWS knows no order of that id to cancel;
 * - "cancel_refused": 10148 or 161, the order cannot be cancelled (already done, or not in a cancellable state);
 * - "cancel_confirmed": 202, the cancel took effect (its status follows);
 * - "refused": anything else: TWS did not accept the order (201, 110, 200, 321…).
 */
export type OrderErrorKind = "warning" | "id_in_use" | "cancel_not_found" | "cancel_refused" | "cancel_confirmed" | "refused";

const ORDER_WARNINGS = new Set([404, 10349]);

export function orderErrorKind(code: number): OrderErrorKind {
  if (code === 103) return "id_in_use";
  if (code === 10147) return "cancel_not_found";
  if (code === 10148 || code === 161) return "cancel_refused";
  if (code === 202) return "cancel_confirmed";
  if (isWarning(code) || ORDER_WARNINGS.has(code)) return "warning";
  return "refused";
}

/** Request ids start at 10,000,000 (client.ts); an error naming a smaller positive id is about an order. */
const MAX_ORDER_ID = 10_000_000;

/** Turns TWS's messages into order events; anything else is ignored. */
export function toOrderEvent(event: string, args: readonly unknown[]): OrderEvent | undefined {
  switch (event) {
    case EventName.orderStatus:
      return { kind: "status", ...orderStatusOf(args) };
    case EventName.openOrder: {
      const [orderId, , order, state] = args as [number, Contract, Order, OrderState];
      if (order.whatIf) return undefined;
      return { kind: "open", orderId, clientId: order.clientId ?? 0, permId: order.permId ?? 0, orderRef: order.orderRef ?? "", status: String(state.status ?? "") };
    }
    case EventName.execDetails:
      return { kind: "execution", ...executionOf(args) };
    case EventName.commissionReport: {
      const report = args[0] as CommissionReport;
      if (!report?.execId) return undefined;
      return { kind: "commission", execId: report.execId, commission: Number(report.commission ?? 0) };
    }
    case EventName.error: {
      const [error, code, id] = args as [Error, number, number];
      if (typeof id !== "number" || id <= 0 || id >= MAX_ORDER_ID) return undefined;
      return { kind: "error", orderId: id, code, message: error?.message ?? String(error) };
    }
    default:
      return undefined;
  }
}

function orderStatusOf(args: readonly unknown[]) {
  const [orderId, status, filled, remaining, avgFillPrice, permId, , lastFillPrice, clientId, whyHeld] = args as [
    number, string, number, number, number, number, number, number, number, string,
  ];
  return {
    orderId,
    clientId: clientId ?? 0,
    permId: permId ?? 0,
    status: String(status),
    filled: Number(filled ?? 0),
    remaining: Number(remaining ?? 0),
    avgFillPrice: Number(avgFillPrice ?? 0),
    lastFillPrice: Number(lastFillPrice ?? 0),
    whyHeld: whyHeld ?? "",
  };
}

function executionOf(args: readonly unknown[]): ExecutionReport {
  const [, contract, execution] = args as [number, Contract, Execution];
  return {
    execId: execution.execId ?? "",
    orderId: execution.orderId ?? 0,
    clientId: execution.clientId ?? 0,
    permId: execution.permId ?? 0,
    orderRef: execution.orderRef ?? "",
    conId: contract.conId ?? 0,
    secType: String(contract.secType ?? ""),
    side: execution.side === "SLD" ? "SLD" : "BOT",
    shares: Number(execution.shares ?? 0),
    price: Number(execution.price ?? 0),
    cumQty: Number(execution.cumQty ?? 0),
    avgPrice: Number(execution.avgPrice ?? 0),
    time: execution.time ?? "",
  };
}
