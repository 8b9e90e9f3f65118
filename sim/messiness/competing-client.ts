import type { Field } from "../protocol/framing";
import type { ClientSession } from "../session";
import type { OrderEngine } from "../trading/order-engine";
import type { OrderRequest } from "../trading/order-request";

/** What the competing client places: a resting stock limit order far enough from the market not to fill. */
export interface CompetingOrder {
  symbol: string;
  action: "BUY" | "SELL";
  quantity: number;
  limitPrice: number;
}

/**
 * Another API client on the same TWS (a second app, a script, TWS's own Excel link). It has no socket: it draws
 * order ids from the same id space the socket clients do, places and cancels orders, and those orders show in
 * reqAllOpenOrders and reach client 0 only, as TWS reports another client's orders.
 */
export class CompetingClient implements ClientSession {
  readonly serverVersion = 193;
  readonly autoBind = false;
  /** Errors TWS sent it (for tests: 103 when it reused an id). */
  readonly errors: { id: number; code: number; text: string }[] = [];
  /** Its working order ids, oldest first. */
  private readonly placed: number[] = [];

  constructor(
    readonly clientId: number,
    private readonly orders: OrderEngine,
  ) {}

  send(fields: readonly Field[]): void {
    void fields; // it reads nothing back
  }

  sendError(id: number, code: number, text: string): void {
    this.errors.push({ id, code, text });
  }

  /** Uses up `count` order ids as its own orders would; returns the ids taken. The next valid id moves past them. */
  takeOrderIds(count: number): number[] {
    const first = this.orders.peekNextOrderId();
    const ids = Array.from({ length: Math.max(1, Math.floor(count)) }, (_, i) => first + i);
    this.orders.markUsed(ids[ids.length - 1] ?? first);
    return ids;
  }

  /** Places one order with the next id (or `orderId`, to provoke 103 on an id already used); returns the id. */
  placeOrder(order: CompetingOrder, orderId = this.orders.peekNextOrderId()): number {
    this.orders.place(this, competingRequest(orderId, order));
    if (this.orders.orders.get(orderId)?.clientId === this.clientId) this.placed.push(orderId);
    return orderId;
  }

  /** Cancels its oldest working order; returns its id, or undefined when it has none. */
  cancelOldest(): number | undefined {
    const id = this.placed.shift();
    if (id !== undefined) this.orders.cancel(this, id);
    return id;
  }

  workingOrderIds(): number[] {
    return [...this.placed];
  }
}

function competingRequest(orderId: number, o: CompetingOrder): OrderRequest {
  return {
    orderId,
    contract: {
      conId: 0,
      symbol: o.symbol.toUpperCase(),
      secType: "STK",
      lastTradeDateOrContractMonth: "",
      strike: undefined,
      right: "",
      multiplier: "",
      exchange: "SMART",
      primaryExch: "",
      currency: "USD",
      localSymbol: "",
      tradingClass: "",
    },
    comboLegs: [],
    orderComboLegPrices: [],
    action: o.action,
    totalQuantity: o.quantity,
    orderType: "LMT",
    lmtPrice: o.limitPrice,
    auxPrice: undefined,
    tif: "DAY",
    ocaGroup: "",
    ocaType: 0,
    account: "",
    openClose: "",
    orderRef: "competing-client",
    transmit: true,
    parentId: 0,
    outsideRth: true,
    goodTillDate: "",
    allOrNone: false,
    trailingPercent: undefined,
    trailStopPrice: undefined,
    algoStrategy: "",
    goodAfterTime: "",
    whatIf: false,
    unmodelled: [],
  };
}
