"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { fetchJson } from "@/components/fetch-json";
import { hardNavigate } from "./hard-navigate";
import { useHydrated } from "./use-hydrated";

export interface DeviceRow {
  id: string;
  name: string;
  created: string;
  lastSeen: string;
  expires: string;
  status: "active" | "expired" | "revoked";
  current: boolean;
}

/** Paired devices with a Revoke button each; revoking this very device goes to the login page. */
export function DeviceList({ devices }: { devices: DeviceRow[] }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();

  const revoke = async (device: DeviceRow) => {
    if (!window.confirm(`Revoke “${device.name}”? It will be logged out at once and must be paired again.`)) return;
    setBusy(device.id);
    setError(undefined);
    try {
      await fetchJson(`/api/devices/${encodeURIComponent(device.id)}`, { method: "DELETE" });
      if (device.current) {
        hardNavigate("/login?reason=device_revoked");
        return;
      }
      router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
    setBusy(undefined);
  };

  if (devices.length === 0) return <p className="muted">No phones paired yet.</p>;
  return (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul className="device-list">
        {devices.map((d) => (
          <li key={d.id} className={`device device-${d.status}`} data-testid="device">
            <div className="device-main">
              <strong data-testid="device-name">{d.name}</strong>
              {d.current && <span className="badge badge-connected">this device</span>}
              {d.status !== "active" && <span className="badge badge-disconnected">{d.status}</span>}
              <p className="muted small">
                Paired {d.created} · last seen {d.lastSeen} · {d.status === "active" ? `expires ${d.expires}` : d.status === "expired" ? `expired ${d.expires}` : ""}
              </p>
            </div>
            {d.status === "active" && (
              <button type="button" className="danger" onClick={() => revoke(d)} disabled={!hydrated || busy === d.id}>
                {busy === d.id ? "Revoking…" : "Revoke"}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
