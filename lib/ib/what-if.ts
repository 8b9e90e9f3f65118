/**
 * TWS's what-if orders: the margin and commission an order would cost, without placing it. A single leg is
 * sent as itself; several legs as one BAG (combo) order, as they would be traded.
 */
import { EventName, OrderAction, OrderType, SecType, TimeInForce, type Contract, type Order, type OrderState } from "@stoqey/ib";
import type { IbClient } from "./client";

export interface WhatIfLeg {
  conId: number;
  action: "BUY" | "SELL";
  /** Units of this leg per unit of the order (contracts or shares). */
  ratio: number;
  secType: "OPT" | "STK";
}

export interface WhatIfOrder {
  symbol: string;
  legs: WhatIfLeg[];
  /** Units of the order (spreads, contracts or shares). */
  quantity: number;
  action: "BUY" | "SELL";
  /** Limit price per unit (per share); for a combo, the net price per spread. */
  limitPrice: number;
}

/** The raw OrderState TWS returned for the what-if (interpret with lib/risk interpretWhatIf). */
export function requestWhatIf(client: IbClient, order: WhatIfOrder): Promise<OrderState> {
  const single = order.legs.length === 1 ? order.legs[0]! : undefined;
  const contract: Contract = single
    ? { conId: single.conId, exchange: "SMART", currency: "USD", secType: single.secType === "OPT" ? SecType.OPT : SecType.STK }
    : {
        symbol: order.symbol,
        secType: SecType.BAG,
        exchange: "SMART",
        currency: "USD",
        comboLegs: order.legs.map((l) => ({ conId: l.conId, ratio: l.ratio, action: l.action === "BUY" ? OrderAction.BUY : OrderAction.SELL, exchange: "SMART" })),
      };
  const ibOrder: Order = {
    action: order.action === "BUY" ? OrderAction.BUY : OrderAction.SELL,
    totalQuantity: order.quantity * (single ? single.ratio : 1),
    orderType: OrderType.LMT,
    lmtPrice: order.limitPrice,
    tif: TimeInForce.DAY,
    whatIf: true,
    // TWS answers 413 to a what-if without transmit; an undefined flag would be sent as false.
    transmit: true,
  };
  return client.request<OrderState>({
    label: `what-if for ${order.symbol}`,
    idKind: "order",
    send: (api, orderId) => api.placeOrder(orderId, contract, ibOrder),
    handle: (event, args, settle) => {
      if (event !== EventName.openOrder) return;
      const state = args[3] as OrderState;
      // TWS may send an openOrder before the margin figures are in; wait for the one that has them.
      if (state.initMarginChange !== undefined || state.commission !== undefined || state.warningText) settle.resolve(state);
    },
  });
}
