import { EventName, IBApiNext, OptionType, SecType, type Contract, ConnectionState } from "@stoqey/ib";
import { firstValueFrom } from "rxjs";
import { filter } from "rxjs/operators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimulatorHandle } from "./server";
import { connectClient, type TestClient } from "./testing/ib-client";

const AAPL: Contract = { symbol: "AAPL", secType: SecType.STK, exchange: "SMART", currency: "USD" };
type BarEvent = [number, string, number, number, number, number, number, number, number];

let sim: SimulatorHandle;
let client: TestClient;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 9, startTime: "2025-03-24T17:00:00Z", timing: { historyUpdateMs: 50 }, historicalPacing: { maxRequests: 8 } });
  client = await connectClient(sim.port, 1);
});

afterAll(async () => {
  await client?.disconnect();
  await sim?.close();
});

async function bars(reqId: number, contract: Contract, duration: string, size: string, useRth = 1, end = ""): Promise<BarEvent[]> {
  const all = client.collect<BarEvent>(EventName.historicalData, EventName.historicalData, (id, date) => id === reqId && String(date).startsWith("finished"));
  client.ib.reqHistoricalData(reqId, contract, end, duration, size as never, "TRADES", useRth, 1, false);
  return (await all).filter(([id, date]) => id === reqId && !date.startsWith("finished"));
}

describe("reqHistoricalData", () => {
  it("returns two years of daily bars whose last close is near the current price", async () => {
    const daily = await bars(1, AAPL, "2 Y", "1 day");
    expect(daily.length).toBeGreaterThan(480);
    expect(daily.length).toBeLessThan(510);
    for (const [, date, open, high, low, close, volume] of daily) {
      expect(date).toMatch(/^\d{8}$/);
      expect(high).toBeGreaterThanOrEqual(Math.max(open, close) - 1e-9);
      expect(low).toBeLessThanOrEqual(Math.min(open, close) + 1e-9);
      expect(volume).toBeGreaterThan(0);
    }
    const lastClose = daily[daily.length - 1]![5];
    const mid = sim.simulator.market.stock(sim.simulator.market.stocks.get("AAPL")!.underlying).mid(sim.control.now());
    expect(Math.abs(lastClose / mid - 1)).toBeLessThan(0.01);
    expect(daily[daily.length - 1]![1]).toBe("20250324");
  });

  it("returns regular-hours 5 minute bars aligned to the clock, and extended hours when asked", async () => {
    const rth = await bars(2, AAPL, "2 D", "5 mins");
    expect(rth[0]![1]).toMatch(/^\d{8} 09:30:00 US\/Eastern$/);
    const times = rth.map(([, d]) => d.slice(9, 14));
    expect(times.every((t) => t >= "09:30" && t < "16:00")).toBe(true);
    expect(times).toContain("15:55");
    const ext = await bars(3, AAPL, "1 D", "1 hour", 0);
    expect(ext.some(([, d]) => d.slice(9, 14) === "04:00" || d.slice(9, 14) === "05:00")).toBe(true);
  });

  it("returns option bars priced from the underlying", async () => {
    const call: Contract = { symbol: "AAPL", secType: SecType.OPT, exchange: "SMART", currency: "USD", lastTradeDateOrContractMonth: "20250417", strike: 230, right: OptionType.Call, multiplier: 100 };
    const b = await bars(4, call, "3 D", "1 hour");
    expect(b.length).toBeGreaterThan(10);
    expect(b.every(([, , o]) => o > 0 && o < 60)).toBe(true);
  });

  it("rejects an identical request within 15 seconds with 162 (pacing)", async () => {
    await bars(5, AAPL, "1 D", "30 mins");
    const err = client.waitFor<[Error, number, number]>(EventName.error, (_e, _c, id) => id === 6);
    client.ib.reqHistoricalData(6, AAPL, "", "1 D", "30 mins" as never, "TRADES", 1, 1, false);
    const [e, code] = await err;
    expect(code).toBe(162);
    expect(e.message).toContain("Historical data request pacing violation");
  });

  it("keeps the last bar up to date and stops on cancel; an unknown cancel is 366", async () => {
    const update = client.waitFor<[number, string, number, number, number, number]>(EventName.historicalDataUpdate, (id) => id === 7);
    client.ib.reqHistoricalData(7, { ...AAPL, symbol: "MSFT" }, "", "1 D", "1 min" as never, "MIDPOINT", 0, 1, true);
    const [, date, open, high, low, close] = await update;
    expect(date).toMatch(/US\/Eastern$/);
    expect(high).toBeGreaterThanOrEqual(low);
    expect(open).toBeGreaterThan(0);
    expect(close).toBeGreaterThan(0);
    client.ib.cancelHistoricalData(7);
    const err = client.waitFor<[Error, number, number]>(EventName.error, (_e, _c, id) => id === 77);
    client.ib.cancelHistoricalData(77);
    expect((await err)[1]).toBe(366);
  });

  it("limits the number of requests per window with 162", async () => {
    // maxRequests is 8 in this test; 6 were made above.
    await bars(8, AAPL, "1 D", "15 mins");
    await bars(9, AAPL, "1 D", "20 mins");
    const err = client.waitFor<[Error, number, number]>(EventName.error, (_e, _c, id) => id === 10);
    client.ib.reqHistoricalData(10, AAPL, "", "1 D", "10 mins" as never, "TRADES", 1, 1, false);
    expect((await err)[1]).toBe(162);
  });

  it("serves IBApiNext getHistoricalData", async () => {
    const api = new IBApiNext({ host: "127.0.0.1", port: sim.port });
    api.connect(2);
    await firstValueFrom(api.connectionState.pipe(filter((s) => s === ConnectionState.Connected)));
    try {
      const list = await api.getHistoricalData({ symbol: "NVDA", secType: SecType.STK, exchange: "SMART", currency: "USD" }, "", "1 M", "1 day" as never, "TRADES" as never, 1, 1);
      expect(list.length).toBeGreaterThan(15);
      expect(list[0]!.close).toBeGreaterThan(0);
    } finally {
      api.disconnect();
    }
  });

  it("never produced a decoding error", () => {
    expect(client.decodingErrors()).toEqual([]);
  });
});
