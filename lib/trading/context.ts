/** What the desk's parts share: the database, the IB connection, the log and the clock; and their common steps. */
import type { Logger } from "pino";
import { publish } from "../events";
import type { PrismaClient, Proposal } from "../generated/prisma/client";
import type { Ib } from "../ib";
import type { LegInput } from "../analysis/legs";
import { commonUnit } from "../options/ratio";
import type { ProposalStatus } from "./lifecycle";
import { transition } from "./proposals";

export interface DeskContext {
  db: PrismaClient;
  ib: Ib;
  log: Logger;
  now: () => number;
  killSwitch: KillSwitchLatch;
}

/**
 * The kill switch as this process knows it, readable without waiting: the transmitter asks it in the very turn an
 * order is written to the socket, so a switch turned on a millisecond earlier still stops the order. Turning the
 * switch sets this first, then the stored setting (which survives a restart and is read back at start).
 */
export class KillSwitchLatch {
  private engaged = false;

  get on(): boolean {
    return this.engaged;
  }

  set(on: boolean): void {
    this.engaged = on;
  }
}

/** Orders working at TWS, and those approved but perhaps not yet there. */
export const WORKING: ProposalStatus[] = ["transmitted", "partially_filled"];
export const IN_FLIGHT: ProposalStatus[] = ["approved", ...WORKING];
/** What reconciliation looks up at TWS after every (re)connection: orders in flight and those of unknown outcome. */
export const RECONCILED: ProposalStatus[] = [...IN_FLIGHT, "outcome_unknown"];

const KILL_SWITCH_KEY = "trading.kill_switch";

export async function killSwitchOn(db: PrismaClient): Promise<boolean> {
  const row = await db.setting.findUnique({ where: { key: KILL_SWITCH_KEY } });
  return row?.value === "on";
}

export async function setKillSwitchSetting(db: PrismaClient, on: boolean): Promise<void> {
  const value = on ? "on" : "off";
  await db.setting.upsert({ where: { key: KILL_SWITCH_KEY }, create: { key: KILL_SWITCH_KEY, value }, update: { value } });
}

/** Ends a proposal as rejected or cancelled by the system, saying why. */
export async function failProposal(db: PrismaClient, p: Proposal, to: "rejected" | "cancelled", action: string, message: string): Promise<void> {
  const from = p.status as ProposalStatus;
  const result = await transition(db, p.id, from, to, "system", action, { message }, { statusMessage: message });
  if (result.ok) publish({ type: "proposal", proposalId: p.id, status: to });
}

/** The order's total quantity in TWS's units (combo units, or a single leg's contracts or shares). */
export function totalQuantity(p: Pick<Proposal, "legsJson" | "quantity">): number {
  const legs = JSON.parse(p.legsJson) as LegInput[];
  return legs.length === 1 ? p.quantity * legs[0]!.quantity : p.quantity * commonUnit(legs.map((l) => l.quantity));
}
