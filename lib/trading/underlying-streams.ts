/**
 * Keeps the underlyings and option legs of pending proposals streaming (lib/ib/quote-streams.ts), newest first and
 * within the line budget, so an approval's drift and market checks read live quotes instead of fetching them while
 * the trader waits. Follows the proposals as they come and go (every trading event), and every few seconds for
 * those that expire without one.
 */
import type { Logger } from "pino";
import { subscribe } from "../events";
import type { PrismaClient } from "../generated/prisma/client";
import type { Ib } from "../ib";
import { optionStreamKey } from "../ib/ib";
import type { LegInput } from "../analysis/legs";

const RECHECK_MS = 15_000;

/** Starts following the pending proposals; returns the function that stops it (and closes the streams). */
export function streamPendingUnderlyings(db: PrismaClient, ib: Ib, log: Logger): () => void {
  let running: Promise<void> | undefined;
  let again = false;
  const refresh = (): void => {
    // One query at a time; a burst of events while it runs makes one more.
    if (running) {
      again = true;
      return;
    }
    running = db.proposal
      .findMany({ where: { status: "pending_approval" }, select: { symbol: true, legsJson: true }, orderBy: { createdAt: "desc" } })
      .then((rows) => ib.keepStreaming(rows.flatMap((r) => streamKeys(r.symbol, r.legsJson))))
      .catch((error: unknown) => log.warn({ err: error }, "could not list the pending proposals' underlyings to stream"))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          refresh();
        }
      });
  };
  const unsubscribe = subscribe((event) => {
    if (event.type === "proposal") refresh();
  });
  const timer = setInterval(refresh, RECHECK_MS);
  timer.unref();
  refresh();
  return () => {
    unsubscribe();
    clearInterval(timer);
    ib.keepStreaming([]);
  };
}

/** The underlying, then each option leg. */
function streamKeys(symbol: string, legsJson: string): string[] {
  const legs = JSON.parse(legsJson) as LegInput[];
  const options = legs.filter((l) => l.type !== "stock").map((l) => optionStreamKey(symbol, l.expiry!, l.strike!, l.type === "call" ? "C" : "P"));
  return [symbol, ...options];
}
