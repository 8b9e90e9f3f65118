/**
 * Keeps the underlyings of pending proposals streaming (lib/ib/quote-streams.ts), so an approval's drift check
 * reads a live quote instead of fetching one while the trader waits. Follows the proposals as they come and go
 * (every trading event), and every few seconds for those that expire without one.
 */
import type { Logger } from "pino";
import { subscribe } from "../events";
import type { PrismaClient } from "../generated/prisma/client";
import type { Ib } from "../ib";

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
      .findMany({ where: { status: "pending_approval" }, select: { symbol: true }, distinct: ["symbol"], orderBy: { createdAt: "desc" } })
      .then((rows) => ib.keepStreaming(rows.map((r) => r.symbol)))
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
