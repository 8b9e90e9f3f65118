"use client";

import { useQuery } from "@tanstack/react-query";
import type { IbStatus } from "@/lib/ib/client";
import { fetchJson } from "./fetch-json";

interface StatusResponse {
  mode: "sim" | "live";
  simulated: boolean;
  ib: IbStatus;
}

const LABEL: Record<IbStatus["state"], string> = {
  connected: "connected",
  connecting: "connecting…",
  disconnected: "disconnected",
};

export function ConnectionStatus() {
  const { data, error, isPending } = useQuery({
    queryKey: ["status"],
    queryFn: () => fetchJson<StatusResponse>("/api/status"),
    refetchInterval: 2000,
  });

  if (isPending) return <section className="card" aria-busy="true"><h2>Connection</h2><p className="muted">Checking…</p></section>;
  if (error) return <section className="card"><h2>Connection</h2><p className="error">The SumpPump server is not answering: {error.message}</p></section>;

  const { ib } = data;
  return (
    <section className="card" data-testid="connection">
      <h2>Connection</h2>
      <p>
        <span className={`badge badge-${ib.state === "connected" && !ib.responding ? "disconnected" : ib.state}`} data-testid="connection-state">
          {ib.state === "connected" && !ib.responding ? "not responding" : LABEL[ib.state]}
        </span>{" "}
        {data.simulated ? "built-in TWS simulator" : "TWS / IB Gateway"} at {ib.host}:{ib.port} · client id {ib.clientId}
      </p>
      <dl className="facts">
        <dt>Mode</dt>
        <dd>{data.simulated ? "Simulated market" : "Live TWS"}</dd>
        <dt>Account</dt>
        <dd>{ib.accounts.join(", ") || "—"}</dd>
        {ib.state === "connected" && !ib.responding && (
          <>
            <dt>TWS</dt>
            <dd className="error" data-testid="connection-not-responding">not responding since {ib.silentSince ? new Date(ib.silentSince).toLocaleTimeString() : "a moment ago"}</dd>
          </>
        )}
        {ib.ibLink === "lost" && (
          <>
            <dt>IB servers</dt>
            <dd className="error">TWS has lost its connection to IB</dd>
          </>
        )}
        {ib.state !== "connected" && ib.nextAttemptAt && (
          <>
            <dt>Next attempt</dt>
            <dd>{new Date(ib.nextAttemptAt).toLocaleTimeString()}</dd>
          </>
        )}
        {ib.lastError && ib.state !== "connected" && (
          <>
            <dt>Last error</dt>
            <dd className="error">{ib.lastError.message}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
