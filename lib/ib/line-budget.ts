import { IbError, IbErrorCode } from "../errors";
import { PRIORITIES, type Priority } from "./priority";

/**
 * TWS allows an account a fixed number of simultaneous market-data lines (100 by default; error 101 beyond).
 * Every subscription SumpPump opens takes a line from this one shared budget and waits its turn instead of
 * tripping the limit: by priority class (see priority.ts), first come first served within a class. The last
 * `reserved` lines are kept for interactive work, so a chain page holding every other line never makes Claude's
 * quote wait for one to come free.
 */
export class LineBudget {
  private inUse = 0;
  private readonly waiting = new Map<Priority, Array<() => void>>(PRIORITIES.map((p) => [p, []]));

  constructor(
    readonly capacity: number,
    readonly reserved = 0,
  ) {
    if (!(capacity >= 1)) throw new RangeError("a line budget needs at least one line");
    if (!(reserved >= 0 && reserved < capacity)) throw new RangeError("the reserved lines must be fewer than the lines");
  }

  get used(): number {
    return this.inUse;
  }

  get queued(): number {
    let n = 0;
    for (const queue of this.waiting.values()) n += queue.length;
    return n;
  }

  /**
   * Resolves with a release function once a line is free for `priority`. Call release exactly once. Rejects
   * (taking no line) if `signal` aborts first.
   */
  acquire(priority: Priority = "page", signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const queue = this.waiting.get(priority)!;
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        this.inUse--;
        this.grantWaiting();
      };
      const grant = (): void => {
        signal?.removeEventListener("abort", onAbort);
        this.inUse++;
        resolve(release);
      };
      const onAbort = (): void => {
        const i = queue.indexOf(grant);
        if (i >= 0) queue.splice(i, 1);
        reject(abortError(signal!));
      };
      if (this.fits(priority) && this.waitingAhead(priority) === 0) return grant();
      queue.push(grant);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Runs `task` holding one line. */
  async with<T>(task: () => Promise<T>, priority: Priority = "page"): Promise<T> {
    const release = await this.acquire(priority);
    try {
      return await task();
    } finally {
      release();
    }
  }

  private fits(priority: Priority): boolean {
    return this.inUse < (priority === "interactive" ? this.capacity : this.capacity - this.reserved);
  }

  private waitingAhead(priority: Priority): number {
    let n = 0;
    for (const p of PRIORITIES) {
      n += this.waiting.get(p)!.length;
      if (p === priority) break;
    }
    return n;
  }

  private grantWaiting(): void {
    for (const p of PRIORITIES) {
      const queue = this.waiting.get(p)!;
      while (queue.length > 0 && this.fits(p)) queue.shift()!();
      if (queue.length > 0) return;
    }
  }
}

function abortError(signal: AbortSignal): IbError {
  const reason: unknown = signal.reason;
  return new IbError(IbErrorCode.Aborted, reason instanceof Error ? reason.message : "The request was abandoned before TWS was asked.");
}
