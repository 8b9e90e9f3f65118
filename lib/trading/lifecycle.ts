/**
 * The order lifecycle. A proposal's status only moves along these arrows; every move is one audit event.
 *
 *   proposed → pending_approval → approved → transmitted → partially_filled → filled → stop_loss_prompted
 *                    │               │            │               │
 *                    ├→ rejected      ├→ rejected   ├→ cancelled    ├→ cancelled
 *                    ├→ expired       └→ cancelled  └→ rejected     └→ stop_loss_prompted
 *                    └→ cancelled
 *
 * An entry partly filled whose rest is cancelled holds a position all the same: it goes on to the stop-loss
 * prompt for the units that filled (other orders end cancelled, keeping their fills).
 *
 *   approved, transmitted, partially_filled → outcome_unknown → transmitted, partially_filled, filled,
 *                                                               cancelled, rejected
 *
 * outcome_unknown: after a (re)connection TWS no longer lists an order it received, and neither its executions
 * nor its completed orders (both reach back only to the start of TWS's day) say what became of it. It may have
 * filled: the trader is told to check TWS's trade log, and every later reconciliation looks for it again, until
 * TWS's reports or the trader (recording what the trade log shows: filled, partly filled, or not) settle it.
 */
export const PROPOSAL_STATUSES = [
  "proposed",
  "pending_approval",
  "approved",
  "transmitted",
  "partially_filled",
  "filled",
  "stop_loss_prompted",
  "cancelled",
  "rejected",
  "expired",
  "outcome_unknown",
] as const;

export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

const NEXT: Readonly<Record<ProposalStatus, readonly ProposalStatus[]>> = {
  proposed: ["pending_approval", "rejected", "cancelled"],
  pending_approval: ["approved", "rejected", "expired", "cancelled"],
  // Approved but refused at transmission (e.g. the kill switch, or TWS rejecting it) ends as rejected.
  approved: ["transmitted", "rejected", "cancelled", "outcome_unknown"],
  transmitted: ["partially_filled", "filled", "cancelled", "rejected", "outcome_unknown"],
  partially_filled: ["partially_filled", "filled", "cancelled", "outcome_unknown", "stop_loss_prompted"],
  filled: ["stop_loss_prompted"],
  stop_loss_prompted: [],
  cancelled: [],
  rejected: [],
  expired: [],
  // Whatever TWS reports later settles it; listed again at TWS, it is working after all.
  outcome_unknown: ["transmitted", "partially_filled", "filled", "cancelled", "rejected"],
};

/** Statuses after which nothing more can happen to the order itself. */
export const FINAL_STATUSES: readonly ProposalStatus[] = ["stop_loss_prompted", "cancelled", "rejected", "expired"];

export function canTransition(from: ProposalStatus, to: ProposalStatus): boolean {
  return NEXT[from].includes(to);
}

export function isProposalStatus(value: string): value is ProposalStatus {
  return (PROPOSAL_STATUSES as readonly string[]).includes(value);
}
