"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { INBOX_LIMIT } from "./inbox-limits";
import { needsAction, useProposals } from "./trading-data";

/** The nav's Inbox link, with how many cards wait for the trader (approvals, stop-loss prompts, cancel requests). */
export function InboxNavLink() {
  const { data } = useProposals("inbox", INBOX_LIMIT);
  const waiting = data ? data.proposals.filter((p) => needsAction(p)).length : 0;
  const active = usePathname() === "/inbox";
  return (
    <Link href="/inbox" className={`nav-inbox${waiting > 0 ? " nav-inbox-waiting" : ""}`} aria-current={active ? "page" : undefined} data-testid="nav-inbox">
      Inbox{" "}
      {waiting > 0 && (
        <span className="nav-count" data-testid="nav-inbox-count">
          {waiting}
          <span className="sr-only"> waiting</span>
        </span>
      )}
      {data?.kill_switch && (
        <span className="nav-kill" title="Kill switch on: nothing is sent">
          ■<span className="sr-only"> kill switch on</span>
        </span>
      )}
    </Link>
  );
}
