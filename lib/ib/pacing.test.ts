/** Many callers at once share one budget: TWS's limits (error 100, 101) are never tripped. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../../sim/server";
import { Ib } from "./ib";

let sim: Awaited<ReturnType<typeof startSimulator>>;
let ib: Ib;

beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 9 });
  ib = new Ib({ host: "127.0.0.1", port: sim.port, clientId: 41, connectTimeoutMs: 3_000, requestTimeoutMs: 20_000 });
  ib.start();
  await ib.client.whenReady();
});

afterAll(async () => {
  ib?.stop();
  await sim?.close();
});

describe("pacing", () => {
  it("asks again for what TWS dropped with error 100, so every quote still arrives and no line stays open", async () => {
    // A TWS that allows only 15 messages a second: our 40 a second trips error 100 and loses messages.
    const strict = await startSimulator({ host: "127.0.0.1", port: 0, seed: 9, limits: { maxMessagesPerSecond: 15, disconnectMessagesPerSecond: 1_000 } });
    const client = new Ib({ host: "127.0.0.1", port: strict.port, clientId: 42, connectTimeoutMs: 3_000, requestTimeoutMs: 20_000 });
    client.start();
    try {
      await client.client.whenReady();
      const info = await client.optionChainInfo("SPY");
      const window = await client.optionChainWindow({ symbol: "SPY", expiries: [info.expirations[2]!], strikesEachSide: 10 });
      const quotes = window.expiries.flatMap((e) => [...e.calls, ...e.puts]);
      expect(quotes.length).toBeGreaterThanOrEqual(38);
      expect(quotes.every((q) => q.bid !== undefined && q.ask !== undefined)).toBe(true);
      expect(client.status().lastError?.ibCode).toBe(100);
      // Cancels TWS dropped were sent again: it keeps none of the lines open.
      const conn = [...strict.simulator.connections].find((c) => c.clientId === 42);
      await expect.poll(() => strict.simulator.feed.count(conn!), { timeout: 10_000 }).toBe(0);
    } finally {
      client.stop();
      await strict.close();
    }
  }, 60_000);

  it("serves 20 concurrent chain requests without error 100 or 101", async () => {
    const symbols = ["SPY", "QQQ", "IWM", "AAPL", "MSFT"];
    const infos = await Promise.all(symbols.map((s) => ib.optionChainInfo(s)));
    let peakLines = 0;
    const watch = setInterval(() => (peakLines = Math.max(peakLines, ib.lines.used)), 5);
    const requests = Array.from({ length: 20 }, (_, i) => {
      const info = infos[i % symbols.length]!;
      return ib.optionChainWindow({ symbol: info.symbol, expiries: [info.expirations[Math.floor(i / symbols.length) + 1]!], strikesEachSide: 2 });
    });
    const windows = await Promise.all(requests);
    clearInterval(watch);
    for (const w of windows) {
      const quotes = w.expiries.flatMap((e) => [...e.calls, ...e.puts]);
      expect(quotes.length).toBeGreaterThanOrEqual(8);
      expect(quotes.every((q) => q.bid !== undefined && q.ask !== undefined)).toBe(true);
    }
    expect(peakLines).toBeLessThanOrEqual(90);
    // Error 100 (too many messages) would be recorded here; 101 (too many lines) would have failed a request.
    expect(ib.status().lastError).toBeUndefined();
    expect(ib.status().state).toBe("connected");
  }, 60_000);
});
