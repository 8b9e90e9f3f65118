import { describe, expect, it } from "vitest";
import { withoutExpired } from "./option-chain";
import { parseTradingHours } from "./trading-hours";
import type { OptionChainInfo } from "./types";

const chain: OptionChainInfo = {
  symbol: "SPY",
  underlyingConId: 756733,
  tradingClass: "SPY",
  multiplier: 100,
  expirations: ["20261124", "20261125", "20261127", "20261130"],
  strikes: [590, 595, 600],
};
const at = (iso: string): number => Date.parse(iso);

describe("expiries that have stopped trading", () => {
  it("drops today's expiry at 4 pm New York and keeps it until then", () => {
    // 25 November 2026 is in winter time: 4 pm New York is 21:00 UTC.
    expect(withoutExpired(chain, at("2026-11-25T20:59:00Z"), undefined).expirations[0]).toBe("20261125");
    expect(withoutExpired(chain, at("2026-11-25T21:00:00Z"), undefined).expirations).toEqual(["20261127", "20261130"]);
  });

  it("follows TWS's early close on the day after Thanksgiving", () => {
    const hours = parseTradingHours(
      "20261125:0930-20261125:1600;20261126:CLOSED;20261127:0930-20261127:1300;20261130:0930-20261130:1600",
      "US/Eastern",
    );
    // 13:30 New York on Friday 27 November: the early close has passed, the Friday expiry with it.
    expect(withoutExpired(chain, at("2026-11-27T18:30:00Z"), hours).expirations).toEqual(["20261130"]);
    expect(withoutExpired(chain, at("2026-11-27T17:30:00Z"), hours).expirations).toEqual(["20261127", "20261130"]);
  });

  it("keeps every expiry before the first close and returns the same list object when nothing expired", () => {
    expect(withoutExpired(chain, at("2026-11-20T15:00:00Z"), undefined)).toBe(chain);
  });
});
