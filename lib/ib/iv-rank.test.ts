/**
 * IV rank through lib/ib against the simulator: one paced request for a year of TWS's daily 30-day implied
 * volatility, reused for an hour, and a reason instead of a number when TWS cannot serve it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulator } from "../../sim/server";
import { Ib } from "./ib";

let sim: Awaited<ReturnType<typeof startSimulator>>;
let ib: Ib;
let clock = Date.parse("2025-06-02T15:00:00Z");

beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 7, startTime: "2025-06-02T15:00:00Z" });
  ib = new Ib({ host: "127.0.0.1", port: sim.port, clientId: 12, connectTimeoutMs: 3_000, requestTimeoutMs: 10_000, now: () => clock });
  ib.start();
  await new Promise<void>((resolve) => {
    if (ib.status().state === "connected") return resolve();
    const off = ib.client.onStatus((status) => {
      if (status.state !== "connected") return;
      off();
      resolve();
    });
  });
});

afterAll(async () => {
  ib?.stop();
  await sim?.close();
});

describe("Ib.ivRank", () => {
  it("ranks SPY's current 30-day IV against its year, within 0–1, from one historical request", async () => {
    const bars = vi.spyOn(ib, "bars");
    const [first, second] = await Promise.all([ib.ivRank("SPY"), ib.ivRank("spy")]);
    expect(first.ok, first.ok ? "" : first.reason).toBe(true);
    if (!first.ok) return;
    expect(first.rank).toBeGreaterThanOrEqual(0);
    expect(first.rank).toBeLessThanOrEqual(1);
    expect(first.percentile).toBeGreaterThanOrEqual(0);
    expect(first.percentile).toBeLessThanOrEqual(1);
    // The simulator's SPY surface quotes a 15% 30-day ATM IV now; its history wanders around that level.
    expect(first.current).toBeCloseTo(0.15, 6);
    expect(first.low).toBeLessThan(first.high);
    expect(first.days).toBeGreaterThan(240);
    expect(second).toEqual(first);
    // With the chain's own ATM IV as the current value, the same history is reused.
    const atChain = await ib.ivRank("SPY", first.high + 0.01);
    expect(atChain.ok && atChain.rank).toBe(1);
    expect(bars).toHaveBeenCalledTimes(1);
    // An hour later the history is asked for again.
    clock += 3_600_000;
    await ib.ivRank("SPY");
    expect(bars).toHaveBeenCalledTimes(2);
    bars.mockRestore();
  });

  it("gives a reason, not a number, when TWS has no implied-volatility history", async () => {
    const unknown = await ib.ivRank("ZZZZQ");
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.reason).toMatch(/ZZZZQ|security definition/i);
  });
});
