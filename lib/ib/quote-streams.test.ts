/**
 * Streamed underlyings for the approval's drift check, against the simulator over a real socket: a live price
 * without asking TWS again, never a stale one, a line of the budget per stream, and streams back after a drop.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startSimulator } from "../../sim/server";
import { IbErrorCode } from "../errors";
import { Ib, optionStreamKey } from "./ib";

let sim: Awaited<ReturnType<typeof startSimulator>>;
let ib: Ib;
const CLIENT_ID = 53;

/** Market-data lines the simulator holds open for the client. */
const linesAtTws = (): number => {
  const conn = [...sim.simulator.connections].find((c) => c.clientId === CLIENT_ID && c.ready);
  return conn ? sim.simulator.feed.count(conn) : 0;
};

beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 14 });
  ib = new Ib({ host: "127.0.0.1", port: sim.port, clientId: CLIENT_ID, connectTimeoutMs: 3_000, requestTimeoutMs: 8_000, reconnectDelayMs: { initial: 100, max: 500 } });
  ib.start();
  await ib.client.whenReady();
});

afterAll(async () => {
  ib?.stop();
  await sim?.close();
});

describe("streamed underlyings", () => {
  it("gives the streamed price without asking TWS again, each stream holding one line", async () => {
    ib.keepStreaming(["SPY", "qqq"]);
    expect(ib.streamedSymbols).toEqual(["SPY", "QQQ"]);
    await expect.poll(() => ib.streamedPrice("SPY", 1_000), { timeout: 5_000 }).toBeGreaterThan(0);
    expect(linesAtTws()).toBe(2);
    expect(ib.lines.used).toBe(2);
    await expect.poll(() => ib.streamedPrice("QQQ", 1_000), { timeout: 5_000 }).toBeGreaterThan(0);
    const live = await ib.livePrice("QQQ");
    expect(live).toEqual({ price: expect.any(Number), source: "stream" });
    expect(linesAtTws()).toBe(2);

    ib.keepStreaming(["QQQ"]);
    await expect.poll(linesAtTws, { timeout: 3_000 }).toBe(1);
    expect(ib.lines.used).toBe(1);
    // Not streamed: a fresh quote, as before.
    expect((await ib.livePrice("SPY")).source).toBe("fresh");
  });

  it("never uses a stale streamed price: a fresh quote instead, and a refusal when TWS gives none", async () => {
    ib.keepStreaming(["IWM"]);
    await expect.poll(() => ib.streamedPrice("IWM", 1_000), { timeout: 5_000 }).toBeGreaterThan(0);
    sim.control.pauseMarketData();
    try {
      await new Promise((r) => setTimeout(r, 300));
      const refused = await ib.livePrice("IWM", { maxAgeMs: 200, freshWithinMs: 500 }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: IbErrorCode.Timeout });
      expect((refused as Error).message).toMatch(/IWM: its streamed quote is \d+\.\d s old and TWS gave no fresh quote/);
    } finally {
      sim.control.resumeMarketData();
    }
    await expect.poll(async () => (await ib.livePrice("IWM", { maxAgeMs: 1_000 })).source, { timeout: 5_000 }).toBe("stream");
  });

  it("streams an option leg too, and gives its bid and ask without asking TWS again", async () => {
    const info = await ib.optionChainInfo("SPY");
    const spot = await ib.spot("SPY");
    const strike = info.strikes.reduce((best, k) => (Math.abs(k - spot) < Math.abs(best - spot) ? k : best));
    const expiry = info.expirations[4]!;
    ib.keepStreaming(["SPY", optionStreamKey("spy", expiry, strike, "C")]);
    await expect.poll(() => ib.streamedQuote(optionStreamKey("SPY", expiry, strike, "C"), 1_000)?.bid, { timeout: 5_000 }).toBeGreaterThan(0);
    const fetched = vi.spyOn(ib, "optionQuote");
    try {
      const live = await ib.liveOptionQuote("SPY", expiry, strike, "C");
      expect(live.ask!).toBeGreaterThanOrEqual(live.bid!);
      expect(fetched).not.toHaveBeenCalled();
    } finally {
      fetched.mockRestore();
    }
    await expect.poll(linesAtTws, { timeout: 3_000 }).toBe(2);
    ib.keepStreaming([]);
    await expect.poll(linesAtTws, { timeout: 3_000 }).toBe(0);
  });

  it("opens its streams again after the connection to TWS drops", async () => {
    ib.keepStreaming(["AAPL"]);
    await expect.poll(() => ib.streamedPrice("AAPL", 1_000), { timeout: 5_000 }).toBeGreaterThan(0);
    sim.control.dropAllConnections();
    await expect.poll(() => ib.status().state, { timeout: 2_000 }).not.toBe("connected");
    await ib.client.whenReady(5_000);
    await expect.poll(() => ib.streamedPrice("AAPL", 1_000), { timeout: 5_000 }).toBeGreaterThan(0);
    expect(linesAtTws()).toBe(1);
    ib.keepStreaming([]);
    await expect.poll(linesAtTws, { timeout: 3_000 }).toBe(0);
    expect(ib.lines.used).toBe(0);
  });
});
