"use client";

import { useQuery } from "@tanstack/react-query";
import type { FarmStatus, HealthLevel } from "@/lib/ib/health";
import { fetchJson } from "./fetch-json";

/** /api/health's `ib`: the line to TWS layer by layer, and its summary. */
export interface HealthIb {
  state: "connecting" | "connected" | "disconnected";
  responding: boolean;
  silentSince?: string;
  ibLink: "ok" | "lost";
  ibLinkSince?: string;
  farms: FarmStatus[];
  level: HealthLevel;
  label: string;
  detail: string;
  nextAttemptAt?: string;
}

const time = (iso: string | undefined): string => (iso ? new Date(iso).toLocaleTimeString() : "");

/**
 * The line to TWS on every page, in the header: one badge (TWS ok · data farm broken · IB link lost · TWS not
 * responding · TWS disconnected) that opens to each layer. Read from /api/health, which needs no login, every two
 * seconds; a server that stops answering is said so too.
 */
export function ConnectionHeader() {
  const { data, error } = useQuery({
    queryKey: ["health"],
    queryFn: () => fetchJson<{ ib: HealthIb }>("/api/health"),
    refetchInterval: 2_000,
    refetchIntervalInBackground: false,
    retry: 0,
  });
  if (!data && !error) return <span className="tws-badge tws-pending" data-testid="tws-connection" data-level="pending" aria-busy="true">TWS…</span>;
  if (error && !data) {
    return (
      <span className="tws-badge tws-down" data-testid="tws-connection" data-level="down" role="status">
        SumpPump server not answering
      </span>
    );
  }
  const ib = data!.ib;
  const label = ib.level === "ok" ? "TWS ok" : ib.label.charAt(0).toUpperCase() + ib.label.slice(1);
  const farms = ib.farms.filter((f) => f.state !== "inactive" || ib.level !== "ok");
  return (
    <details className={`tws-status tws-${ib.level}`} data-testid="tws-connection" data-level={ib.level} data-label={ib.label}>
      <summary className="tws-badge" title={ib.detail || "SumpPump's line to TWS is up"}>
        <i aria-hidden="true" />
        <span role="status" aria-live="polite">
          {label}
          {error ? " (stale)" : ""}
        </span>
      </summary>
      <div className="tws-layers" data-testid="tws-layers">
        {ib.detail && <p className="small">{ib.detail}</p>}
        <dl className="facts small">
          <dt>Socket to TWS</dt>
          <dd data-testid="tws-socket">
            {ib.state}
            {ib.state !== "connected" && ib.nextAttemptAt ? ` · next attempt ${time(ib.nextAttemptAt)}` : ""}
          </dd>
          <dt>TWS answering</dt>
          <dd data-testid="tws-responding">{ib.state !== "connected" ? "—" : ib.responding ? "yes" : `no, silent since ${time(ib.silentSince)}`}</dd>
          <dt>TWS ↔ IB servers</dt>
          <dd data-testid="tws-ib-link">{ib.state !== "connected" ? "—" : ib.ibLink === "ok" ? "ok" : `lost since ${time(ib.ibLinkSince)}`}</dd>
          <dt>Data farms</dt>
          <dd data-testid="tws-farms">
            {farms.length === 0 ? "—" : farms.map((f) => `${f.kind} ${f.name}: ${f.state}`).join(" · ")}
          </dd>
        </dl>
      </div>
    </details>
  );
}
