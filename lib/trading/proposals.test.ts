import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db";
import type { PrismaClient } from "../generated/prisma/client";
import { canTransition, PROPOSAL_STATUSES } from "./lifecycle";
import { contentHash, createProposal, expireProposals, transition, type NewProposal } from "./proposals";

let db: PrismaClient;

beforeAll(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "sumppump-trading-")), "app.db"));
});
afterAll(() => db?.$disconnect());

const spread = (overrides: Partial<NewProposal> = {}): NewProposal => ({
  symbol: "SPY",
  legs: [
    { type: "call", action: "buy", strike: 600, expiry: "20261218", quantity: 1 },
    { type: "call", action: "sell", strike: 610, expiry: "20261218", quantity: 1 },
  ],
  quantity: 1,
  orderType: "LMT",
  limitPrice: 4.2,
  tif: "DAY",
  analysis: { maxLoss: 420 },
  createdBy: "mcp",
  expiresAt: new Date(Date.now() + 600_000),
  ...overrides,
});

describe("lifecycle", () => {
  it("only moves forward: nothing leaves a final status, nothing returns to pending", () => {
    for (const from of ["cancelled", "rejected", "expired", "stop_loss_prompted"] as const) {
      for (const to of PROPOSAL_STATUSES) expect(canTransition(from, to), `${from}→${to}`).toBe(false);
    }
    for (const from of PROPOSAL_STATUSES) expect(canTransition(from, "pending_approval"), from).toBe(from === "proposed");
    expect(canTransition("pending_approval", "transmitted")).toBe(false);
  });

  it("lets an order TWS no longer reports become of unknown outcome, and TWS's later word settle it", () => {
    for (const from of ["approved", "transmitted", "partially_filled"] as const) expect(canTransition(from, "outcome_unknown"), from).toBe(true);
    for (const from of ["pending_approval", "filled", "stop_loss_prompted", "cancelled"] as const) expect(canTransition(from, "outcome_unknown"), from).toBe(false);
    for (const to of ["transmitted", "partially_filled", "filled", "cancelled", "rejected"] as const) expect(canTransition("outcome_unknown", to), to).toBe(true);
    // Never back to approved: an order whose outcome is unknown is never sent again.
    expect(canTransition("outcome_unknown", "approved")).toBe(false);
  });
});

describe("proposals", () => {
  it("binds a proposal to a hash of its content, whatever the key order", () => {
    const a = contentHash({ symbol: "SPY", legs: [{ a: 1, b: 2 }], quantity: 1, orderType: "LMT", limitPrice: 1, tif: "DAY" });
    const b = contentHash({ tif: "DAY", limitPrice: 1, orderType: "LMT", quantity: 1, legs: [{ b: 2, a: 1 }], symbol: "SPY" });
    const c = contentHash({ symbol: "SPY", legs: [{ a: 1, b: 2 }], quantity: 2, orderType: "LMT", limitPrice: 1, tif: "DAY" });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it("stores a pending proposal with its audit trail, and a retry with the same request id returns it", async () => {
    const first = await createProposal(db, spread({ clientRequestId: "req-1" }));
    const again = await createProposal(db, spread({ clientRequestId: "req-1" }));
    expect(again).toEqual({ id: first.id, created: false, contentHash: first.contentHash });
    const stored = await db.proposal.findUniqueOrThrow({ where: { id: first.id }, include: { events: { orderBy: { id: "asc" } } } });
    expect(stored.status).toBe("pending_approval");
    expect(stored.events.map((e) => [e.action, e.toStatus])).toEqual([
      ["propose", "proposed"],
      ["await_approval", "pending_approval"],
    ]);
  });

  it("lets exactly one of 50 concurrent approvals win", async () => {
    const { id } = await createProposal(db, spread());
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => transition(db, id, "pending_approval", "approved", `device:${i}`, "approve")));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((r) => !r.ok)) expect(r).toEqual({ ok: false, current: "approved" });
    const approvals = await db.auditEvent.count({ where: { proposalId: id, action: "approve" } });
    expect(approvals).toBe(1);
  });

  it("refuses a move the lifecycle does not allow, and reports a missing proposal", async () => {
    const { id } = await createProposal(db, spread());
    await expect(transition(db, id, "pending_approval", "filled", "mcp", "fill")).rejects.toThrow(/cannot go from pending_approval to filled/);
    expect(await transition(db, "prp_nope", "pending_approval", "approved", "desktop", "approve")).toEqual({ ok: false, current: "missing" });
  });

  it("expires proposals whose time is up, and only those", async () => {
    const old = await createProposal(db, spread({ expiresAt: new Date(Date.now() - 1_000) }));
    const fresh = await createProposal(db, spread());
    expect((await expireProposals(db, new Date())).length).toBeGreaterThanOrEqual(1);
    expect((await db.proposal.findUniqueOrThrow({ where: { id: old.id } })).status).toBe("expired");
    expect((await db.proposal.findUniqueOrThrow({ where: { id: fresh.id } })).status).toBe("pending_approval");
  });

  it("keeps the audit trail append-only and never deletes a proposal", async () => {
    const { id } = await createProposal(db, spread());
    await expect(db.auditEvent.updateMany({ where: { proposalId: id }, data: { actor: "someone else" } })).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.deleteMany({ where: { proposalId: id } })).rejects.toThrow(/append-only/);
    await expect(db.proposal.delete({ where: { id } })).rejects.toThrow();
    await expect(db.$executeRawUnsafe(`DELETE FROM "Proposal" WHERE id = ?`, id)).rejects.toThrow(/never deleted/);
    expect(await db.proposal.findUnique({ where: { id } })).not.toBeNull();
    expect(await db.auditEvent.count({ where: { proposalId: id } })).toBe(2);
  });
});
