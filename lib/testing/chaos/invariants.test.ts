import { describe, expect, it } from "vitest";
import type { ProposalView } from "../../trading/views";
import { checkInvariants, unknownOutcomes, type TwsOrder } from "./invariants";

const APPROVED_AT = "2026-12-09T16:00:00.000Z";
const proposal = (id: string, status: ProposalView["status"], extra: { approved?: boolean; filled?: number } = {}): ProposalView =>
  ({
    id,
    status,
    quantity: 2,
    limit_price: 3.1,
    approved_at: extra.approved === false ? null : APPROVED_AT,
    order: { filled: extra.filled ?? 0 },
  }) as unknown as ProposalView;
const order = (orderId: number, orderRef: string, status: string, filled = 0): TwsOrder => ({
  orderId,
  orderRef,
  status,
  filled,
  totalQuantity: 2,
  lmtPrice: 3.1,
  placedAt: Date.parse(APPROVED_AT) + 50,
});

describe("the chaos battery's invariants", () => {
  it("hold when every order was approved, sent once and shown as TWS reports it", () => {
    const proposals = [proposal("prp_a", "stop_loss_prompted", { filled: 2 }), proposal("prp_b", "transmitted"), proposal("prp_c", "rejected"), proposal("prp_d", "pending_approval", { approved: false })];
    expect(checkInvariants(proposals, [order(1, "prp_a", "Filled", 2), order(2, "prp_b", "Submitted"), order(3, "prp_c", "Inactive")])).toEqual([]);
  });

  it("catch an order no human approved, or not the one approved", () => {
    expect(checkInvariants([proposal("prp_a", "transmitted", { approved: false })], [order(1, "prp_a", "Submitted")])).toEqual([
      "order 1 reached TWS for prp_a, which no human approved",
    ]);
    const changed = { ...order(1, "prp_a", "Submitted"), lmtPrice: 3.5 };
    expect(checkInvariants([proposal("prp_a", "transmitted")], [changed])[0]).toMatch(/is not what was approved/);
    expect(checkInvariants([], [order(9, "someone-else", "Submitted")])[0]).toMatch(/no proposal made/);
  });

  it("catch two orders for one approval", () => {
    expect(checkInvariants([proposal("prp_a", "transmitted")], [order(1, "prp_a", "Cancelled"), order(2, "prp_a", "Submitted")])).toContain(
      "prp_a: 2 orders at TWS for one approval (ids 1, 2)",
    );
  });

  it("catch a ghost: shown working, but TWS holds nothing, or refused it", () => {
    expect(checkInvariants([proposal("prp_a", "transmitted")], [])).toEqual(["prp_a is shown transmitted, but TWS has no order of it"]);
    expect(checkInvariants([proposal("prp_a", "transmitted")], [order(1, "prp_a", "Inactive")])).toEqual(["prp_a is shown transmitted; TWS says Inactive with 0 of 2 filled"]);
    expect(checkInvariants([proposal("prp_a", "approved")], [])).toEqual(["prp_a was approved but neither sent nor refused"]);
  });

  it("accept an unknown outcome only for an order whose id was claimed", () => {
    const unknown = (orderId: number | null): ProposalView => ({ ...proposal("prp_a", "outcome_unknown"), order: { filled: 0, order_id: orderId } }) as unknown as ProposalView;
    expect(checkInvariants([unknown(12)], [])).toEqual([]);
    expect(unknownOutcomes([unknown(12)], [])).toBe(1);
    expect(checkInvariants([unknown(null)], [])).toEqual(["prp_a is of unknown outcome, but it was never sent"]);
  });

  it("catch a fill count that differs from TWS's", () => {
    expect(checkInvariants([proposal("prp_a", "partially_filled", { filled: 1 })], [order(1, "prp_a", "Submitted", 2)])).toEqual(["prp_a shows 1 filled; TWS filled 2"]);
    expect(checkInvariants([proposal("prp_a", "transmitted")], [order(1, "prp_a", "Submitted", 1)])).toEqual(["prp_a is shown transmitted; TWS says Submitted with 1 of 2 filled"]);
    expect(checkInvariants([proposal("prp_a", "filled", { filled: 1 })], [order(1, "prp_a", "Filled", 2)])).toEqual(["prp_a shows 1 filled; TWS filled 2"]);
  });
});
