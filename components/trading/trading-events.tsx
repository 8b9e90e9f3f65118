"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useSyncExternalStore } from "react";
import { TRADING_KEY } from "./trading-data";

/** Whether the browser is receiving the server's trading events. */
export type StreamState = "connecting" | "live" | "reconnecting";

let streamState: StreamState = "connecting";
const listeners = new Set<() => void>();

function setStreamState(next: StreamState): void {
  if (next === streamState) return;
  streamState = next;
  for (const listener of listeners) listener();
}

const subscribeState = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The event stream's state, for a "live" indicator. */
export function useStreamState(): StreamState {
  return useSyncExternalStore(
    subscribeState,
    () => streamState,
    () => "connecting",
  );
}

/**
 * One EventSource per tab on /api/events: every `trading` event (a new proposal, an approval, a fill, the kill
 * switch) refetches the trading queries, so cards appear and move without a reload. Bursts (a fill sends several
 * events) are merged into one refetch. A stream the server closed (e.g. after a restart or a logout) is reopened
 * with a growing delay, and everything is refetched when it comes back, in case events were missed meanwhile.
 */
export function TradingEvents() {
  const client = useQueryClient();
  useEffect(() => {
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let burst: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let wasDown = false;
    let closed = false;

    const refresh = (): void => {
      if (burst) return;
      burst = setTimeout(() => {
        burst = undefined;
        void client.invalidateQueries({ queryKey: TRADING_KEY });
      }, 60);
    };

    const open = (): void => {
      if (closed) return;
      source = new EventSource("/api/events");
      source.onopen = () => {
        if (wasDown) refresh();
        wasDown = false;
        attempts = 0;
        setStreamState("live");
      };
      source.addEventListener("trading", refresh);
      source.onerror = () => {
        wasDown = true;
        setStreamState("reconnecting");
        // The browser retries by itself after a dropped connection; a refused one (CLOSED) is ours to reopen.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          attempts += 1;
          retry = setTimeout(open, Math.min(30_000, 1_000 * 2 ** Math.min(attempts, 5)));
        }
      };
    };
    open();
    return () => {
      closed = true;
      source?.close();
      if (retry) clearTimeout(retry);
      if (burst) clearTimeout(burst);
      setStreamState("connecting");
    };
  }, [client]);
  return null;
}
