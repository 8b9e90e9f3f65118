/**
 * No request meets silence: every outgoing message id @stoqey/ib's IBApi can send gets its answer or TWS's error
 * within a few seconds, except the few TWS itself never answers (cancels, log level, bulletin subscriptions).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimulatorHandle } from "./server";
import { type Frame, RawClient } from "./testing/raw-client";
import { UNANSWERED_REQUESTS } from "./handlers/unmodelled";

const ERR = 4;
/** A stock contract as requests carry it: conId, symbol, secType, expiry, strike, right, multiplier, exchange, primaryExch, currency, localSymbol, tradingClass. */
const SPY = [0, "SPY", "STK", "", "", "", "", "SMART", "", "USD", "", ""];

/** Request id -> [fields after the id, what must come back: a message id, or ERR_MSG with this code]. */
const REQUESTS: Record<number, { fields: (string | number | boolean)[]; answer?: number; error?: number }> = {
  1: { fields: [11, 101, ...SPY, false, "", false, false, ""], answer: 58 },
  2: { fields: [2, 999], error: 300 },
  3: { fields: [3], error: 200 },
  4: { fields: [99999, "", "", 2147483647], error: 10147 },
  5: { fields: [1], answer: 53 },
  6: { fields: [2, true, ""], answer: 54 },
  7: { fields: [3, 7, 0, "", "", "", "", "", ""], answer: 55 },
  8: { fields: [1, 1], answer: 9 },
  9: { fields: [8, 9, ...SPY, false, "", "", ""], answer: 52 },
  10: { fields: [5, 10, ...SPY, 5, false, ""], error: 321 },
  15: { fields: [1, true], error: 327 },
  16: { fields: [1], answer: 53 },
  17: { fields: [1], answer: 15 },
  18: { fields: [1, 1], error: 321 },
  19: { fields: [1, 1, "", 19], error: 321 },
  20: { fields: [20, ...SPY, false, "", "1 day", "5 D", 1, "TRADES", 1, false, ""], answer: 17 },
  21: { fields: [2, 21, 0, "SPY", "OPT", "20250417", 570, "C", "100", "SMART", "USD", "", "", 1, 1, "", 0], error: 321 },
  22: { fields: [22, -1, "STK", "STK.US.MAJOR", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""], error: 321 },
  24: { fields: [1], answer: 19 },
  25: { fields: [1, 9999], error: 366 },
  49: { fields: [1], answer: 49 },
  50: { fields: [3, 50, ...SPY, 5, "TRADES", true, ""], error: 321 },
  52: { fields: [2, 52, ...SPY.slice(0, 10), "ReportSnapshot", ""], error: 430 },
  54: { fields: [3, 54, 0, "SPY", "OPT", "20250417", 570, "C", "100", "SMART", "", "USD", "", "", 5, 570, ""], error: 321 },
  55: { fields: [3, 55, 0, "SPY", "OPT", "20250417", 570, "C", "100", "SMART", "", "USD", "", "", 0.2, 570, ""], error: 321 },
  59: { fields: [1, 1], answer: 58 },
  61: { fields: [1], answer: 62 },
  62: { fields: [1, 62, "All", "NetLiquidation"], answer: 64 },
  65: { fields: [1, "name", "1.0"], error: 321 },
  66: { fields: [1, "data"], error: 321 },
  67: { fields: [1, 67], answer: 67 },
  68: { fields: [1, 68, 1], answer: 68 },
  69: { fields: [1, 69, "756733@SMART"], answer: 68 },
  72: { fields: [1, "name", "1.0", "key"], error: 321 },
  73: { fields: [1, "data", "xyz"], error: 321 },
  74: { fields: [1, 74, "", ""], answer: 72 },
  76: { fields: [1, 76, "", "", true], answer: 74 },
  78: { fields: [78, "SPY", "", "STK", 756733], answer: 76 },
  79: { fields: [79], answer: 77 },
  80: { fields: [], answer: 78 },
  81: { fields: [81, "SP"], answer: 79 },
  82: { fields: [], answer: 80 },
  83: { fields: [83, "9c0001"], answer: 82 },
  84: { fields: [84, "BRFG", "BRFG$nope", ""], error: 10172 },
  85: { fields: [], answer: 85 },
  86: { fields: [86, 756733, "BRFG", "", "", 5, ""], answer: 87 },
  87: { fields: [87, ...SPY, false, 1, "TRADES", 1], answer: 88 },
  88: { fields: [88, ...SPY, false, 1, "3 days"], answer: 89 },
  91: { fields: [26], answer: 93 },
  92: { fields: [92, "DU1234567", ""], answer: 94 },
  94: { fields: [94, "DU1234567", "", 756733], answer: 95 },
  96: { fields: [96, ...SPY, false, "", "", 10, "MIDPOINT", 1, false, ""], answer: 96 },
  97: { fields: [97, ...SPY, "Last", 0, false], error: 321 },
  99: { fields: [false], answer: 102 },
  100: { fields: [100], error: 321 },
  102: { fields: [102, 0, "", false, false, false, "", "", 10], error: 321 },
  104: { fields: [104], answer: 107 },
};

/** Every outgoing id of @stoqey/ib 1.6's encoder (OUT_MSG_ID), START_API aside. */
const STOQEY_OUT_IDS = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 72, 73,
  74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104,
];
/** Requests TWS leaves unanswered besides UNANSWERED_REQUESTS: cancels of subscriptions and a global cancel with nothing working. */
const ALSO_UNANSWERED = new Set([58, 63, 64, 75, 77, 89, 90, 93, 95]);

let sim: SimulatorHandle;
let c: RawClient;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 9, startTime: "2025-03-24T15:00:00Z", timing: { firstTickDelayMs: 5 } });
  c = await RawClient.connect(sim.port, 193, 3);
  await c.next((f) => f[0] === "9");
});

afterAll(async () => {
  c?.close();
  await sim?.close();
});

describe("every request @stoqey/ib can send", () => {
  it("has an answer, TWS's error, or is one TWS never answers", () => {
    for (const id of STOQEY_OUT_IDS) expect(REQUESTS[id] !== undefined || UNANSWERED_REQUESTS[id] !== undefined || ALSO_UNANSWERED.has(id), `request ${id}`).toBe(true);
  });

  it.each(Object.entries(REQUESTS).map(([id, spec]) => [Number(id), spec] as const))("request %i is answered within a few seconds", async (id, spec) => {
    await new Promise((r) => setTimeout(r, 25)); // stay under TWS's 50 messages a second
    c.send([id, ...spec.fields]);
    const match = (f: Frame): boolean => (spec.answer !== undefined ? Number(f[0]) === spec.answer : Number(f[0]) === ERR && Number(f[3]) === spec.error);
    const got = await c.next(match, 3000);
    expect(got.length).toBeGreaterThan(0);
  });

  it("answers an id that is no TWS request with an error instead of silence", async () => {
    c.send([250, 1]);
    const e = await c.next((f) => Number(f[0]) === ERR && f[3] === "505", 3000);
    expect(e[4]).toContain("Unknown message id");
  });
});
