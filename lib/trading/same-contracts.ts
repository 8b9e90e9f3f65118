/**
 * Orders SumpPump has working (or being sent) at TWS on the same contracts as a new proposal: a trader deciding
 * on a close should see the stop already protecting it, and a second order on the same legs should be visible.
 */
import type { LegInput } from "../analysis/legs";
import type { PrismaClient } from "../generated/prisma/client";
import { IN_FLIGHT } from "./context";
import type { ProposalStatus } from "./lifecycle";
import type { Position } from "../ib/types";
import type { WorkingOrder } from "./views";

const contractKey = (leg: LegInput): string => (leg.type === "stock" ? "stock" : `${leg.type}|${leg.strike}|${leg.expiry}`);

export function legText(symbol: string, leg: LegInput): string {
  return leg.type === "stock" ? `${leg.action} ${leg.quantity} ${symbol} shares` : `${leg.action} ${leg.quantity} ${symbol} ${leg.expiry} ${leg.strike} ${leg.type}`;
}

export async function workingOnSameContracts(db: PrismaClient, symbol: string, legs: readonly LegInput[], statuses: readonly ProposalStatus[] = IN_FLIGHT): Promise<WorkingOrder[]> {
  const keys = new Set(legs.map(contractKey));
  const rows = await db.proposal.findMany({ where: { symbol, status: { in: [...statuses] } }, orderBy: { createdAt: "asc" } });
  return rows
    .map((row) => ({ row, legs: JSON.parse(row.legsJson) as LegInput[] }))
    .filter(({ legs: theirs }) => theirs.some((l) => keys.has(contractKey(l))))
    .map(({ row, legs: theirs }) => ({
      proposal_id: row.id,
      kind: row.kind === "stop_loss" ? "stop_loss" : "entry",
      status: row.status,
      order_type: row.orderType,
      quantity: row.quantity,
      limit_price: row.limitPrice,
      stop_price: row.stopPrice,
      tif: row.tif,
      legs: theirs.map((l) => legText(symbol, { ...l, quantity: l.quantity * row.quantity })),
    }));
}

/** The signed quantity TWS holds of a leg's contract (contracts or shares), by symbol. */
export function holdingsFor(symbol: string, positions: readonly Position[]): (leg: LegInput) => number {
  const mine = positions.filter((p) => p.symbol.toUpperCase() === symbol.toUpperCase());
  return (leg) =>
    mine
      .filter((p) =>
        leg.type === "stock" ? p.secType === "STK" : p.secType === "OPT" && p.expiry === leg.expiry && p.strike === leg.strike && p.right === (leg.type === "call" ? "C" : "P"),
      )
      .reduce((sum, p) => sum + p.quantity, 0);
}
