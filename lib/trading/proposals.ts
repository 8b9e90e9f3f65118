/**
 * Proposals in the database. A status change is a compare-and-set (UPDATE … WHERE status = the expected one)
 * written in one transaction with its audit event, so two devices approving at once, or a retry, can never
 * both win: exactly one transition happens and the other caller is told it lost.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { canTransition, type ProposalStatus } from "./lifecycle";

export interface OrderContent {
  symbol: string;
  /** The legs exactly as they will be ordered (JSON-serialisable). */
  legs: unknown[];
  quantity: number;
  orderType: "LMT" | "MKT" | "STP";
  limitPrice: number | null;
  /** Stop trigger per unit, for a STP order. */
  stopPrice?: number | null;
  tif: "DAY" | "GTC";
  /** "entry", or "stop_loss" with the entry it protects. */
  kind?: "entry" | "stop_loss";
  parentId?: string | null;
}

export interface NewProposal extends OrderContent {
  clientRequestId?: string;
  analysis: unknown;
  reasoning?: string;
  createdBy: string;
  expiresAt: Date;
}

export type TransitionResult = { ok: true } | { ok: false; current: ProposalStatus | "missing" };

/** SHA-256 of the order's content in a canonical form (sorted keys): what an approval is bound to. */
export function contentHash(content: OrderContent): string {
  const { symbol, legs, quantity, orderType, limitPrice, stopPrice, tif, kind, parentId } = content;
  const order = { symbol, legs, quantity, orderType, limitPrice, stopPrice: stopPrice ?? null, tif, kind: kind ?? "entry", parentId: parentId ?? null };
  return createHash("sha256").update(canonicalJson(order)).digest("hex");
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function newProposalId(): string {
  return `prp_${randomBytes(9).toString("base64url")}`;
}

/**
 * Stores a proposal as pending approval (with its "proposed" and "pending_approval" events). A retry with the
 * same clientRequestId returns the stored proposal instead of a second one.
 */
export async function createProposal(db: PrismaClient, input: NewProposal): Promise<{ id: string; created: boolean; contentHash: string }> {
  if (input.clientRequestId) {
    const existing = await db.proposal.findUnique({ where: { clientRequestId: input.clientRequestId } });
    if (existing) return { id: existing.id, created: false, contentHash: existing.contentHash };
  }
  const id = newProposalId();
  const hash = contentHash(input);
  try {
    await db.$transaction([
      db.proposal.create({
        data: {
          id,
          clientRequestId: input.clientRequestId,
          status: "pending_approval",
          symbol: input.symbol,
          legsJson: JSON.stringify(input.legs),
          quantity: input.quantity,
          orderType: input.orderType,
          limitPrice: input.limitPrice,
          tif: input.tif,
          stopPrice: input.stopPrice ?? null,
          kind: input.kind ?? "entry",
          parentId: input.parentId ?? null,
          contentHash: hash,
          analysisJson: JSON.stringify(input.analysis),
          reasoning: input.reasoning,
          createdBy: input.createdBy,
          expiresAt: input.expiresAt,
        },
      }),
      db.auditEvent.create({ data: { proposalId: id, actor: input.createdBy, action: "propose", toStatus: "proposed", detailJson: JSON.stringify({ contentHash: hash }) } }),
      db.auditEvent.create({ data: { proposalId: id, actor: "system", action: "await_approval", fromStatus: "proposed", toStatus: "pending_approval" } }),
    ]);
  } catch (error) {
    // Two retries racing with the same clientRequestId: the unique index lets one in; return that one.
    if (input.clientRequestId) {
      const existing = await db.proposal.findUnique({ where: { clientRequestId: input.clientRequestId } });
      if (existing) return { id: existing.id, created: false, contentHash: existing.contentHash };
    }
    throw error;
  }
  return { id, created: true, contentHash: hash };
}

/**
 * Moves a proposal from `from` to `to` if it is still in `from`, and records who did it. Returns ok: false with
 * the current status when another caller moved it first (or it does not exist). Refuses moves the lifecycle
 * does not allow.
 */
export async function transition(
  db: PrismaClient,
  id: string,
  from: ProposalStatus,
  to: ProposalStatus,
  actor: string,
  action: string,
  detail?: unknown,
  /** Other columns written in the same update (approvedBy, statusMessage…). */
  data: Prisma.ProposalUpdateManyMutationInput = {},
): Promise<TransitionResult> {
  if (!canTransition(from, to)) throw new RangeError(`A proposal cannot go from ${from} to ${to}.`);
  const moved = await db.$transaction(async (tx) => {
    const { count } = await tx.proposal.updateMany({ where: { id, status: from }, data: { ...data, status: to } });
    if (count !== 1) return false;
    await tx.auditEvent.create({
      data: { proposalId: id, actor, action, fromStatus: from, toStatus: to, detailJson: detail === undefined ? null : JSON.stringify(detail) },
    });
    return true;
  });
  if (moved) return { ok: true };
  const current = await db.proposal.findUnique({ where: { id }, select: { status: true } });
  return { ok: false, current: (current?.status as ProposalStatus | undefined) ?? "missing" };
}

/** Marks every pending proposal whose time is up as expired; returns the ids it expired. */
export async function expireProposals(db: PrismaClient, now: Date): Promise<string[]> {
  const due = await db.proposal.findMany({ where: { status: "pending_approval", expiresAt: { lte: now } }, select: { id: true } });
  const expired: string[] = [];
  for (const { id } of due) {
    const result = await transition(db, id, "pending_approval", "expired", "system", "expire", undefined, { statusMessage: "Not approved in time." });
    if (result.ok) expired.push(id);
  }
  return expired;
}
