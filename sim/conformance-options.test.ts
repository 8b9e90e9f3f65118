import { EventName, IBApiNext, IBApiNextTickType, OptionType, SecType, type Contract, type ContractDetails, ConnectionState } from "@stoqey/ib";
import { firstValueFrom } from "rxjs";
import { filter } from "rxjs/operators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimulatorHandle } from "./server";
import { connectClient, type TestClient } from "./testing/ib-client";

let sim: SimulatorHandle;
let client: TestClient;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 5, startTime: "2025-03-24T15:00:00Z", timing: { firstTickDelayMs: 5, snapshotSettleMs: 20 } });
  client = await connectClient(sim.port, 3);
});

afterAll(async () => {
  await client?.disconnect();
  await sim?.close();
});

const put560: Contract = {
  symbol: "SPY",
  secType: SecType.OPT,
  exchange: "SMART",
  currency: "USD",
  lastTradeDateOrContractMonth: "20250417",
  strike: 560,
  right: OptionType.Put,
  multiplier: 100,
};

describe("option chains and quotes over the wire", () => {
  it("answers reqSecDefOptParams with one row per exchange, SMART first, then the end", async () => {
    const rows = client.collect<[number, string, number, string, number, string[], number[]]>(
      EventName.securityDefinitionOptionParameter,
      EventName.securityDefinitionOptionParameterEnd,
      (id) => id === 1,
    );
    client.ib.reqSecDefOptParams(1, "SPY", "", SecType.STK, 756733);
    const list = await rows;
    expect(list.length).toBeGreaterThan(5);
    const [, exchange, conId, tradingClass, multiplier, expirations, strikes] = list[0]!;
    expect(exchange).toBe("SMART");
    expect(conId).toBe(756733);
    expect(tradingClass).toBe("SPY");
    expect(multiplier).toBe(100);
    expect(expirations).toContain("20250417");
    expect(expirations.every((e) => /^\d{8}$/.test(e))).toBe(true);
    expect(strikes).toContain(560);
  });

  it("answers an unknown underlying with only the end marker", async () => {
    const rows = client.collect(EventName.securityDefinitionOptionParameter, EventName.securityDefinitionOptionParameterEnd, (id) => id === 2);
    client.ib.reqSecDefOptParams(2, "NOSUCH", "", SecType.STK, 0);
    expect(await rows).toEqual([]);
  });

  it("returns option contract details by description and by conId", async () => {
    const first = client.collect<[number, ContractDetails]>(EventName.contractDetails, EventName.contractDetailsEnd, (id) => id === 3);
    client.ib.reqContractDetails(3, put560);
    const [[, d]] = (await first) as [[number, ContractDetails]];
    expect(d.contract.conId).toBeGreaterThan(1_000_000_000);
    expect(d.contract.localSymbol).toBe("SPY   250417P00560000");
    expect(d.contract.multiplier).toBe(100);
    expect(d.contract.tradingClass).toBe("SPY");
    expect(d.underConId).toBe(756733);
    expect(d.realExpirationDate).toBe("20250417");
    const byId = client.collect<[number, ContractDetails]>(EventName.contractDetails, EventName.contractDetailsEnd, (id) => id === 4);
    client.ib.reqContractDetails(4, { conId: d.contract.conId, exchange: "SMART" });
    const [[, again]] = (await byId) as [[number, ContractDetails]];
    expect(again.contract).toEqual(d.contract);
  });

  it("lists every strike of an expiry when the strike is left out", async () => {
    const rows = client.collect<[number, ContractDetails]>(EventName.contractDetails, EventName.contractDetailsEnd, (id) => id === 5);
    client.ib.reqContractDetails(5, { ...put560, strike: undefined });
    const list = await rows;
    expect(list.length).toBeGreaterThan(40);
    expect(new Set(list.map(([, x]) => x.contract.right))).toEqual(new Set(["P"]));
  });

  it("snapshots an option with bid/ask/last and the four option computations", async () => {
    const comps = client.collect<[number, number, number, number | undefined, number | undefined, number | undefined, number | undefined, number | undefined, number | undefined, number | undefined, number | undefined]>(
      EventName.tickOptionComputation,
      EventName.tickSnapshotEnd,
      (id) => id === 6,
    );
    client.ib.reqMktData(6, put560, "", true, false);
    const byType = new Map((await comps).filter(([id]) => id === 6).map((c) => [c[1], c]));
    expect([...byType.keys()].sort()).toEqual([10, 11, 12, 13]);
    const model = byType.get(13)!;
    const [, , , iv, delta, optPrice, pvDividend, gamma, vega, theta, undPrice] = model;
    expect(iv!).toBeGreaterThan(0.1);
    expect(iv!).toBeLessThan(0.6);
    expect(delta!).toBeLessThan(0);
    expect(delta!).toBeGreaterThan(-0.5);
    expect(optPrice!).toBeGreaterThan(0);
    expect(pvDividend!).toBeGreaterThan(0);
    expect(gamma!).toBeGreaterThan(0);
    expect(vega!).toBeGreaterThan(0);
    expect(theta!).toBeLessThan(0);
    expect(undPrice!).toBeGreaterThan(400);
    const bidIv = byType.get(10)![3]!;
    const askIv = byType.get(11)![3]!;
    expect(askIv).toBeGreaterThan(bidIv);
  });

  it("streams an option addressed by conId alone", async () => {
    const details = client.collect<[number, ContractDetails]>(EventName.contractDetails, EventName.contractDetailsEnd, (id) => id === 7);
    client.ib.reqContractDetails(7, put560);
    const conId = (await details)[0]![1].contract.conId!;
    const got = client.waitFor<[number, number, number]>(EventName.tickPrice, (id, type) => id === 8 && type === 2);
    const oiTick = client.waitFor<[number, number, number]>(EventName.tickSize, (id, type) => id === 8 && type === 28);
    client.ib.reqMktData(8, { conId, exchange: "SMART" }, "101", false, false);
    const [, , ask] = await got;
    expect(ask).toBeGreaterThan(0);
    const oi = await oiTick;
    expect(oi[2]).toBeGreaterThan(0);
    client.ib.cancelMktData(8);
  });

  it("never produced a decoding error", () => {
    expect(client.decodingErrors()).toEqual([]);
  });
});

describe("IBApiNext option workflow", () => {
  it("gets option parameters, details and a snapshot with greeks", async () => {
    const api = new IBApiNext({ host: "127.0.0.1", port: sim.port });
    api.connect(4);
    await firstValueFrom(api.connectionState.pipe(filter((s) => s === ConnectionState.Connected)));
    try {
      const params = await api.getSecDefOptParams("QQQ", "", SecType.STK, 320227571);
      expect(params[0]?.exchange).toBe("SMART");
      expect(params[0]?.expirations.length).toBeGreaterThan(20);
      const exp = params[0]!.expirations[10]!;
      const strikes = params[0]!.strikes;
      const mid = strikes[Math.floor(strikes.length / 2)]!;
      const details = await api.getContractDetails({ symbol: "QQQ", secType: SecType.OPT, exchange: "SMART", currency: "USD", lastTradeDateOrContractMonth: exp, right: OptionType.Call });
      expect(details.length).toBeGreaterThan(10);
      const atm = details.map((d) => d.contract).find((c) => c.strike === mid) ?? details[0]!.contract;
      const snap = await api.getMarketDataSnapshot(atm, "", false);
      expect(snap.get(1)?.value).toBeGreaterThanOrEqual(0);
      expect(snap.get(IBApiNextTickType.MODEL_OPTION_DELTA)?.value).toBeGreaterThan(0);
      expect(snap.get(IBApiNextTickType.MODEL_OPTION_IV)?.value).toBeGreaterThan(0);
    } finally {
      api.disconnect();
    }
  });
});
