"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { hardNavigate } from "./hard-navigate";
import { useHydrated } from "./use-hydrated";

/** Names this phone and redeems the pairing link; the phone then has its own session and goes to the home page. */
export function PairForm({ token }: { token: string }) {
  const hydrated = useHydrated();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    if (!name) {
      setError("Give this device a name, e.g. “Pixel 7”.");
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      const result = await signIn("pairing", { token, name, redirect: false });
      if (result?.ok && !result.error) {
        hardNavigate("/");
        return;
      }
      setError(result?.error ?? "Pairing failed. Try again.");
    } catch {
      setError("SumpPump is not answering. Is it still running?");
    }
    setPending(false);
  };

  return (
    <form className="auth-form" method="post" onSubmit={submit}>
      <label htmlFor="device-name">Name this device</label>
      <input
        id="device-name"
        name="name"
        placeholder="e.g. Pixel 7"
        autoComplete="off"
        maxLength={40}
        required
        autoFocus
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "pair-error" : undefined}
      />
      {error && (
        <p id="pair-error" className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={!hydrated || pending}>
        {pending ? "Pairing…" : "Pair this device"}
      </button>
    </form>
  );
}
