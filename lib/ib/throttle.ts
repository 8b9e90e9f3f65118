/**
 * The one send budget towards TWS, which answers error 100 above 50 messages a second (and drops the
 * connection if it goes on). Messages leave evenly spaced, `1000 / perSecond` ms apart, never in bursts:
 * a burst that is legal at the sender can arrive squeezed together (a busy event loop on either side) and
 * count as too many at TWS. Sends queue in order; nothing is dropped. Requests and cancels alike go through,
 * but cancels yield to requests: a cancel frees a market-data line, and while lines are free there is no hurry
 * (when they run out, no request can queue until a cancel has gone, so cancels are never starved).
 *
 * Queued messages keep to a fixed grid of slots: a timer that fires a little late does not push every later
 * message back (which over a long queue would cost a tenth of the budget), and one that fires very late
 * starts a new grid rather than catching up in a burst.
 */
export class MessageThrottle {
  private readonly queue: Array<() => void> = [];
  private readonly lowQueue: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private throttledTotal = 0;
  readonly intervalMs: number;

  constructor(
    readonly perSecond = 45,
    private readonly now: () => number = Date.now,
  ) {
    if (!(perSecond > 0)) throw new RangeError("perSecond must be positive");
    this.intervalMs = 1_000 / perSecond;
  }

  /** Messages waiting for their turn right now. */
  get pending(): number {
    return this.queue.length + this.lowQueue.length;
  }

  /** How many sends had to wait since start: a sign the budget is the bottleneck. */
  get throttled(): number {
    return this.throttledTotal;
  }

  /** Runs `send` now if its turn has come, else when it does; "low" waits behind every normal message. */
  schedule(send: () => void, priority: "normal" | "low" = "normal"): void {
    if (this.pending === 0 && this.nextSlot() <= this.now()) {
      this.lastSentAt = this.now();
      send();
      return;
    }
    this.throttledTotal++;
    (priority === "low" ? this.lowQueue : this.queue).push(send);
    this.arm();
  }

  /** Sends nothing for `ms` (TWS said error 100: let its window empty before going on). */
  backOff(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    if (this.pending > 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.arm();
    }
  }

  /** Drops everything queued (the connection is gone; those messages must not go to the next one). */
  clear(): void {
    this.queue.length = 0;
    this.lowQueue.length = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private nextSlot(): number {
    return Math.max(this.lastSentAt + this.intervalMs, this.pausedUntil);
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.pending === 0) return;
      const slot = this.nextSlot();
      const now = this.now();
      if (slot > now) return this.arm();
      this.lastSentAt = now - slot <= this.intervalMs / 4 ? slot : now;
      (this.queue.shift() ?? this.lowQueue.shift())!();
      if (this.pending > 0) this.arm();
    }, Math.max(0, Math.ceil(this.nextSlot() - this.now())));
  }
}
