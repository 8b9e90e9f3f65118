import type { Metadata } from "next";
import Link from "next/link";
import { PairForm } from "@/components/auth/pair-form";
import { pairingProblem, pairingState } from "@/lib/auth/pairing";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Pair this device · SumpPump", referrer: "no-referrer" };

export default async function PairPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const pairing = await pairingState(getDb(), token);
  if (pairing.state !== "valid") {
    return (
      <section className="card auth-card">
        <h1>Pair this device</h1>
        <p className="error" role="alert" data-testid="pairing-problem">
          {pairingProblem(pairing.state)}
        </p>
        <p>
          <Link href="/login">Log in with the passphrase instead</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card auth-card">
      <h1>Pair this device</h1>
      <p className="muted">
        Give this phone a name you will recognise on the desktop&apos;s Devices page. It stays logged in for {getConfig().SUMPPUMP_DEVICE_SESSION_DAYS} days unless you revoke it there.
      </p>
      <PairForm token={token} />
    </section>
  );
}
