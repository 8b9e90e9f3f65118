import { EventName, SecType, type Contract } from "@stoqey/ib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimulatorHandle } from "./server";
import { connectClient, type TestClient } from "./testing/ib-client";

const stock = (symbol: string): Contract => ({ symbol, secType: SecType.STK, exchange: "SMART", currency: "USD" });

let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 2, startTime: "2025-03-24T15:00:00Z", limits: { marketDataLines: 3 }, timing: { firstTickDelayMs: 5, snapshotSettleMs: 10 } });
});

afterAll(async () => {
  await sim?.close();
});

describe("TWS limits and error codes", () => {
  it("answers more than 50 messages a second with 100, and closes a client that keeps going", async () => {
    const c = await connectClient(sim.port, 1, { maxReqPerSec: 5000 });
    try {
      const times: number[] = [];
      c.events.on(EventName.currentTime, (t: number) => times.push(t));
      for (let i = 0; i < 60; i++) c.ib.reqCurrentTime();
      await new Promise((r) => setTimeout(r, 200));
      expect(c.infos.some((i) => i.code === 100 && i.message === "Max rate of messages per second has been exceeded.")).toBe(true);
      expect(times.length).toBe(50);
      const closed = c.waitFor(EventName.disconnected, undefined, 3000);
      for (let i = 0; i < 120; i++) c.ib.reqCurrentTime();
      await closed;
    } finally {
      await c.disconnect();
    }
  });

  it("refuses market-data lines beyond the allowance with 101, and frees them on cancel", async () => {
    const c = await connectClient(sim.port, 2);
    try {
      for (const [i, s] of ["SPY", "QQQ", "IWM"].entries()) c.ib.reqMktData(10 + i, stock(s), "", false, false);
      const err = c.waitFor<[Error, number, number]>(EventName.error, (_e, _c, id) => id === 13);
      c.ib.reqMktData(13, stock("AAPL"), "", false, false);
      const [e, code] = await err;
      expect(code).toBe(101);
      expect(e.message).toBe("Max number of tickers has been reached.");
      c.ib.cancelMktData(10);
      const ok = c.waitFor<[number, number, number]>(EventName.tickPrice, (id) => id === 14);
      c.ib.reqMktData(14, stock("AAPL"), "", false, false);
      await ok;
      const dup = c.waitFor<[Error, number, number]>(EventName.error, (_e, _c, id) => id === 14);
      c.ib.reqMktData(14, stock("MSFT"), "", false, false);
      expect((await dup)[1]).toBe(102);
      for (const id of [11, 12, 14]) c.ib.cancelMktData(id);
    } finally {
      await c.disconnect();
    }
  });

  it("rejects a snapshot with generic ticks (321) and says 300 when a finished snapshot is cancelled", async () => {
    const c = await connectClient(sim.port, 3);
    try {
      const err = c.waitFor<[Error, number, number]>(EventName.error, (_e, _c, id) => id === 20);
      c.ib.reqMktData(20, stock("SPY"), "100,101", true, false);
      const [e, code] = await err;
      expect(code).toBe(321);
      expect(e.message).toContain("Snapshot market data subscription is not applicable to generic ticks");
      const end = c.waitFor(EventName.tickSnapshotEnd, (id) => id === 21);
      c.ib.reqMktData(21, stock("SPY"), "", true, false);
      await end;
      const gone = c.waitFor<[Error, number, number]>(EventName.error, (_e, _c, id) => id === 21);
      c.ib.cancelMktData(21);
      expect((await gone)[1]).toBe(300);
    } finally {
      await c.disconnect();
    }
  });

  it("answers an unknown option with 200 and an ambiguous one with 200 'ambiguous'", async () => {
    const c = await connectClient(sim.port, 4);
    try {
      const unknown = c.waitFor<[Error, number, number]>(EventName.error, (_e, _c, id) => id === 30);
      c.ib.reqMktData(30, { symbol: "SPY", secType: SecType.OPT, exchange: "SMART", currency: "USD", lastTradeDateOrContractMonth: "20250418", strike: 600, right: "C" as never }, "", false, false);
      expect((await unknown)[1]).toBe(200);
      const ambiguous = c.waitFor<[Error, number, number]>(EventName.error, (_e, _c, id) => id === 31);
      c.ib.reqMktData(31, { symbol: "SPY", secType: SecType.OPT, exchange: "SMART", currency: "USD", lastTradeDateOrContractMonth: "20250417" }, "", false, false);
      const [e, code] = await ambiguous;
      expect(code).toBe(200);
      expect(e.message).toBe("The contract description specified for SPY is ambiguous.");
    } finally {
      await c.disconnect();
    }
  });

  it("counts open snapshots against the allowance until they end", async () => {
    const c = await connectClient(sim.port, 5);
    try {
      for (const [i, s] of ["SPY", "QQQ", "IWM", "AAPL"].entries()) c.ib.reqMktData(40 + i, stock(s), "", true, false);
      const err = await c.waitFor<[Error, number, number]>(EventName.error, (_e, _c, id) => id === 43);
      expect(err[1]).toBe(101);
    } finally {
      await c.disconnect();
    }
  });
});

describe("market-data entitlements and delayed data", () => {
  let c: TestClient;
  beforeAll(async () => {
    c = await connectClient(sim.port, 9);
  });
  afterAll(async () => {
    await c.disconnect();
    for (const s of ["NVDA", "TSLA", "AMZN"]) sim.control.setEntitlement(s, "live");
  });

  it("without a subscription: 354 for live requests, 10167 and delayed tick types after reqMarketDataType(3)", async () => {
    sim.control.setEntitlement("NVDA", "delayed");
    const err = c.waitFor<[Error, number, number]>(EventName.error, (_e, _c, id) => id === 50);
    c.ib.reqMktData(50, stock("NVDA"), "", false, false);
    const [e354, code354] = await err;
    expect(code354).toBe(354);
    expect(e354.message).toMatch(/^Requested market data is not subscribed\./);
    c.ib.reqMarketDataType(3);
    await c.waitFor(EventName.marketDataType, (id) => id === -1);
    const warn = c.waitFor<[Error, number, number]>(EventName.error, (_e, code, id) => id === 51 && code === 10167);
    const type = c.waitFor<[number, number]>(EventName.marketDataType, (id) => id === 51);
    const delayedBid = c.waitFor<[number, number, number]>(EventName.tickPrice, (id, t) => id === 51 && t === 66);
    c.ib.reqMktData(51, stock("NVDA"), "", false, false);
    await warn;
    expect((await type)[1]).toBe(3);
    const [, , bid] = await delayedBid;
    expect(bid).toBeGreaterThan(0);
    c.ib.cancelMktData(51);
    c.ib.reqMarketDataType(1);
  });

  it("live subscriptions still stream live data in delayed mode", async () => {
    c.ib.reqMarketDataType(3);
    const type = c.waitFor<[number, number]>(EventName.marketDataType, (id) => id === 52);
    const bid = c.waitFor<[number, number, number]>(EventName.tickPrice, (id, t) => id === 52 && t === 1);
    c.ib.reqMktData(52, stock("MSFT"), "", false, false);
    expect((await type)[1]).toBe(1);
    await bid;
    c.ib.cancelMktData(52);
    c.ib.reqMarketDataType(1);
  });

  it("no data at all: 354 live, 10168 delayed", async () => {
    sim.control.setEntitlement("TSLA", "none");
    const err = c.waitFor<[Error, number, number]>(EventName.error, (_e, _c, id) => id === 53);
    c.ib.reqMktData(53, stock("TSLA"), "", false, false);
    expect((await err)[1]).toBe(354);
    c.ib.reqMarketDataType(3);
    const err2 = c.waitFor<[Error, number, number]>(EventName.error, (_e, _c, id) => id === 54);
    c.ib.reqMktData(54, stock("TSLA"), "", false, false);
    expect((await err2)[1]).toBe(10168);
    c.ib.reqMarketDataType(1);
  });

  it("partial subscription: 10090, then only the subscription-independent ticks", async () => {
    sim.control.setEntitlement("AMZN", "partial");
    const types = new Set<number>();
    const onPrice = (id: number, t: number): void => {
      if (id === 55) types.add(t);
    };
    c.events.on(EventName.tickPrice, onPrice);
    const warn = c.waitFor<[Error, number, number]>(EventName.error, (_e, code, id) => id === 55 && code === 10090);
    c.ib.reqMktData(55, stock("AMZN"), "", false, false);
    await warn;
    await c.waitFor(EventName.tickPrice, (id, t) => id === 55 && t === 9);
    await new Promise((r) => setTimeout(r, 50));
    c.events.off(EventName.tickPrice, onPrice);
    c.ib.cancelMktData(55);
    expect(types.has(9)).toBe(true);
    expect(types.has(1)).toBe(false);
    expect(types.has(2)).toBe(false);
  });

  it("never produced a decoding error", () => {
    expect(c.decodingErrors()).toEqual([]);
  });
});
