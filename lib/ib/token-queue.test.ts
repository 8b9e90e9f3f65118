import { IBApi } from "@stoqey/ib";
import { describe, expect, it } from "vitest";
import { installTokenQueue, TokenQueue } from "./token-queue";

describe("TokenQueue", () => {
  it("behaves as the decoder's array did: shift, peek, push, concat in place, length, JSON", () => {
    let q = new TokenQueue();
    q.push(undefined);
    q = q.concat(["17", "1", "a"]);
    q.push(undefined);
    expect(q.length).toBe(5);
    expect((q as unknown as Record<number, unknown>)[0]).toBeUndefined();
    expect(q.shift()).toBeUndefined();
    expect((q as unknown as Record<number, unknown>)[0]).toBe("17");
    expect([q.shift(), q.shift(), q.shift(), q.shift(), q.shift()]).toEqual(["17", "1", "a", undefined, undefined]);
    expect(q.length).toBe(0);
    expect(JSON.stringify(q.concat(["x"]))).toBe('["x"]');
  });

  it("decodes a message of 400,000 tokens in time proportional to its size", () => {
    const tokens = Array.from({ length: 400_000 }, (_, i) => String(i));
    const q = new TokenQueue().concat(tokens);
    const started = performance.now();
    let last: string | undefined;
    while (q.length > 0) last = q.shift();
    expect(last).toBe("399999");
    // Array.prototype.shift on the same array takes seconds where it cannot trim in place; this is linear.
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("is installed in @stoqey/ib's decoder", () => {
    const api = new IBApi({ host: "127.0.0.1", port: 1 });
    expect(installTokenQueue(api)).toBe(true);
    expect((api as unknown as { controller: { decoder: { dataQueue: unknown } } }).controller.decoder.dataQueue).toBeInstanceOf(TokenQueue);
  });
});
