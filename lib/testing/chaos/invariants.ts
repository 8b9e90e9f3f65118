/**
 * What must hold after any schedule, once the faults have healed and TWS's reports are in: every order at TWS
 * was approved by a human, exactly as approved, once; and every proposal shows what TWS says of its order.
 */
import type { ProposalStatus } from "../../trading/lifecycle";
import type { ProposalView } from "../../trading/views";

/** An order as the simulated TWS holds it. */
export interface TwsOrder {
  orderId: number;
  orderRef: string;
  /** TWS's status word: PreSubmitted, Submitted, Filled, Cancelled, ApiCancelled, Inactive, PendingCancel. */
  status: string;
  filled: number;
  totalQuantity: number;
  lmtPrice: number | undefined;
  placedAt: number;
}

const SENT: readonly ProposalStatus[] = ["transmitted", "partially_filled", "filled", "stop_loss_prompted"];

/** The states a proposal may show for what TWS holds of its order. */
function truthfulStatuses(order: TwsOrder): readonly ProposalStatus[] {
  switch (order.status) {
    case "Filled":
      return ["filled", "stop_loss_prompted"];
    case "Cancelled":
    case "ApiCancelled":
      // A partly filled order whose rest was cancelled goes on to the stop-loss prompt for what filled.
      return order.filled > 0 ? ["stop_loss_prompted", "cancelled"] : ["cancelled"];
    case "Inactive":
      return ["rejected"];
    default:
      return order.filled > 0 ? ["partially_filled"] : ["transmitted"];
  }
}

/** Proposals left of unknown outcome (honestly: an id was claimed) with nothing of them at TWS: the trader must check. */
export function unknownOutcomes(proposals: readonly ProposalView[], tws: readonly TwsOrder[]): number {
  const refs = new Set(tws.map((o) => o.orderRef));
  return proposals.filter((p) => p.status === "outcome_unknown" && !refs.has(p.id)).length;
}

export function checkInvariants(proposals: readonly ProposalView[], tws: readonly TwsOrder[]): string[] {
  const violations: string[] = [];
  const proposalById = new Map(proposals.map((p) => [p.id, p]));
  const ordersByRef = new Map<string, TwsOrder[]>();
  for (const order of tws) {
    const orders = ordersByRef.get(order.orderRef);
    if (orders) orders.push(order);
    else ordersByRef.set(order.orderRef, [order]);
  }

  for (const order of tws) {
    const p = proposalById.get(order.orderRef);
    if (!p) {
      violations.push(`TWS holds order ${order.orderId} (orderRef "${order.orderRef}") that no proposal made`);
      continue;
    }
    if (!p.approved_at) violations.push(`order ${order.orderId} reached TWS for ${p.id}, which no human approved`);
    else if (Date.parse(p.approved_at) > order.placedAt + 1_000) violations.push(`order ${order.orderId} reached TWS before ${p.id} was approved`);
    const limitDiffers = p.limit_price !== null && (order.lmtPrice === undefined || Math.abs(Math.abs(order.lmtPrice) - p.limit_price) > 1e-6);
    if (order.totalQuantity !== p.quantity || limitDiffers) {
      violations.push(`order ${order.orderId} at TWS (${order.totalQuantity} at ${order.lmtPrice}) is not what was approved for ${p.id} (${p.quantity} at ${p.limit_price})`);
    }
  }

  for (const [ref, orders] of ordersByRef) {
    const ids = [...new Set(orders.map((o) => o.orderId))];
    if (ids.length > 1) violations.push(`${ref}: ${ids.length} orders at TWS for one approval (ids ${ids.join(", ")})`);
  }

  for (const p of proposals) {
    const order = (ordersByRef.get(p.id) ?? []).sort((a, b) => b.orderId - a.orderId)[0];
    if (!order) {
      if (SENT.includes(p.status)) violations.push(`${p.id} is shown ${p.status}, but TWS has no order of it`);
      else if (p.status === "approved") violations.push(`${p.id} was approved but neither sent nor refused`);
      // Unknown is honest only when an order id was claimed: the app may have died with the order on the wire, and
      // TWS reports nothing of an order it refused for its id (103). Without an id, it was never sent.
      else if (p.status === "outcome_unknown" && p.order.order_id === null) violations.push(`${p.id} is of unknown outcome, but it was never sent`);
      continue;
    }
    const truthful = truthfulStatuses(order);
    if (!truthful.includes(p.status)) {
      violations.push(`${p.id} is shown ${p.status}; TWS says ${order.status} with ${order.filled} of ${order.totalQuantity} filled`);
    } else if (p.order.filled !== order.filled) {
      violations.push(`${p.id} shows ${p.order.filled} filled; TWS filled ${order.filled}`);
    }
  }
  return violations;
}
