"use client";

import { postJson } from "./trading-data";
import { useAction } from "./use-action";

interface KillSwitchProps {
  on: boolean;
  /** Orders live at TWS now (transmitted or partly filled); null when not known. */
  working: number | null;
}

/** The inbox header's switch: one tap stops every approval and transmission. */
export function KillSwitchButton({ on }: Pick<KillSwitchProps, "on">) {
  const action = useAction();
  const toggle = () => void action.run("toggle", () => postJson("/api/kill-switch", { on: !on }));
  return (
    <div className="kill-switch">
      <button
        type="button"
        className={on ? "kill-on big" : "danger big"}
        aria-pressed={on}
        onClick={toggle}
        disabled={action.pending !== null}
        data-testid="kill-switch"
        title={on ? "Turn the kill switch off: approvals can send orders again" : "Stop everything: no order is sent until you turn it off"}
      >
        {action.pending ? "…" : on ? "Turn kill switch off" : "Kill switch"}
      </button>
      {action.error && (
        <p className="card-error small" role="alert">
          {action.error}
        </p>
      )}
    </div>
  );
}

/** The red banner while the kill switch is on, with the offer to cancel what is still working at TWS. */
export function KillSwitchBanner({ working }: Pick<KillSwitchProps, "working">) {
  const action = useAction();
  const cancelAll = () => void action.run("cancel-all", () => postJson("/api/kill-switch", { on: true, cancel_working: true }));
  return (
    <div className="kill-banner" role="alert" data-testid="kill-banner">
      <strong>Kill switch on — nothing is sent.</strong>
      <span>
        Approvals are refused until it is turned off.
        {working === null ? "" : working > 0 ? ` ${working} order${working === 1 ? " is" : "s are"} still working at TWS.` : " No order is working at TWS."}
      </span>
      {working !== null && working > 0 && (
        <button type="button" className="danger big" onClick={cancelAll} disabled={action.pending !== null} data-testid="cancel-all-working">
          {action.pending ? "Cancelling…" : `Cancel ${working === 1 ? "it" : `all ${working}`}`}
        </button>
      )}
      {action.error && <span className="card-error">{action.error}</span>}
    </div>
  );
}
