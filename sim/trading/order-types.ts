import type { Instrument } from "../market/instruments";
import type { WireContract } from "../protocol/outbound";
import type { OrderRequest } from "./order-request";

export type OrderStatusText = "PreSubmitted" | "Submitted" | "Filled" | "Cancelled" | "Inactive" | "PendingCancel" | "ApiCancelled";

export interface ComboLegSpec {
  inst: Instrument;
  ratio: number;
  action: "BUY" | "SELL";
  exchange: string;
}

/** A live or finished order as the simulated TWS keeps it. */
export interface SimOrder {
  orderId: number;
  clientId: number;
  permId: number;
  req: OrderRequest;
  /** The single contract traded, or undefined for a combo. */
  inst: Instrument | undefined;
  legs: ComboLegSpec[];
  contract: WireContract;
  action: "BUY" | "SELL";
  orderType: "LMT" | "MKT" | "STP" | "STP LMT";
  totalQuantity: number;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  status: OrderStatusText;
  transmitted: boolean;
  /** Stop orders wait here until the market reaches their stop price. */
  triggered: boolean;
  /** False until the first matching pass; a resting limit then fills at its limit. */
  seenByMarket: boolean;
  filled: number;
  avgFillPrice: number;
  lastFillPrice: number;
  commissionPaid: number;
  /** Simulated time the order was accepted. */
  placedAt: number;
  /** Simulated time it was filled, cancelled or rejected, for reqCompletedOrders. */
  completedAt?: number;
  /** How it ended, in TWS's words (completedStatus), e.g. "Cancelled by Trader". */
  completedStatus?: string;
}

export interface SimExecution {
  execId: string;
  orderId: number;
  clientId: number;
  permId: number;
  contract: WireContract;
  side: "BOT" | "SLD";
  shares: number;
  price: number;
  time: number;
  cumQty: number;
  avgPrice: number;
  orderRef: string;
  exchange: string;
  commission: number;
  realizedPnl: number | undefined;
}
