/**
 * TWS allows an account a fixed number of simultaneous market-data lines (100 by default; error 101 beyond).
 * Every subscription SumpPump opens takes a line from this one shared budget and waits its turn, first come
 * first served, instead of tripping the limit.
 */
export class LineBudget {
  private inUse = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError("a line budget needs at least one line");
  }

  get used(): number {
    return this.inUse;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once a line is free. Call release exactly once. */
  acquire(): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = (): void => {
        this.inUse++;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.inUse--;
          this.waiting.shift()?.();
        });
      };
      if (this.inUse < this.capacity) grant();
      else this.waiting.push(grant);
    });
  }

  /** Runs `task` holding one line. */
  async with<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
}
