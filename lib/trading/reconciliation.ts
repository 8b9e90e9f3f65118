/**
 * What TWS's reports say became of one proposal's order, read after a (re)connection. Pure: the transmitter
 * fetches the reports and applies the answer.
 *
 * TWS's three reports, in the order they are believed:
 * 1. Open orders: still listed, so still working (or done in this session, with its status).
 * 2. Completed orders (matched by orderRef: TWS sends no order id for them): filled, cancelled or refused, with
 *    the filled quantity and TWS's words, but never a fill price. Executions give the price when they still
 *    cover the fill; otherwise the price is unknown and said to be.
 * 3. Executions: filled (or partly, the rest gone) with quantity and average price.
 * Both 2 and 3 reach back only to the start of TWS's day (a few days at most, as its trade log is set). An order
 * none of them knows was either never received (its id is not below the next id TWS announced) or its outcome
 * is unknown: it may have filled on an earlier day. It is never guessed cancelled.
 */
import type { Proposal } from "../generated/prisma/client";
import type { CompletedOrder, ExecutionReport, OpenOrder } from "../ib/orders";
import { totalQuantity } from "./context";
import type { OrderState } from "./order-tracker";

export type Settlement =
  /** TWS lists it: apply its status as for a live update. */
  | { kind: "listed"; order: OpenOrder }
  /** TWS no longer lists it, and its completed orders or executions tell how it ended. */
  | { kind: "ended"; state: OrderState }
  /** TWS never received it: no id of it reached TWS, and TWS reports nothing under its orderRef. */
  | { kind: "never_received" }
  /** TWS received it, no longer lists it, and reports nothing of how it ended. */
  | { kind: "unknown" };

export interface TwsReports {
  open: readonly OpenOrder[];
  executions: readonly ExecutionReport[];
  completed: readonly CompletedOrder[];
  /** The next valid order id TWS announced on this connection: every id below it reached TWS. */
  firstOrderIdOfConnection: number;
}

/** Completed-order statuses and the status SumpPump reads them as (Inactive: refused). */
const COMPLETED_STATUS: Readonly<Record<string, string>> = { Filled: "Filled", Cancelled: "Cancelled", ApiCancelled: "Cancelled", Inactive: "Inactive" };

type ProposalFacts = Pick<Proposal, "id" | "status" | "orderId" | "legsJson" | "quantity" | "filledQuantity" | "avgFillPrice">;

export function settle(p: ProposalFacts, tws: TwsReports): Settlement {
  const listed = tws.open.filter((o) => o.orderRef === p.id).sort((a, b) => b.orderId - a.orderId)[0];
  if (listed) return { kind: "listed", order: listed };
  const total = totalQuantity(p);
  const fills = fillsOf(tws.executions.filter((e) => e.orderRef === p.id));
  const completed = mostFilled(tws.completed.filter((c) => c.orderRef === p.id && COMPLETED_STATUS[c.status] !== undefined));
  if (completed) {
    const status = COMPLETED_STATUS[completed.status]!;
    // A filled order's size is its filledQuantity; "Filled" with none given means all of it.
    const reported = status === "Filled" && completed.filled <= 0 ? total : completed.filled;
    const filled = Math.max(reported, fills?.filled ?? 0);
    return {
      kind: "ended",
      state: {
        status,
        filled,
        remaining: Math.max(0, total - filled),
        avgFillPrice: averagePrice(filled, fills, p),
        permId: completed.permId || fills?.permId || 0,
        reason: completed.completedStatus || undefined,
        source: "completed orders",
      },
    };
  }
  if (fills) {
    // Filled (or partly) and no longer listed: the executions tell how much; an unfilled rest was cancelled.
    return {
      kind: "ended",
      state: { status: fills.filled >= total ? "Filled" : "Cancelled", filled: fills.filled, remaining: Math.max(0, total - fills.filled), avgFillPrice: fills.avgPrice, permId: fills.permId, source: "executions" },
    };
  }
  // An order whose outcome is already unknown was received: it is never sent again.
  if (p.status !== "outcome_unknown" && (p.orderId === null || p.orderId >= tws.firstOrderIdOfConnection)) return { kind: "never_received" };
  return { kind: "unknown" };
}

/** How much of the order the executions show filled, at what average: the latest cumulative figures. */
function fillsOf(executions: readonly ExecutionReport[]): { filled: number; avgPrice: number; permId: number } | undefined {
  if (executions.length === 0) return undefined;
  // A combo reports each leg and the combo itself; the combo's own executions count its units.
  const own = executions.some((e) => e.secType === "BAG") ? executions.filter((e) => e.secType === "BAG") : executions;
  const last = own.reduce((a, b) => (b.cumQty > a.cumQty ? b : a));
  return { filled: last.cumQty, avgPrice: last.avgPrice, permId: last.permId };
}

/** Of several completed orders under one orderRef (an order sent again), the one that filled most. */
function mostFilled(orders: readonly CompletedOrder[]): CompletedOrder | undefined {
  return [...orders].sort((a, b) => b.filled - a.filled || Number(b.status === "Filled") - Number(a.status === "Filled"))[0];
}

/**
 * The average fill price of `filled` units, when known: from executions that cover them all, or from what
 * SumpPump itself heard of exactly these fills before it stopped. Completed orders carry no price.
 */
function averagePrice(filled: number, fills: ReturnType<typeof fillsOf>, p: ProposalFacts): number | null {
  if (filled <= 0) return null;
  if (fills && fills.filled >= filled) return fills.avgPrice;
  if (p.filledQuantity === filled && p.avgFillPrice !== null) return p.avgFillPrice;
  return null;
}
