import { useSyncExternalStore } from "react";

const subscribe = (): (() => void) => () => undefined;

/**
 * False in the server's HTML, true once React runs in the browser. Buttons whose work needs JavaScript stay disabled
 * until then, so a tap on a slow phone is never lost (and a form is never submitted natively, which for a GET
 * form would put the passphrase in the address bar).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
