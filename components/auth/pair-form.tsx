"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { hardNavigate } from "./hard-navigate";

/** Names this phone and redeems the pairing link; the phone then has its own session and goes to the home page. */
export function PairForm({ token }: { token: string }) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
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
    <form className="auth-form" onSubmit={submit}>
      <label htmlFor="device-name">Name this device</label>
      <input
        id="device-name"
        name="name"
        placeholder="e.g. Pixel 7"
        autoComplete="off"
        maxLength={40}
        required
        autoFocus
        value={name}
        onChange={(e) => setName(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "pair-error" : undefined}
      />
      {error && (
        <p id="pair-error" className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending || name.trim().length === 0}>
        {pending ? "Pairing…" : "Pair this device"}
      </button>
    </form>
  );
}
