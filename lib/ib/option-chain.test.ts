/** Option chains through lib/ib from the simulator, over a real socket. */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulator } from "../../sim/server";
import { Ib, strikesAround } from "./ib";

let sim: Awaited<ReturnType<typeof startSimulator>>;
let ib: Ib;

beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 3 });
  ib = new Ib({ host: "127.0.0.1", port: sim.port, clientId: 21, connectTimeoutMs: 3_000, requestTimeoutMs: 10_000 });
  ib.start();
  await ib.client.whenReady();
});

afterAll(async () => {
  ib?.stop();
  await sim?.close();
});

describe("option chains", () => {
  it("lists expiries and strikes from one reqSecDefOptParams", async () => {
    const info = await ib.optionChainInfo("SPY");
    expect(info.tradingClass).toBe("SPY");
    expect(info.multiplier).toBe(100);
    expect(info.expirations.length).toBeGreaterThan(10);
    expect([...info.expirations].sort()).toEqual(info.expirations);
    expect(info.strikes.length).toBeGreaterThan(50);
    // Cached: a second caller within the TTL (in any letter case) gets the same listing without asking TWS.
    const request = vi.spyOn(ib.client, "request");
    expect(await ib.optionChainInfo("spy")).toEqual(info);
    expect(request).not.toHaveBeenCalled();
    request.mockRestore();
  });

  it("fetches a window of calls and puts around the money with quotes and greeks", async () => {
    const info = await ib.optionChainInfo("SPY");
    const expiry = info.expirations[3]!;
    const window = await ib.optionChainWindow({ symbol: "SPY", expiries: [expiry], strikesEachSide: 5 });
    const [slice] = window.expiries;
    expect(slice?.expiry).toBe(expiry);
    expect(slice!.calls.length).toBeGreaterThanOrEqual(9);
    expect(slice!.puts.length).toBe(slice!.calls.length);
    for (const q of [...slice!.calls, ...slice!.puts]) {
      expect(q.bid, `${q.right}${q.strike} bid`).toBeGreaterThanOrEqual(0);
      expect(q.ask!).toBeGreaterThanOrEqual(q.bid!);
      expect(q.iv).toBeGreaterThan(0.01);
      expect(q.greeksSource).not.toBe("none");
    }
    // Calls' delta falls with the strike; puts' delta is negative.
    const deltas = slice!.calls.map((q) => q.delta!);
    for (let i = 1; i < deltas.length; i++) expect(deltas[i]!).toBeLessThan(deltas[i - 1]!);
    expect(slice!.puts.every((q) => q.delta! < 0)).toBe(true);
    // The window straddles spot.
    expect(slice!.strikes[0]!).toBeLessThan(window.spot);
    expect(slice!.strikes.at(-1)!).toBeGreaterThan(window.spot);
    // Lines come back once their cancels have gone out (paced like every other message).
    await expect.poll(() => ib.lines.used, { timeout: 5_000 }).toBe(0);
  });

  it("never holds more lines than its budget, even for many expiries at once", async () => {
    const small = new Ib({ host: "127.0.0.1", port: sim.port, clientId: 22, connectTimeoutMs: 3_000, requestTimeoutMs: 20_000, marketDataLines: 10 });
    small.start();
    try {
      await small.client.whenReady();
      const info = await small.optionChainInfo("QQQ");
      let peak = 0;
      const timer = setInterval(() => (peak = Math.max(peak, small.lines.used)), 5);
      const window = await small.optionChainWindow({ symbol: "QQQ", expiries: info.expirations.slice(0, 2), strikesEachSide: 4 });
      clearInterval(timer);
      expect(window.expiries.flatMap((e) => [...e.calls, ...e.puts]).length).toBe(36);
      expect(peak).toBeLessThanOrEqual(10);
      expect(peak).toBeGreaterThan(1);
    } finally {
      small.stop();
    }
  });
});

describe("delta band", () => {
  it("quotes the strikes from the 20-delta put to the 20-delta call, and their deltas agree", async () => {
    const info = await ib.optionChainInfo("QQQ");
    const window = await ib.optionChainWindow({ symbol: "QQQ", expiries: [info.expirations[6]!], strikesEachSide: 0, minAbsDelta: 0.2 });
    const { calls, puts } = window.expiries[0]!;
    expect(calls.length).toBeGreaterThan(3);
    // Judged at one flat (ATM) volatility, the chain's skewed deltas stay close to the band's edges.
    for (const q of calls) expect(q.delta!).toBeGreaterThan(0.12);
    for (const q of puts) expect(q.delta!).toBeLessThan(-0.12);
    expect(Math.max(...calls.map((q) => q.delta!))).toBeGreaterThan(0.6);
  });
});

describe("a window started around the last spot seen", () => {
  it("centres on the fresh spot when the price has crossed strikes since, and leaves no line open", async () => {
    // A fixed Monday morning, so the three days below are trading days whatever the wall clock says.
    const moving = await startSimulator({ host: "127.0.0.1", port: 0, seed: 14, startTime: "2026-11-16T15:00:00Z" });
    const client = new Ib({ host: "127.0.0.1", port: moving.port, clientId: 23, connectTimeoutMs: 3_000, requestTimeoutMs: 10_000, now: () => moving.control.now() });
    client.start();
    try {
      await client.client.whenReady();
      const before = (await client.quote("SPY")).last!;
      // Three days of market in an instant: the spot the window starts from is now strikes away.
      moving.control.advanceTime(3 * 86_400_000);
      const info = await client.optionChainInfo("SPY");
      const window = await client.optionChainWindow({ symbol: "SPY", expiries: [info.expirations[4]!], strikesEachSide: 3 });
      expect(Math.abs(window.spot - before)).toBeGreaterThan(2);
      expect(strikesAround(info.strikes, window.spot, 0)).not.toEqual(strikesAround(info.strikes, before, 0));
      const [slice] = window.expiries;
      expect(slice!.strikes).toEqual(strikesAround(info.strikes, window.spot, 3));
      expect(slice!.calls.map((q) => q.strike)).toEqual(slice!.strikes);
      expect(slice!.puts.map((q) => q.strike)).toEqual(slice!.strikes);
      // The strikes requested around the old spot and left out are cancelled like the rest.
      await expect.poll(() => client.lines.used, { timeout: 5_000 }).toBe(0);
    } finally {
      client.stop();
      await moving.close();
    }
  });
});

describe("strikesAround", () => {
  it("takes the strikes on each side of the one nearest to spot", () => {
    expect(strikesAround([90, 95, 100, 105, 110, 115], 101, 1)).toEqual([95, 100, 105]);
    expect(strikesAround([90, 95, 100], 50, 2)).toEqual([90, 95, 100]);
    expect(strikesAround([], 100, 3)).toEqual([]);
  });
});
