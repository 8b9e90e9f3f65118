/**
 * The one send budget towards TWS: at most `limit` messages in any sliding window of `windowMs` (TWS answers
 * error 100 above 50 per second and drops the connection if it goes on). Sends queue in order; nothing is
 * dropped. Every message SumpPump sends, requests and cancels alike, goes through here.
 */
export class MessageThrottle {
  private readonly sentAt: number[] = [];
  private readonly queue: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private throttledTotal = 0;

  constructor(
    readonly limit = 45,
    readonly windowMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Messages waiting for their turn right now. */
  get pending(): number {
    return this.queue.length;
  }

  /** How many sends had to wait since start: a sign the budget is the bottleneck. */
  get throttled(): number {
    return this.throttledTotal;
  }

  /** Runs `send` now if the window has room, else as soon as it has. */
  schedule(send: () => void): void {
    if (this.queue.length === 0 && this.hasRoom()) {
      this.sentAt.push(this.now());
      send();
      return;
    }
    this.throttledTotal++;
    this.queue.push(send);
    this.arm();
  }

  /** Drops everything queued (the connection is gone; those messages must not go to the next one). */
  clear(): void {
    this.queue.length = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private hasRoom(): boolean {
    const cutoff = this.now() - this.windowMs;
    while (this.sentAt.length > 0 && this.sentAt[0]! <= cutoff) this.sentAt.shift();
    return this.sentAt.length < this.limit;
  }

  private arm(): void {
    if (this.timer) return;
    const oldest = this.sentAt[0] ?? this.now();
    const wait = Math.max(0, oldest + this.windowMs - this.now() + 1);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      while (this.queue.length > 0 && this.hasRoom()) {
        this.sentAt.push(this.now());
        this.queue.shift()!();
      }
      if (this.queue.length > 0) this.arm();
    }, wait);
  }
}
