"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { hardNavigate } from "./hard-navigate";
import { useHydrated } from "./use-hydrated";

/** The passphrase form. On success the browser goes to `next` with a full load, so the top bar shows the login. */
export function LoginForm({ next }: { next: string }) {
  const hydrated = useHydrated();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Uncontrolled input: whatever was typed before the page finished loading is kept.
    const passphrase = String(new FormData(event.currentTarget).get("passphrase") ?? "");
    if (!passphrase) {
      setError("Enter the passphrase.");
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      const result = await signIn("passphrase", { passphrase, redirect: false });
      if (result?.ok && !result.error) {
        hardNavigate(next);
        return;
      }
      setError(result?.error ?? "Logging in failed. Try again.");
    } catch {
      setError("SumpPump is not answering. Is it still running?");
    }
    setPending(false);
  };

  return (
    <form className="auth-form" method="post" onSubmit={submit}>
      <label htmlFor="passphrase">Passphrase</label>
      <input
        id="passphrase"
        name="passphrase"
        type="password"
        autoComplete="current-password"
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        required
        autoFocus
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "login-error" : undefined}
      />
      {error && (
        <p id="login-error" className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={!hydrated || pending}>
        {pending ? "Logging in…" : "Log in"}
      </button>
    </form>
  );
}
