/** What TWS's open orders, executions and completed orders say of one proposal after a (re)connection. */
import { describe, expect, it } from "vitest";
import type { CompletedOrder, ExecutionReport, OpenOrder } from "../ib/orders";
import { settle, type TwsReports } from "./reconciliation";

const spread = JSON.stringify([
  { type: "call", action: "buy", strike: 600, expiry: "20250620", quantity: 1 },
  { type: "call", action: "sell", strike: 610, expiry: "20250620", quantity: 1 },
]);

const proposal = (overrides: Partial<Parameters<typeof settle>[0]> = {}): Parameters<typeof settle>[0] => ({
  id: "prp_a",
  status: "transmitted",
  orderId: 12,
  legsJson: spread,
  quantity: 2,
  filledQuantity: 0,
  avgFillPrice: null,
  ...overrides,
});

const reports = (overrides: Partial<TwsReports> = {}): TwsReports => ({ open: [], executions: [], completed: [], firstOrderIdOfConnection: 40, ...overrides });

const completed = (overrides: Partial<CompletedOrder> = {}): CompletedOrder => ({
  permId: 900,
  orderRef: "prp_a",
  status: "Filled",
  filled: 2,
  completedTime: "20250321 15:02:11 US/Eastern",
  completedStatus: "Filled",
  secType: "BAG",
  ...overrides,
});

const execution = (overrides: Partial<ExecutionReport> = {}): ExecutionReport => ({
  execId: "e1",
  orderId: 12,
  clientId: 1,
  permId: 900,
  orderRef: "prp_a",
  conId: 28812380,
  secType: "BAG",
  side: "BOT",
  shares: 2,
  price: 3.1,
  cumQty: 2,
  avgPrice: 3.1,
  time: "20250321 15:02:11 US/Eastern",
  ...overrides,
});

const open = (overrides: Partial<OpenOrder> = {}): OpenOrder => ({
  orderId: 12,
  clientId: 1,
  permId: 900,
  orderRef: "prp_a",
  status: "Submitted",
  filled: 0,
  remaining: 2,
  avgFillPrice: 0,
  ...overrides,
});

describe("settle", () => {
  it("takes an order TWS still lists as listed, the newest id of several", () => {
    const found = settle(proposal(), reports({ open: [open({ orderId: 9 }), open({ orderId: 14 }), open({ orderRef: "prp_other", orderId: 20 })] }));
    expect(found).toMatchObject({ kind: "listed", order: { orderId: 14 } });
  });

  it("reads a completed fill with the price from executions that still cover it", () => {
    const found = settle(proposal(), reports({ completed: [completed()], executions: [execution({ secType: "OPT", conId: 1, cumQty: 2, avgPrice: 1.5 }), execution()] }));
    expect(found).toEqual({
      kind: "ended",
      state: { status: "Filled", filled: 2, remaining: 0, avgFillPrice: 3.1, permId: 900, reason: "Filled", source: "completed orders" },
    });
  });

  it("reads a completed fill whose executions are gone with its quantity and no price", () => {
    const found = settle(proposal(), reports({ completed: [completed({ completedStatus: "" })] }));
    expect(found).toEqual({ kind: "ended", state: { status: "Filled", filled: 2, remaining: 0, avgFillPrice: null, permId: 900, reason: undefined, source: "completed orders" } });
  });

  it("keeps the price SumpPump heard itself when it covers exactly the completed fill", () => {
    const found = settle(proposal({ filledQuantity: 2, avgFillPrice: 2.95 }), reports({ completed: [completed()] }));
    expect(found).toMatchObject({ kind: "ended", state: { filled: 2, avgFillPrice: 2.95 } });
    // Heard of one unit only: that price is not the price of two.
    const partial = settle(proposal({ filledQuantity: 1, avgFillPrice: 2.95 }), reports({ completed: [completed()] }));
    expect(partial).toMatchObject({ kind: "ended", state: { filled: 2, avgFillPrice: null } });
  });

  it("reads Filled without a filled quantity as all of the order", () => {
    const found = settle(proposal(), reports({ completed: [completed({ filled: 0 })] }));
    expect(found).toMatchObject({ kind: "ended", state: { status: "Filled", filled: 2, remaining: 0 } });
  });

  it("reads a cancel, with a part filled before it, and keeps TWS's words", () => {
    const found = settle(proposal(), reports({ completed: [completed({ status: "Cancelled", filled: 1, completedStatus: "Cancelled by Trader" })] }));
    expect(found).toMatchObject({ kind: "ended", state: { status: "Cancelled", filled: 1, remaining: 1, avgFillPrice: null, reason: "Cancelled by Trader" } });
    const api = settle(proposal(), reports({ completed: [completed({ status: "ApiCancelled", filled: 0 })] }));
    expect(api).toMatchObject({ kind: "ended", state: { status: "Cancelled", filled: 0 } });
  });

  it("reads Inactive among the completed orders as refused, with TWS's reason", () => {
    const found = settle(proposal({ status: "approved" }), reports({ completed: [completed({ status: "Inactive", filled: 0, completedStatus: "Order rejected - reason:no margin" })] }));
    expect(found).toMatchObject({ kind: "ended", state: { status: "Inactive", filled: 0, reason: "Order rejected - reason:no margin" } });
  });

  it("of several completed orders under one orderRef, takes the one that filled", () => {
    const found = settle(proposal(), reports({ completed: [completed({ status: "Cancelled", filled: 0, permId: 1 }), completed({ permId: 2 }), completed({ orderRef: "prp_b", permId: 3 })] }));
    expect(found).toMatchObject({ kind: "ended", state: { status: "Filled", permId: 2 } });
  });

  it("ignores completed orders of a status it does not know, and those of other proposals", () => {
    const found = settle(proposal(), reports({ completed: [completed({ status: "PendingSubmit" }), completed({ orderRef: "prp_b" })] }));
    expect(found).toEqual({ kind: "unknown" });
  });

  it("without a completed order, reads the executions: filled, or partly with the rest gone", () => {
    expect(settle(proposal(), reports({ executions: [execution()] }))).toEqual({
      kind: "ended",
      state: { status: "Filled", filled: 2, remaining: 0, avgFillPrice: 3.1, permId: 900, source: "executions" },
    });
    expect(settle(proposal(), reports({ executions: [execution({ cumQty: 1, avgPrice: 3 })] }))).toMatchObject({ kind: "ended", state: { status: "Cancelled", filled: 1, avgFillPrice: 3 } });
  });

  it("knows an order TWS never received by its id, and never resends one whose outcome is already unknown", () => {
    expect(settle(proposal({ orderId: 40 }), reports())).toEqual({ kind: "never_received" });
    expect(settle(proposal({ status: "approved", orderId: null }), reports())).toEqual({ kind: "never_received" });
    expect(settle(proposal({ status: "outcome_unknown", orderId: 40 }), reports())).toEqual({ kind: "unknown" });
  });

  it("calls an order TWS received, no longer lists and reports nothing of, unknown, never cancelled", () => {
    expect(settle(proposal({ orderId: 12 }), reports())).toEqual({ kind: "unknown" });
  });
});
