/**
 * What a trading tool tells Claude happens next, true to the state: the kill switch, a stop already proposed or
 * working, the market closed by TWS's hours.
 */
import type { ProposalStatus } from "../trading/lifecycle";
import type { TradingDesk } from "../trading/desk";
import type { ProposalView } from "../trading/views";

export const NEXT_STEP: Partial<Record<ProposalStatus, string>> = {
  pending_approval: "Waiting for the trader to approve it in SumpPump's inbox; nothing has been sent to the broker.",
  approved: "Approved; being sent to TWS.",
  transmitted: "Working at TWS.",
  partially_filled: "Partly filled; the rest is working at TWS.",
  filled: "Filled.",
  stop_loss_prompted: "Filled. The trader is asked to set a stop loss (set_stop_loss proposes one).",
  cancelled: "Cancelled.",
  rejected: "Rejected; see order.message.",
  expired: "Expired without approval; propose again if still wanted.",
  outcome_unknown:
    "TWS received it but no longer reports how it ended (filled, cancelled or expired while SumpPump was away). Ask the trader to check TWS's trade log; do not propose it again before they have.",
};

/**
 * What happens next, true to the state: a pending proposal cannot be approved while the kill switch is on, and a
 * filled entry whose stop is already proposed or working is not asked for another.
 */
export async function nextStep(desk: Pick<TradingDesk, "killSwitch">, view: ProposalView): Promise<string> {
  if (view.status === "pending_approval" && (await desk.killSwitch())) {
    return "Stored, but the kill switch is on: the trader cannot approve anything until they turn it off in the inbox. Nothing has been sent to the broker.";
  }
  // An order sent but not yet acknowledged by TWS is not called working.
  if (view.status === "transmitted" && !view.order.tws_status) return "Sent to TWS; TWS has not acknowledged it yet (order.message says more if TWS answered otherwise).";
  if (view.status === "stop_loss_prompted" && view.stop_loss) {
    const { open, proposal_id, proposal_status } = view.stop_loss;
    if (proposal_id) return `Filled. Its stop loss ${proposal_id} is ${(proposal_status ?? "").replace(/_/g, " ")}; do not propose another.`;
    if (!open) return "Filled. The trader chose not to set a stop loss.";
  }
  const step = NEXT_STEP[view.status] ?? "";
  // Outside TWS's session hours an order waits for the open: say so where it matters.
  const closed = view.analysis.notes.find((n) => n.startsWith("The market is closed now"));
  return closed && ["pending_approval", "approved", "transmitted"].includes(view.status) ? `${step} ${closed}` : step;
}
