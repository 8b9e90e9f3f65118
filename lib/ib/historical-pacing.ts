/**
 * TWS's historical-data pacing rules, kept on our side so that requests wait their turn instead of failing
 * with error 162: an identical request within 15 s is answered from the previous result; at most 60
 * requests in any 10 minutes; at most 50 open at once.
 */
export interface HistoricalPacingRules {
  identicalWithinMs: number;
  maxRequests: number;
  perMs: number;
  maxOpen: number;
}

export const TWS_HISTORICAL_PACING: HistoricalPacingRules = { identicalWithinMs: 15_000, maxRequests: 60, perMs: 10 * 60_000, maxOpen: 50 };

export interface PacedResult<T> {
  value: T;
  /** True when an identical recent request's result was reused instead of asking TWS again. */
  reused: boolean;
  /** Milliseconds the request waited for the pacing rules. */
  waitedMs: number;
}

export class HistoricalPacer {
  private readonly started: number[] = [];
  private open = 0;
  private readonly recent = new Map<string, { at: number; value: Promise<unknown> }>();
  private readonly waiting: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly rules: HistoricalPacingRules = TWS_HISTORICAL_PACING,
    private readonly now: () => number = Date.now,
  ) {}

  async run<T>(key: string, task: () => Promise<T>): Promise<PacedResult<T>> {
    const cached = this.recent.get(key);
    if (cached && this.now() - cached.at < this.rules.identicalWithinMs) {
      return { value: (await cached.value) as T, reused: true, waitedMs: 0 };
    }
    const queuedAt = this.now();
    await this.turn();
    const waitedMs = this.now() - queuedAt;
    const value = task();
    this.recent.set(key, { at: this.now(), value });
    this.prune();
    try {
      return { value: await value, reused: false, waitedMs };
    } catch (error) {
      this.recent.delete(key);
      throw error;
    } finally {
      this.open--;
      this.wake();
    }
  }

  /** An identical request's answer from within the last 15 s, if any (for answers assembled from several requests). */
  recentAnswer<T>(key: string): Promise<T> | undefined {
    const cached = this.recent.get(key);
    return cached && this.now() - cached.at < this.rules.identicalWithinMs ? (cached.value as Promise<T>) : undefined;
  }

  /** Keeps an answer assembled from several requests for reuse like any single one's; forgotten if it fails. */
  remember(key: string, value: Promise<unknown>): void {
    this.recent.set(key, { at: this.now(), value });
    value.catch(() => this.recent.delete(key));
    this.prune();
  }

  private turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.wake();
    });
  }

  private wake(): void {
    while (this.waiting.length > 0) {
      const cutoff = this.now() - this.rules.perMs;
      while (this.started.length > 0 && this.started[0]! <= cutoff) this.started.shift();
      if (this.open >= this.rules.maxOpen) return;
      if (this.started.length >= this.rules.maxRequests) {
        if (!this.timer) {
          const wait = this.started[0]! + this.rules.perMs - this.now() + 1;
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.wake();
          }, wait);
        }
        return;
      }
      this.open++;
      this.started.push(this.now());
      this.waiting.shift()!();
    }
  }

  private prune(): void {
    const cutoff = this.now() - this.rules.identicalWithinMs;
    for (const [key, entry] of this.recent) if (entry.at < cutoff) this.recent.delete(key);
  }
}
