import type { Priority } from "./priority";

/** A message's place in the send queue: a priority class, or "cancel" (between interactive and page work). */
export type SendClass = Priority | "cancel";

/** Served first to last. Cancels come right after interactive requests: each one frees a market-data line. */
const SEND_ORDER: readonly SendClass[] = ["interactive", "cancel", "page", "background"];

/**
 * Sends a queued message, or returns exactly `false` when it no longer needs sending (its request was aborted or
 * ended while it waited): the slot then goes to the next message at once instead of being wasted.
 */
export type QueuedSend = () => unknown;

/** How the throttle holds back while TWS is silent (see MessageThrottle). */
export interface SilenceGuard {
  /** Messages that may be sent after the last one heard from TWS before the guard holds back. */
  maxUnheard: number;
  /** While held back, one message per this many ms all the same (TWS may just have nothing to say). */
  quietIntervalMs: number;
}

/**
 * The one send budget towards TWS, which answers error 100 above 50 messages a second (and drops the
 * connection if it goes on). Messages leave evenly spaced, `1000 / perSecond` ms apart, never in bursts.
 *
 * TWS counts messages when it reads them, not when they were sent. If it stalls (a pause in its process), the
 * evenly spaced messages sent meanwhile wait in its socket and are read in one go: after a stall of S ms it
 * counts them together with the next second's, perSecond × (1 + S/1000) in all, which is over 50 at 45 a second
 * once S passes about 110 ms. So with a `silenceGuard`, the throttle watches TWS (`heard()` for every message
 * from it): after `maxUnheard` messages with no sign of life it sends only one per `quietIntervalMs`, which
 * keeps what can pile up during a stall small. TWS streams ticks and answers requests within milliseconds
 * when it is well, so this costs nothing then. Nothing is dropped. Queued messages are served by class (see SEND_ORDER), in order
 * within a class: Claude's tools and the trader's approvals never wait behind a page's hundreds of quotes.
 *
 * Queued messages keep to a fixed grid of slots: a timer that fires a little late does not push every later
 * message back (which over a long queue would cost a tenth of the budget), and one that fires very late
 * starts a new grid rather than catching up in a burst.
 */
export class MessageThrottle {
  private readonly queues = new Map<SendClass, QueuedSend[]>(SEND_ORDER.map((c) => [c, []]));
  private timer: NodeJS.Timeout | undefined;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private throttledTotal = 0;
  /** Messages sent since TWS was last heard from. */
  private unheard = 0;
  readonly intervalMs: number;

  constructor(
    readonly perSecond = 45,
    private readonly now: () => number = Date.now,
    private readonly silenceGuard: SilenceGuard = { maxUnheard: Number.POSITIVE_INFINITY, quietIntervalMs: 0 },
  ) {
    if (!(perSecond > 0)) throw new RangeError("perSecond must be positive");
    this.intervalMs = 1_000 / perSecond;
  }

  /** TWS sent something: it is reading and answering, so whatever was held back for its silence may go. */
  heard(): void {
    const heldBack = this.unheard >= this.silenceGuard.maxUnheard;
    this.unheard = 0;
    if (heldBack && this.pending > 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.arm();
    }
  }

  /** Messages waiting for their turn right now. */
  get pending(): number {
    let n = 0;
    for (const queue of this.queues.values()) n += queue.length;
    return n;
  }

  /** Messages of one class waiting now. */
  pendingOf(sendClass: SendClass): number {
    return this.queues.get(sendClass)!.length;
  }

  /** How many sends had to wait since start: a sign the budget is the bottleneck. */
  get throttled(): number {
    return this.throttledTotal;
  }

  /** Runs `send` now if its turn has come, else when it does, after every queued message of a more urgent class. */
  schedule(send: QueuedSend, sendClass: SendClass = "page"): void {
    if (this.pending === 0 && this.nextSlot() <= this.now()) {
      // The slot is taken before sending: a message scheduled from inside `send` must wait its own turn.
      const previous = this.lastSentAt;
      this.lastSentAt = this.now();
      if (send() === false) this.lastSentAt = previous;
      else this.unheard++;
      return;
    }
    this.throttledTotal++;
    this.queues.get(sendClass)!.push(send);
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
    for (const queue of this.queues.values()) queue.length = 0;
    this.unheard = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private nextSlot(): number {
    const silent = this.unheard >= this.silenceGuard.maxUnheard ? this.lastSentAt + this.silenceGuard.quietIntervalMs : Number.NEGATIVE_INFINITY;
    return Math.max(this.lastSentAt + this.intervalMs, this.pausedUntil, silent);
  }

  private next(): QueuedSend | undefined {
    for (const sendClass of SEND_ORDER) {
      const send = this.queues.get(sendClass)!.shift();
      if (send) return send;
    }
    return undefined;
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.pending === 0) return;
      const slot = this.nextSlot();
      const now = this.now();
      if (slot > now) return this.arm();
      const previous = this.lastSentAt;
      for (let send = this.next(); send; send = this.next()) {
        this.lastSentAt = now - slot <= this.intervalMs / 4 ? slot : now;
        if (send() !== false) {
          this.unheard++;
          break;
        }
        this.lastSentAt = previous;
      }
      if (this.pending > 0) this.arm();
    }, Math.max(0, Math.ceil(this.nextSlot() - this.now())));
  }
}
