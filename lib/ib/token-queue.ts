/**
 * The token queue inside @stoqey/ib's decoder, made linear. The decoder reads every token with
 * Array.prototype.shift(), which on a large array moves all the rest: one big message (six months of 1-minute
 * bars is about 400,000 tokens) took minutes of a blocked event loop to decode, freezing every route.
 * TokenQueue keeps a read position instead, so each token costs the same however long the message.
 *
 * It offers exactly what the decoder uses of its array (@stoqey/ib 1.6.10, core/io/decoder.js): `length`,
 * `[0]`, `shift()`, `push(token)`, `concat(tokens)` (which appends in place and returns the queue, since the
 * decoder assigns the result back) and JSON for its error message.
 */
import type { IBApi } from "@stoqey/ib";

type Token = string | undefined;

export class TokenQueue {
  private items: Token[] = [];
  private head = 0;

  constructor(initial: readonly Token[] = []) {
    this.items = [...initial];
    // The decoder peeks with queue[0].
    Object.defineProperty(this, 0, { get: (): Token => this.items[this.head], enumerable: false });
  }

  get length(): number {
    return this.items.length - this.head;
  }

  shift(): Token {
    if (this.head >= this.items.length) return undefined;
    const token = this.items[this.head++];
    // Drop what has been read once it is most of the array, so memory stays proportional to what is left.
    if (this.head >= 4096 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return token;
  }

  push(token: Token): number {
    this.items.push(token);
    return this.length;
  }

  concat(tokens: readonly Token[]): this {
    for (const token of tokens) this.items.push(token);
    return this;
  }

  toJSON(): Token[] {
    return this.items.slice(this.head);
  }
}

/** Swaps the decoder's array for a TokenQueue; false if this @stoqey/ib is not shaped as expected (then unchanged). */
export function installTokenQueue(api: IBApi): boolean {
  const decoder = (api as unknown as { controller?: { decoder?: { dataQueue?: unknown } } }).controller?.decoder;
  if (!decoder || !Array.isArray(decoder.dataQueue)) return false;
  decoder.dataQueue = new TokenQueue(decoder.dataQueue as Token[]);
  return true;
}
