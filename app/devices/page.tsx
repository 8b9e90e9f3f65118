import type { Metadata } from "next";
import { DeviceList, type DeviceRow } from "@/components/auth/device-list";
import { PairPhone } from "@/components/auth/pair-phone";
import { listDevices } from "@/lib/auth/devices";
import { requirePageUser } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Devices · SumpPump" };

function ago(date: Date, now: Date): string {
  const minutes = Math.round((now.getTime() - date.getTime()) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

const formatDate = (date: Date): string => date.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });

export default async function DevicesPage() {
  const actor = await requirePageUser("/devices");
  const now = new Date();
  const devices: DeviceRow[] = (await listDevices(getDb(), now)).map((d) => ({
    id: d.id,
    name: d.name,
    created: formatDate(d.createdAt),
    lastSeen: ago(d.lastSeenAt, now),
    expires: formatDate(d.expiresAt),
    status: d.status,
    current: d.id === actor.deviceId,
  }));
  return (
    <div className="grid">
      <section className="card">
        <h2>Pair a phone</h2>
        {actor.kind === "desktop" ? (
          <>
            <p className="muted">
              The phone must be on the same network. It gets its own login for {getConfig().SUMPPUMP_DEVICE_SESSION_DAYS} days, which you can revoke here at any time.
            </p>
            <PairPhone />
          </>
        ) : (
          <p className="muted">Pair another phone from the desktop, where you logged in with the passphrase.</p>
        )}
      </section>
      <section className="card">
        <h2>Paired devices</h2>
        <p className="muted small">You are logged in as {actor.kind === "desktop" ? "the desktop (passphrase)" : `“${actor.label}”`}.</p>
        <DeviceList devices={devices} />
      </section>
    </div>
  );
}
