/**
 * Who is waiting for a request to TWS, most urgent first. TWS's limits (messages a second, market-data lines) are
 * shared by everyone; when they are the bottleneck, the queue is served by class:
 * - "interactive": Claude's MCP tools and the trader's decisions (approve, cancel…): someone is waiting now;
 * - "page": what a browser page asks for (the default);
 * - "background": work nobody is waiting on (a page's periodic refresh, keeping streams alive).
 *
 * The class follows the work through every await (AsyncLocalStorage), so lib/ib never needs it passed down: an
 * MCP tool's contract lookup, quote and what-if all run as "interactive".
 */
import { AsyncLocalStorage } from "node:async_hooks";

export type Priority = "interactive" | "page" | "background";

/** Most urgent first. */
export const PRIORITIES: readonly Priority[] = ["interactive", "page", "background"];

// On globalThis: Next bundles routes and the instrumentation hook separately, and the one IB client must see the
// class that a route set, whichever bundle set it.
const globalForPriority = globalThis as typeof globalThis & { sumppumpPriority?: AsyncLocalStorage<Priority> };
const storage = (globalForPriority.sumppumpPriority ??= new AsyncLocalStorage<Priority>());

/** Runs `work` (and everything it awaits or starts) in the given class. */
export function withPriority<T>(priority: Priority, work: () => T): T {
  return storage.run(priority, work);
}

/** The class of the work running now; "page" when nothing said otherwise. */
export function currentPriority(): Priority {
  return storage.getStore() ?? "page";
}

/** The class a browser request asks for with its `X-Priority: background` header (a page's periodic refresh). */
export function priorityOfPageRequest(headers: Headers): Priority {
  return headers.get("x-priority") === "background" ? "background" : "page";
}
