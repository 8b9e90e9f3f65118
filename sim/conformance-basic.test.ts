import { EventName, IBApiNext, SecType, type Contract, ConnectionState } from "@stoqey/ib";
import { firstValueFrom } from "rxjs";
import { filter } from "rxjs/operators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimulatorHandle } from "./server";
import { connectClient, type TestClient } from "./testing/ib-client";

const SPY: Contract = { symbol: "SPY", secType: SecType.STK, exchange: "SMART", currency: "USD" };
const AAPL: Contract = { symbol: "AAPL", secType: SecType.STK, exchange: "SMART", currency: "USD" };

let sim: SimulatorHandle;
let client: TestClient;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 7, startTime: "2025-03-24T15:00:00Z", timing: { firstTickDelayMs: 5, snapshotSettleMs: 20 } });
  client = await connectClient(sim.port, 11);
});

afterAll(async () => {
  await client?.disconnect();
  await sim?.close();
});

describe("IBApi against the simulator: connection and basic requests", () => {
  it("completes the connect sequence with accounts, next id and farm notices", () => {
    expect(client.ib.serverVersion).toBe(193);
    expect(client.nextValidId).toBeGreaterThan(0);
    const codes = client.infos.map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining([2104, 2106, 2158]));
  });

  it("answers reqCurrentTime with the simulated clock", async () => {
    const wait = client.waitFor<[number]>(EventName.currentTime);
    client.ib.reqCurrentTime();
    const [t] = await wait;
    expect(Math.abs(t * 1000 - sim.control.now())).toBeLessThan(5000);
    expect(new Date(t * 1000).getUTCFullYear()).toBe(2025);
  });

  it("answers reqIds with nextValidId", async () => {
    const wait = client.waitFor<[number]>(EventName.nextValidId);
    client.ib.reqIds(1);
    const [id] = await wait;
    expect(id).toBeGreaterThanOrEqual(client.nextValidId);
  });

  it("returns contract details for stocks and ETFs", async () => {
    for (const [contract, conId, stockType] of [
      [SPY, 756733, "ETF"],
      [{ ...AAPL }, 265598, "COMMON"],
      [{ symbol: "QQQ", secType: SecType.STK, exchange: "SMART", currency: "USD" }, 320227571, "ETF"],
    ] as const) {
      const reqId = conId % 100000;
      const details = client.collect<[number, { contract: Contract; longName: string; stockType: string; minTick: number; tradingHours: string; timeZoneId: string }]>(
        EventName.contractDetails,
        EventName.contractDetailsEnd,
        (id) => id === reqId,
      );
      client.ib.reqContractDetails(reqId, contract);
      const rows = (await details).filter(([id]) => id === reqId);
      expect(rows).toHaveLength(1);
      const d = rows[0]![1];
      expect(d.contract.conId).toBe(conId);
      expect(d.contract.symbol).toBe(contract.symbol);
      expect(d.stockType).toBe(stockType);
      expect(d.minTick).toBe(0.01);
      expect(d.timeZoneId).toBe("US/Eastern");
      expect(d.tradingHours).toMatch(/^\d{8}:(0400-\d{8}:2000|CLOSED)/);
    }
  });

  it("answers an unknown symbol with error 200", async () => {
    const wait = client.waitFor<[Error, number, number]>(EventName.error, (_e, _c, id) => id === 901);
    client.ib.reqContractDetails(901, { symbol: "NOSUCH", secType: SecType.STK, exchange: "SMART", currency: "USD" });
    const [err, code] = await wait;
    expect(code).toBe(200);
    expect(err.message).toBe("No security definition has been found for the request");
  });

  it("streams market data with a moving price and cancels it", async () => {
    sim.control.setSpeed(2000);
    const prices: number[] = [];
    const sizes = new Map<number, number>();
    const onPrice = (id: number, type: number, price: number): void => {
      if (id === 21 && type === 1) prices.push(price);
    };
    const onSize = (id: number, type: number, size: number): void => {
      if (id === 21) sizes.set(type, size);
    };
    client.events.on(EventName.tickPrice, onPrice);
    client.events.on(EventName.tickSize, onSize);
    const typeMsg = client.waitFor<[number, number]>(EventName.marketDataType, (id) => id === 21);
    client.ib.reqMktData(21, SPY, "", false, false);
    expect((await typeMsg)[1]).toBe(1);
    await new Promise((r) => setTimeout(r, 1200));
    client.ib.cancelMktData(21);
    client.events.off(EventName.tickPrice, onPrice);
    client.events.off(EventName.tickSize, onSize);
    sim.control.setSpeed(1);
    expect(prices.length).toBeGreaterThan(2);
    expect(new Set(prices).size).toBeGreaterThan(1);
    expect(prices.every((p) => p > 300 && p < 1200)).toBe(true);
    expect(sizes.get(0)).toBeGreaterThan(0); // BID_SIZE arrives as its own TICK_SIZE
    expect(sizes.get(3)).toBeGreaterThan(0);
    expect(sizes.get(8)).toBeGreaterThan(0); // volume
  });

  it("sends a snapshot then tickSnapshotEnd, with bid < ask and day figures", async () => {
    const ticks = client.collect<[number, number, number]>(EventName.tickPrice, EventName.tickSnapshotEnd, (id) => id === 22);
    client.ib.reqMktData(22, AAPL, "", true, false);
    const byType = new Map((await ticks).filter(([id]) => id === 22).map(([, type, price]) => [type, price]));
    const bid = byType.get(1)!;
    const ask = byType.get(2)!;
    expect(bid).toBeGreaterThan(0);
    expect(ask).toBeGreaterThan(bid);
    expect(ask - bid).toBeLessThan(0.1);
    for (const t of [4, 6, 7, 9, 14]) expect(byType.get(t)).toBeGreaterThan(0);
    expect(byType.get(6)!).toBeGreaterThanOrEqual(byType.get(7)!);
  });

  it("answers cancelMktData of an unknown ticker with 300", async () => {
    const wait = client.waitFor<[Error, number, number]>(EventName.error, (_e, _c, id) => id === 999);
    client.ib.cancelMktData(999);
    const [err, code] = await wait;
    expect(code).toBe(300);
    expect(err.message).toBe("Can't find EId with tickerId:999");
  });

  it("answers reqMarketDataType with marketDataType", async () => {
    const wait = client.waitFor<[number, number]>(EventName.marketDataType);
    client.ib.reqMarketDataType(3);
    expect((await wait)[1]).toBe(3);
    client.ib.reqMarketDataType(1);
    await client.waitFor(EventName.marketDataType);
  });

  it("answers reqAccountSummary with USD values and the end marker", async () => {
    const rows = client.collect<[number, string, string, string, string]>(EventName.accountSummary, EventName.accountSummaryEnd, (id) => id === 31);
    client.ib.reqAccountSummary(31, "All", "NetLiquidation,TotalCashValue,BuyingPower,AvailableFunds,ExcessLiquidity,GrossPositionValue,InitMarginReq,MaintMarginReq");
    const values = new Map((await rows).map(([, account, tag, value, currency]) => [tag, { account, value: Number(value), currency }]));
    expect(values.size).toBe(8);
    expect(values.get("NetLiquidation")).toEqual({ account: "DU1234567", value: 1_000_000, currency: "USD" });
    expect(values.get("BuyingPower")!.value).toBeGreaterThan(values.get("AvailableFunds")!.value);
    client.ib.cancelAccountSummary(31);
  });

  it("answers reqPositions, reqOpenOrders and reqAllOpenOrders with their end markers", async () => {
    const posEnd = client.waitFor(EventName.positionEnd);
    client.ib.reqPositions();
    await posEnd;
    client.ib.cancelPositions();
    const own = client.waitFor(EventName.openOrderEnd);
    client.ib.reqOpenOrders();
    await own;
    const all = client.waitFor(EventName.openOrderEnd);
    client.ib.reqAllOpenOrders();
    await all;
  });

  it("refuses a second client with the same client id (326) and closes it", async () => {
    const dup = await import("@stoqey/ib").then(({ IBApi }) => new IBApi({ host: "127.0.0.1", port: sim.port, clientId: 11 }));
    const seen = new Promise<number>((resolve) => {
      dup.on(EventName.info, (_m: string, code: number) => resolve(code));
      dup.on(EventName.error, (_e: Error, code: number) => resolve(code));
    });
    const closed = new Promise<void>((resolve) => dup.on(EventName.disconnected, () => resolve()));
    dup.connect();
    expect(await seen).toBe(326);
    await closed;
    // The first client is unaffected.
    const wait = client.waitFor(EventName.currentTime);
    client.ib.reqCurrentTime();
    await wait;
  });

  it("survives garbage and unsupported requests", async () => {
    client.ib.reqScannerParameters(); // not simulated: ignored
    client.ib.reqFamilyCodes();
    const wait = client.waitFor(EventName.currentTime);
    client.ib.reqCurrentTime();
    await wait;
  });

  it("never produced a decoding error", () => {
    expect(client.decodingErrors()).toEqual([]);
  });
});

describe("IBApiNext against the simulator", () => {
  it("connects and serves time, contract details, snapshot, account summary and positions", async () => {
    const api = new IBApiNext({ host: "127.0.0.1", port: sim.port });
    const errors: unknown[] = [];
    api.errorSubject.subscribe((e) => errors.push(e));
    api.connect(21);
    await firstValueFrom(api.connectionState.pipe(filter((s) => s === ConnectionState.Connected)));
    try {
      const time = await api.getCurrentTime();
      expect(time).toBeGreaterThan(1_700_000_000);
      const details = await api.getContractDetails(SPY);
      expect(details).toHaveLength(1);
      expect(details[0]!.contract.conId).toBe(756733);
      const snap = await api.getMarketDataSnapshot(SPY, "", false);
      expect(snap.get(1)?.value).toBeGreaterThan(0); // bid
      expect(snap.get(2)?.value).toBeGreaterThan(snap.get(1)?.value ?? Infinity);
      const summary = await firstValueFrom(api.getAccountSummary("All", "NetLiquidation,TotalCashValue"));
      const net = summary.all.get("DU1234567")?.get("NetLiquidation")?.get("USD")?.value;
      expect(Number(net)).toBe(1_000_000);
      const positions = await firstValueFrom(api.getPositions());
      expect(positions.all.size).toBe(0);
      const open = await api.getAllOpenOrders();
      expect(open).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      api.disconnect();
    }
  });
});
