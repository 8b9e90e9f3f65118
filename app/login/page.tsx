import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { AuthErrorCode } from "@/lib/auth/errors";
import { safeNextPath } from "@/lib/auth/gate";
import { getAuthenticatedActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Log in · SumpPump" };

/** Fixed texts for the reasons the gate sends people here; the query never supplies text of its own. */
const REASONS: Record<string, string> = {
  [AuthErrorCode.Expired]: "Your session has expired. Log in again.",
  [AuthErrorCode.Revoked]: "This device was revoked. Log in with the passphrase, or pair it again from the desktop.",
  [AuthErrorCode.PassphraseChanged]: "The passphrase has changed. Log in with the new one.",
  logged_out: "You have logged out.",
};

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(first(params.next));
  if (await getAuthenticatedActor()) redirect(next);
  const reason = REASONS[first(params.reason) ?? ""];
  return (
    <section className="card auth-card">
      <h1>Log in</h1>
      {reason && (
        <p className="notice" role="status">
          {reason}
        </p>
      )}
      <p className="muted">
        Enter the passphrase that <code>npm start</code> printed the first time, or the one you set in <code>SUMPPUMP_PASSPHRASE</code>.
      </p>
      <LoginForm next={next} />
      <p className="muted small">On a phone? Pair it instead: on the desktop, open Devices and scan the code.</p>
    </section>
  );
}
