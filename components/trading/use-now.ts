import { useSyncExternalStore } from "react";

/** One shared one-second clock for every countdown on the page. */
let now = 0;
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const snapshot = (): number => (now === 0 ? (now = Date.now()) : now);

/** The current time (epoch ms), re-rendering every second; 0 in the server's HTML. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, () => 0);
}
