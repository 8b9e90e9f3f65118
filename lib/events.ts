/**
 * The in-process event bus: trading publishes what changed (a new proposal, an approval, a fill), the inbox's
 * server-sent-events route forwards it to every open browser. Kept on globalThis because Next bundles the
 * instrumentation hook and the routes separately, and they must share one bus.
 */
import { EventEmitter } from "node:events";

export interface TradingEvent {
  /** "connection": whether orders can be sent changed (the line to TWS failed or came back). */
  type: "proposal" | "kill_switch" | "connection";
  /** The proposal that changed, when there is one. */
  proposalId?: string;
  status?: string;
  at: string;
}

const globalForEvents = globalThis as typeof globalThis & { sumppumpEvents?: EventEmitter };

function bus(): EventEmitter {
  if (!globalForEvents.sumppumpEvents) {
    globalForEvents.sumppumpEvents = new EventEmitter();
    // One listener per open inbox tab; a busy desk may have many.
    globalForEvents.sumppumpEvents.setMaxListeners(0);
  }
  return globalForEvents.sumppumpEvents;
}

export function publish(event: Omit<TradingEvent, "at">): void {
  bus().emit("trading", { ...event, at: new Date().toISOString() } satisfies TradingEvent);
}

/** Calls `listener` for every event from now on; returns the unsubscribe function. */
export function subscribe(listener: (event: TradingEvent) => void): () => void {
  bus().on("trading", listener);
  return () => bus().off("trading", listener);
}
