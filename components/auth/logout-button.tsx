"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { hardNavigate } from "./hard-navigate";
import { useHydrated } from "./use-hydrated";

/** Ends this browser's session (a paired device is revoked as well) and shows the login page. */
export function LogoutButton() {
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);
  const logOut = async () => {
    setPending(true);
    try {
      await signOut({ redirect: false });
    } finally {
      hardNavigate("/login?reason=logged_out");
    }
  };
  return (
    <button type="button" className="nav-button" onClick={logOut} disabled={!hydrated || pending}>
      {pending ? "Logging out…" : "Log out"}
    </button>
  );
}
