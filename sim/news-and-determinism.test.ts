import { EventName, SecType, type Contract } from "@stoqey/ib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimulatorHandle } from "./server";
import { connectClient, type TestClient } from "./testing/ib-client";

const SPY: Contract = { symbol: "SPY", secType: SecType.STK, exchange: "SMART", currency: "USD" };

describe("news", () => {
  let sim: SimulatorHandle;
  let c: TestClient;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 8, startTime: "2025-03-24T15:00:00Z" });
    c = await connectClient(sim.port, 1);
  });
  afterAll(async () => {
    await c?.disconnect();
    await sim?.close();
  });

  it("lists providers, headlines newest first, and articles", async () => {
    const providers = c.waitFor<[{ providerCode: string; providerName: string }[]]>(EventName.newsProviders);
    c.ib.reqNewsProviders();
    const [list] = await providers;
    expect(list.map((p) => p.providerCode)).toEqual(["BRFG", "BRFUPDN", "DJNL"]);

    const rows = c.collect<[number, string, string, string, string]>(EventName.historicalNews, EventName.historicalNewsEnd, (id) => id === 3);
    c.ib.reqHistoricalNews(3, 265598, "BRFG+BRFUPDN+DJNL", "", "", 20);
    const news = await rows;
    expect(news.length).toBe(20);
    const times = news.map(([, t]) => t);
    expect([...times].sort().reverse()).toEqual(times);
    expect(times[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.0$/);
    expect(news.every(([, , , , headline]) => headline.includes("AAPL"))).toBe(true);

    const [, , provider, articleId] = news[0]!;
    const article = c.waitFor<[number, number, string]>(EventName.newsArticle, (id) => id === 4);
    c.ib.reqNewsArticle(4, provider, articleId);
    const [, type, text] = await article;
    expect(type).toBe(0);
    expect(text).toContain("<html>");
    const missing = c.waitFor<[Error, number, number]>(EventName.error, (_e, _c, id) => id === 5);
    c.ib.reqNewsArticle(5, "BRFG", "BRFG$nothing");
    expect((await missing)[1]).toBe(10172);
  });

  it("never produced a decoding error", () => {
    expect(c.decodingErrors()).toEqual([]);
  });
});

describe("determinism and snapshot timing", () => {
  const start = "2025-03-24T15:00:00Z";

  async function snapshotAt(seed: number, advanceMs: number): Promise<Map<number, number>> {
    const sim = await startSimulator({ port: 0, seed, startTime: start, speed: 1e-9, timing: { firstTickDelayMs: 5, snapshotSettleMs: 10 } });
    const c = await connectClient(sim.port, 1);
    try {
      sim.control.advanceTime(advanceMs);
      const ticks = c.collect<[number, number, number]>(EventName.tickPrice, EventName.tickSnapshotEnd, (id) => id === 1);
      c.ib.reqMktData(1, SPY, "", true, false);
      return new Map((await ticks).filter(([id]) => id === 1).map(([, t, p]) => [t, p]));
    } finally {
      await c.disconnect();
      await sim.close();
    }
  }

  it("gives the same prices for the same seed and simulated time, and different ones for another seed", async () => {
    const a = await snapshotAt(21, 3_600_000);
    const b = await snapshotAt(21, 3_600_000);
    const other = await snapshotAt(22, 3_600_000);
    expect(a.get(1)).toBeGreaterThan(0);
    expect([...a.entries()]).toEqual([...b.entries()]);
    expect(other.get(1)).not.toBe(a.get(1));
  });

  it("sends ticks after the configured latency and ends the snapshot after the settle time", async () => {
    const sim = await startSimulator({ port: 0, seed: 1, startTime: start, timing: { firstTickDelayMs: 120, snapshotSettleMs: 150 } });
    const c = await connectClient(sim.port, 1);
    try {
      const t0 = Date.now();
      const first = c.waitFor(EventName.tickPrice, (id) => id === 2);
      const end = c.waitFor(EventName.tickSnapshotEnd, (id) => id === 2);
      c.ib.reqMktData(2, SPY, "", true, false);
      await first;
      const tFirst = Date.now() - t0;
      await end;
      const tEnd = Date.now() - t0;
      expect(tFirst).toBeGreaterThanOrEqual(110);
      expect(tEnd - tFirst).toBeGreaterThanOrEqual(130);
    } finally {
      await c.disconnect();
      await sim.close();
    }
  });
});
