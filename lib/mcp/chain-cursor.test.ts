import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, expiriesPerPage, nextCursor, PAGE_CONTRACTS, type ChainCursor } from "./chain-cursor";

const key = randomBytes(32);
const request: ChainCursor = { symbol: "SPY", expiries: ["20270115", "20270122", "20270129", "20270205"], from: 2, perPage: 2, rights: "both", strikesEachSide: 25, anchor: 600 };

/** A cursor as an attacker would write one: the old unsealed format, or a sealed one with its body swapped. */
const unsealed = (c: unknown): string => `chain2.${Buffer.from(JSON.stringify(c)).toString("base64url")}`;

describe("chain cursors", () => {
  it("round-trip under the server's key", () => {
    expect(decodeCursor(encodeCursor(request, key), key)).toEqual(request);
    expect(decodeCursor(encodeCursor(request))).toEqual(request);
  });

  it("are refused when written or altered by anyone without the key", () => {
    const greedy = { ...request, perPage: 4, strikesEachSide: 50, from: 0 };
    expect(decodeCursor(unsealed(greedy), key)).toBeUndefined();
    expect(decodeCursor(`${unsealed(greedy)}.${"A".repeat(43)}`, key)).toBeUndefined();
    const [, mac] = encodeCursor(request, key).slice("chain2.".length).split(".");
    expect(decodeCursor(`${unsealed(greedy)}.${mac}`, key)).toBeUndefined();
    expect(decodeCursor(encodeCursor(request, key), randomBytes(32))).toBeUndefined();
    expect(decodeCursor(`chain1.${Buffer.from(JSON.stringify(greedy)).toString("base64url")}`, key)).toBeUndefined();
  });

  it("even sealed, a cursor must keep within a page", () => {
    const greedy: ChainCursor = { ...request, perPage: 4, strikesEachSide: 50, from: 0 };
    expect(decodeCursor(encodeCursor(greedy, key), key)).toBeUndefined();
    const perPage = expiriesPerPage(101, "both");
    expect(perPage * 101 * 2).toBeLessThanOrEqual(PAGE_CONTRACTS);
    expect(decodeCursor(encodeCursor({ ...greedy, perPage }, key), key)).toMatchObject({ perPage });
  });

  it("the last page has no next cursor", () => {
    expect(nextCursor({ ...request, from: 2 })).toBeUndefined();
    expect(nextCursor({ ...request, from: 0 })).toMatchObject({ from: 2 });
  });
});
