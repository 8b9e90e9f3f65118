import { describe, expect, it } from "vitest";
import type { ProposalView } from "../trading/views";
import { nextStep } from "./next-step";

const view = (over: Partial<ProposalView>, notes: string[] = []): ProposalView =>
  ({ status: "pending_approval", stop_loss: null, analysis: { notes }, ...over }) as unknown as ProposalView;
const desk = (on: boolean) => ({ killSwitch: async () => on });

describe("next steps true to the state", () => {
  it("a pending proposal under the kill switch is not 'waiting for the trader to approve'", async () => {
    const step = await nextStep(desk(true), view({}));
    expect(step).toContain("the kill switch is on");
    expect(step).not.toContain("Waiting for the trader to approve");
    expect(await nextStep(desk(false), view({}))).toContain("Waiting for the trader to approve");
  });

  it("a filled entry whose stop is already proposed or working is not asked for another", async () => {
    const stop = { open: false, suggested_stop: 1.2, proposal_id: "prp_stop123", proposal_status: "transmitted" };
    const step = await nextStep(desk(false), view({ status: "stop_loss_prompted", stop_loss: stop }));
    expect(step).toBe("Filled. Its stop loss prp_stop123 is transmitted; do not propose another.");
    const open = await nextStep(desk(false), view({ status: "stop_loss_prompted", stop_loss: { ...stop, open: true, proposal_id: null, proposal_status: null } }));
    expect(open).toContain("set_stop_loss proposes one");
  });

  it("outside TWS's hours, says the order waits for the open", async () => {
    const note = "The market is closed now: regular trading opens Mon 08 Dec 09:30 New York time. TWS holds the order until then.";
    expect(await nextStep(desk(false), view({}, [note]))).toContain("opens Mon 08 Dec 09:30 New York time");
    expect(await nextStep(desk(false), view({ status: "filled" }, [note]))).toBe("Filled.");
  });
});
