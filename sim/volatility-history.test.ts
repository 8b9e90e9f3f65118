import { EventName, OptionType, SecType, type Contract } from "@stoqey/ib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimulatorHandle } from "./server";
import { connectClient, type TestClient } from "./testing/ib-client";

const stock = (symbol: string): Contract => ({ symbol, secType: SecType.STK, exchange: "SMART", currency: "USD" });
type BarEvent = [number, string, number, number, number, number, number, number, number];

const START = "2025-03-24T17:00:00Z";
let sim: SimulatorHandle;
let client: TestClient;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 9, startTime: START });
  client = await connectClient(sim.port, 1);
});

afterAll(async () => {
  await client?.disconnect();
  await sim?.close();
});

let nextId = 100;
async function bars(c: TestClient, contract: Contract, duration: string, size: string, what: string): Promise<BarEvent[]> {
  const reqId = nextId++;
  const all = c.collect<BarEvent>(EventName.historicalData, EventName.historicalData, (id, date) => id === reqId && String(date).startsWith("finished"), 20_000);
  c.ib.reqHistoricalData(reqId, contract, "", duration, size as never, what as never, 1, 1, false);
  return (await all).filter(([id, date]) => id === reqId && !date.startsWith("finished"));
}

async function refusal(contract: Contract, size: string, what: string): Promise<[number, string]> {
  const reqId = nextId++;
  const err = client.waitFor<[Error, number, number]>(EventName.error, (_e, _c, id) => id === reqId);
  client.ib.reqHistoricalData(reqId, contract, "", "1 M", size as never, what as never, 1, 1, false);
  const [e, code] = await err;
  return [code, e.message];
}

const closes = (b: BarEvent[]): number[] => b.map((x) => x[5]);

describe("OPTION_IMPLIED_VOLATILITY", () => {
  it("serves a year of daily 30-day IV that ends at the level the option quotes use and moves plausibly", async () => {
    const daily = await bars(client, stock("SPY"), "1 Y", "1 day", "OPTION_IMPLIED_VOLATILITY");
    expect(daily.length).toBeGreaterThan(245);
    expect(daily.length).toBeLessThan(256);
    for (const [, date, open, high, low, close, volume] of daily) {
      expect(date).toMatch(/^\d{8}$/);
      expect(high).toBeGreaterThanOrEqual(Math.max(open, close));
      expect(low).toBeLessThanOrEqual(Math.min(open, close));
      expect(low).toBeGreaterThan(0.05);
      expect(high).toBeLessThan(0.45);
      expect(volume).toBe(0);
    }
    expect(daily.at(-1)![1]).toBe("20250324");
    // SPY's surface has a 30-day ATM level of 15%.
    expect(daily.at(-1)![5]).toBeCloseTo(0.15, 6);
    const iv = closes(daily);
    expect(Math.max(...iv) / Math.min(...iv)).toBeGreaterThan(1.3);
    // Day to day it moves by a few percent of its level, not by jumps.
    const changes = iv.slice(1).map((v, i) => Math.log(v / iv[i]!));
    const sd = Math.sqrt(changes.reduce((a, c) => a + c * c, 0) / changes.length);
    expect(sd).toBeGreaterThan(0.02);
    expect(sd).toBeLessThan(0.1);
  });

  it("rises when the stock falls: daily IV changes are negatively correlated with returns", async () => {
    const iv = closes(await bars(client, stock("QQQ"), "1 Y", "1 day", "OPTION_IMPLIED_VOLATILITY"));
    const px = closes(await bars(client, stock("QQQ"), "1 Y", "1 day", "TRADES"));
    expect(px.length).toBe(iv.length);
    const a = iv.slice(1).map((v, i) => Math.log(v / iv[i]!));
    const b = px.slice(1).map((v, i) => Math.log(v / px[i]!));
    const mean = (x: number[]): number => x.reduce((s, v) => s + v, 0) / x.length;
    const [ma, mb] = [mean(a), mean(b)];
    const cov = mean(a.map((v, i) => (v - ma) * (b[i]! - mb)));
    const corr = cov / Math.sqrt(mean(a.map((v) => (v - ma) ** 2)) * mean(b.map((v) => (v - mb) ** 2)));
    expect(corr).toBeLessThan(-0.3);
  });

  it("is the same for the same seed and different for another", async () => {
    const first = closes(await bars(client, stock("AAPL"), "3 M", "1 day", "OPTION_IMPLIED_VOLATILITY"));
    const same = await startSimulator({ port: 0, seed: 9, startTime: START });
    const other = await startSimulator({ port: 0, seed: 10, startTime: START });
    const [c1, c2] = await Promise.all([connectClient(same.port, 1), connectClient(other.port, 1)]);
    try {
      expect(closes(await bars(c1, stock("AAPL"), "3 M", "1 day", "OPTION_IMPLIED_VOLATILITY"))).toEqual(first);
      const different = closes(await bars(c2, stock("AAPL"), "3 M", "1 day", "OPTION_IMPLIED_VOLATILITY"));
      expect(different).not.toEqual(first);
      expect(different.at(-1)).toBeCloseTo(0.26, 6);
    } finally {
      await Promise.all([c1.disconnect(), c2.disconnect()]);
      await Promise.all([same.close(), other.close()]);
    }
  });

  it("aggregates weekly bars from the daily values", async () => {
    const daily = await bars(client, stock("MSFT"), "6 M", "1 day", "OPTION_IMPLIED_VOLATILITY");
    const weekly = await bars(client, stock("MSFT"), "6 M", "1 week", "OPTION_IMPLIED_VOLATILITY");
    expect(weekly.length).toBeGreaterThan(24);
    expect(weekly.length).toBeLessThan(29);
    expect(weekly.at(-1)![5]).toBe(daily.at(-1)![5]);
    expect(Math.max(...weekly.map((b) => b[3]))).toBe(Math.max(...daily.map((b) => b[3])));
  });

  it("is refused for an option and for intraday bars, with 162", async () => {
    const call: Contract = { symbol: "SPY", secType: SecType.OPT, exchange: "SMART", currency: "USD", lastTradeDateOrContractMonth: "20250417", strike: 580, right: OptionType.Call, multiplier: 100 };
    const [code, message] = await refusal(call, "1 day", "OPTION_IMPLIED_VOLATILITY");
    expect(code).toBe(162);
    expect(message).toContain("No historical market data for SPY/OPT@IBVOL OptionImpliedVol 86400");
    const [code2, message2] = await refusal(stock("SPY"), "1 hour", "OPTION_IMPLIED_VOLATILITY");
    expect(code2).toBe(162);
    expect(message2).toContain("OptionImpliedVol 3600");
  });

  it("follows the same pacing rules: an identical request within 15 s is a pacing violation", async () => {
    await bars(client, stock("IWM"), "1 M", "1 day", "OPTION_IMPLIED_VOLATILITY");
    const [code, message] = await refusal(stock("IWM"), "1 day", "OPTION_IMPLIED_VOLATILITY").catch(() => [0, ""] as [number, string]);
    // refusal() asks for "1 M" too, so it is identical to the request above.
    expect(code).toBe(162);
    expect(message).toContain("pacing violation");
  });
});

describe("HISTORICAL_VOLATILITY", () => {
  it("serves the 30-day Garman-Klass volatility of the simulated prices, near the walk's own volatility", async () => {
    const daily = await bars(client, stock("AAPL"), "6 M", "1 day", "HISTORICAL_VOLATILITY");
    expect(daily.length).toBeGreaterThan(120);
    const hv = closes(daily);
    const mean = hv.reduce((a, v) => a + v, 0) / hv.length;
    // AAPL's random walk runs at 24% a year.
    expect(mean).toBeGreaterThan(0.15);
    expect(mean).toBeLessThan(0.33);
    const [code, message] = await refusal({ symbol: "AAPL", secType: SecType.OPT, exchange: "SMART", currency: "USD", lastTradeDateOrContractMonth: "20250417", strike: 230, right: OptionType.Call, multiplier: 100 }, "1 day", "HISTORICAL_VOLATILITY");
    expect(code).toBe(162);
    expect(message).toContain("HistoricalVol");
  });

  it("never produced a decoding error", () => {
    expect(client.decodingErrors()).toEqual([]);
  });
});
