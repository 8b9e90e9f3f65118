"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useSyncExternalStore } from "react";
import { INBOX_LIMIT, RECENT_LIMIT } from "./inbox-limits";
import { KillSwitchBanner, KillSwitchButton } from "./kill-switch";
import { CancelRequestCard, RecentItem, StopPromptCard, UnknownOutcomeOrder, WorkingOrder } from "./order-cards";
import { PendingCard, PendingStopCard } from "./proposal-card";
import { fetchJson } from "../fetch-json";
import { awaitsCancelDecision, isWorking, TRADING_KEY, useProposals, type ProposalView } from "./trading-data";
import { useStreamState } from "./trading-events";

function subscribeHash(listener: () => void): () => void {
  window.addEventListener("hashchange", listener);
  return () => window.removeEventListener("hashchange", listener);
}

/** The card named in the address (#prp_…, as in execute_trade's approval_url). */
function useHash(): string {
  return useSyncExternalStore(
    subscribeHash,
    () => decodeURIComponent(window.location.hash.slice(1)),
    () => "",
  );
}

function LiveIndicator() {
  const state = useStreamState();
  return (
    <span className={`live live-${state}`} data-testid="live" data-state={state} title="Cards update by themselves while this is on. The line to TWS is the badge in the header.">
      <i aria-hidden="true" /> {state === "live" ? "Updates live" : state === "connecting" ? "Connecting…" : "Reconnecting…"}
    </span>
  );
}

function Section({ title, count, children, testId }: { title: string; count?: number; children: React.ReactNode; testId: string }) {
  return (
    <section className="inbox-section" data-testid={testId} aria-label={title}>
      <h2>
        {title}
        {count !== undefined && count > 0 && <span className="section-count">{count}</span>}
      </h2>
      {children}
    </section>
  );
}

/**
 * /inbox: what waits for the trader (Claude's cancel requests, proposals to approve, stop-loss prompts), the
 * orders working at TWS, and what happened lately. Updated live by the event stream; no reload needed.
 */
export function InboxView() {
  const inbox = useProposals("inbox", INBOX_LIMIT);
  const recent = useProposals("all", RECENT_LIMIT);
  const hash = useHash();
  // The kill switch stays within reach even when the list cannot load.
  const killSwitch = useQuery({
    queryKey: [...TRADING_KEY, "kill-switch"],
    queryFn: () => fetchJson<{ on: boolean }>("/api/kill-switch"),
    enabled: inbox.isError,
  });

  const data = inbox.data;
  const list = data?.proposals ?? [];
  const byId = new Map<string, ProposalView>([...(recent.data?.proposals ?? []), ...list].map((p) => [p.id, p]));
  const cancelRequests = list.filter((p) => awaitsCancelDecision(p));
  const pending = list.filter((p) => p.status === "pending_approval");
  const prompts = list.filter((p) => p.stop_loss?.open);
  const working = list.filter(isWorking);
  const unknown = list.filter((p) => p.status === "outcome_unknown");
  const liveAtTws = working.filter((p) => p.status !== "approved").length;
  const recentItems = (recent.data?.proposals ?? []).filter((p) => (p.final || p.status === "filled") && !p.stop_loss?.open).slice(0, 8);
  const blockers = { killSwitch: data?.kill_switch ?? false, ready: data?.ready ?? false, reason: data?.not_ready_reason ?? null, checkedAt: inbox.dataUpdatedAt };
  const nothing = data && cancelRequests.length + pending.length + prompts.length + working.length + unknown.length === 0;

  // Bring the card named in the address into view once it is there.
  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    if (!hash || scrolledTo.current === hash) return;
    const element = document.getElementById(hash);
    if (!element) return;
    scrolledTo.current = hash;
    element.scrollIntoView({ block: "start", behavior: "smooth" });
  }, [hash, data]);

  return (
    <div className="page inbox">
      <div className="inbox-head">
        <div className="inbox-title">
          <h1>Inbox</h1>
          <LiveIndicator />
        </div>
        {(data ?? killSwitch.data) && <KillSwitchButton on={data ? data.kill_switch : killSwitch.data!.on} />}
      </div>

      {(data ? data.kill_switch : killSwitch.data?.on) && <KillSwitchBanner working={data ? liveAtTws : null} />}
      {data && !data.ready && (
        <div className="notice-warn" role="status" data-testid="not-ready">
          <strong>Approvals can&apos;t be sent now.</strong> <span data-testid="not-ready-reason">{data.not_ready_reason ?? "SumpPump is not connected to TWS (or is still checking its orders after connecting)."}</span>{" "}Until then
          proposals keep their place here. <Link href="/">Connection details</Link>
        </div>
      )}

      {inbox.isPending && (
        <div className="card skeleton" aria-busy="true" data-testid="inbox-loading">
          <p className="muted">Loading the inbox…</p>
        </div>
      )}
      {inbox.error && (
        <div className="card" role="alert" data-testid="inbox-error">
          <p className="error">{data ? "The inbox could not refresh: " : "The inbox could not load: "}{inbox.error.message}</p>
          <button type="button" onClick={() => void inbox.refetch()} className="secondary">
            Try again
          </button>
        </div>
      )}

      {nothing && (
        <div className="card empty" data-testid="inbox-empty">
          <h2>Nothing waits for you</h2>
          <p className="muted">
            When Claude proposes a trade (execute_trade), or you press Propose on the <Link href="/strategy">strategy page</Link>, it appears here at once, with its
            max loss, payoff and Claude&apos;s reasoning. Nothing is sent to the broker until you approve it.
          </p>
        </div>
      )}

      {cancelRequests.length > 0 && (
        <Section title="Claude asks to cancel" count={cancelRequests.length} testId="cancel-requests">
          <div className="cards">
            {cancelRequests.map((p) => (
              <CancelRequestCard key={p.id} p={p} highlighted={hash === p.id} />
            ))}
          </div>
        </Section>
      )}

      {data && !nothing && (
        <Section title="Waiting for your approval" count={pending.length} testId="pending">
          {pending.length === 0 ? (
            <p className="muted" data-testid="no-pending">
              No proposals waiting.
            </p>
          ) : (
            <div className="cards">
              {pending.map((p) =>
                p.kind === "stop_loss" ? (
                  <PendingStopCard key={p.id} p={p} entry={p.parent_id ? byId.get(p.parent_id) : undefined} blockers={blockers} highlighted={hash === p.id} />
                ) : (
                  <PendingCard key={p.id} p={p} blockers={blockers} highlighted={hash === p.id} />
                ),
              )}
            </div>
          )}
        </Section>
      )}

      {prompts.length > 0 && (
        <Section title="Filled: set a stop loss" count={prompts.length} testId="stop-prompts">
          <div className="cards">
            {prompts.map((p) => (
              <StopPromptCard key={p.id} p={p} highlighted={hash === p.id} />
            ))}
          </div>
        </Section>
      )}

      {unknown.length > 0 && (
        <Section title="Outcome unknown: check TWS" count={unknown.length} testId="unknown-outcomes">
          <p className="notice-warn small" data-testid="unknown-notice">
            TWS no longer lists these orders and reports nothing of how they ended. They may have filled while SumpPump was away: check TWS&apos;s trade log
            and record below what it shows (a recorded fill gets its stop-loss prompt). Until then SumpPump looks for them again each time it reconnects to TWS.
          </p>
          <ul className="order-list card">
            {unknown.map((p) => (
              <UnknownOutcomeOrder key={p.id} p={p} highlighted={hash === p.id} />
            ))}
          </ul>
        </Section>
      )}

      {data && !nothing && (
        <Section title="Working orders" count={working.length} testId="working">
          {working.length === 0 ? (
            <p className="muted" data-testid="no-working">
              No orders working at TWS.
            </p>
          ) : (
            <ul className="order-list card">
              {working.map((p) => (
                <WorkingOrder key={p.id} p={p} highlighted={hash === p.id} />
              ))}
            </ul>
          )}
        </Section>
      )}

      {recentItems.length > 0 && (
        <Section title="Recent" testId="recent">
          <ul className="recent-list card">
            {recentItems.map((p) => (
              <RecentItem key={p.id} p={p} />
            ))}
          </ul>
          <p className="small">
            <Link href="/orders">All orders and their audit trails →</Link>
          </p>
        </Section>
      )}
    </div>
  );
}
