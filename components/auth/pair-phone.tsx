"use client";

import { useEffect, useState } from "react";
import { fetchJson } from "@/components/fetch-json";
import { useHydrated } from "./use-hydrated";

interface PairingLink {
  url: string;
  expiresAt: string;
  qr: string;
  reachableFromLan: boolean;
}

function remaining(expiresAt: string, now: number): string {
  const seconds = Math.max(0, Math.round((Date.parse(expiresAt) - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** Asks the server for a one-time pairing link and shows it as a QR code with a countdown. */
export function PairPhone() {
  const hydrated = useHydrated();
  const [link, setLink] = useState<PairingLink>();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!link) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [link]);

  const create = async () => {
    setPending(true);
    setError(undefined);
    try {
      setLink(await fetchJson<PairingLink>("/api/devices/pairings", { method: "POST" }));
      setNow(Date.now());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
    setPending(false);
  };

  const expired = link !== undefined && Date.parse(link.expiresAt) <= now;
  return (
    <div className="pairing" data-testid="pairing">
      {link && !expired && (
        <>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data URL made on the server; nothing to optimise */}
          <img className="qr" src={link.qr} alt="QR code of the pairing link" width={240} height={240} />
          <p className="small">
            Scan it with the phone&apos;s camera, or open this link on the phone:
            <br />
            <a href={link.url} className="pairing-link" data-testid="pairing-link">
              {link.url}
            </a>
          </p>
          <p className="muted small" aria-live="polite">
            Works once; expires in {remaining(link.expiresAt, now)}.
          </p>
          {!link.reachableFromLan && (
            <p className="error small">
              SumpPump listens only on this machine, so a phone cannot reach it: set HOST=0.0.0.0 and restart to pair a phone.
            </p>
          )}
        </>
      )}
      {expired && <p className="muted">That pairing code has expired.</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="button" onClick={create} disabled={!hydrated || pending}>
        {pending ? "Making a code…" : link ? "New pairing code" : "Pair a phone"}
      </button>
    </div>
  );
}
