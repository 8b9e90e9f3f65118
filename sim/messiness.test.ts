import net from "node:net";
import { spawn } from "node:child_process";
import path from "node:path";
import { EventName, OptionType, OrderAction, OrderType, SecType, TimeInForce, type Contract } from "@stoqey/ib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimulatorHandle } from "./server";
import { connectClient, type TestClient } from "./testing/ib-client";
import { CHAOS_KINDS, chaosPlan } from "./messiness/chaos";
import { crossesTimeOfDay } from "./messiness/daily-restart";

const SPY: Contract = { symbol: "SPY", secType: SecType.STK, exchange: "SMART", currency: "USD" };
const SPY_CALL: Contract = {
  symbol: "SPY",
  secType: SecType.OPT,
  exchange: "SMART",
  currency: "USD",
  lastTradeDateOrContractMonth: "20250417",
  strike: 570,
  right: OptionType.Call,
  multiplier: 100,
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    seed: 21,
    startTime: "2025-03-24T15:00:00Z",
    matchIntervalMs: 10,
    timing: { firstTickDelayMs: 5, stockIntervalMs: 20, optionIntervalMs: 20 },
    controlPort: 0,
  });
});

afterAll(async () => {
  await sim?.close();
});

/** Codes of every notice and error a client received. */
function codes(c: TestClient): number[] {
  return [...c.infos, ...c.errors].map((e) => e.code);
}

describe("a competing API client on the same TWS", () => {
  it("takes order ids: the next valid id moves and an id it used gets 103", async () => {
    const c = await connectClient(sim.port, 1);
    try {
      const first = c.nextValidId;
      const taken = sim.control.takeOrderIds(3);
      expect(taken).toEqual([first, first + 1, first + 2]);
      const next = c.waitFor<[number]>(EventName.nextValidId);
      c.ib.reqIds(1);
      expect((await next)[0]).toBe(first + 3);
      const dup = c.waitFor<[Error, number, number]>(EventName.error, (_e, code) => code === 103);
      c.ib.placeOrder(first + 1, SPY, { action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.LMT, lmtPrice: 1, tif: TimeInForce.DAY, transmit: true });
      const [err, , reqId] = await dup;
      expect(reqId).toBe(first + 1);
      expect(err.message).toBe("Duplicate order id");
      expect(sim.simulator.orders.orders.has(first + 1)).toBe(false);
    } finally {
      await c.disconnect();
    }
  });

  it("places orders that show in reqAllOpenOrders only, that another client cannot reuse or cancel", async () => {
    const c = await connectClient(sim.port, 2);
    try {
      const theirs = sim.control.placeCompetingOrder("SPY");
      const all = c.collect<[number, Contract, { clientId?: number; orderRef?: string }]>(EventName.openOrder, EventName.openOrderEnd);
      c.ib.reqAllOpenOrders();
      const listed = (await all).find(([id]) => id === theirs);
      expect(listed?.[2].clientId).toBe(88);
      const own = c.collect<[number]>(EventName.openOrder, EventName.openOrderEnd);
      c.ib.reqOpenOrders();
      expect((await own).map(([id]) => id)).not.toContain(theirs);

      const reuse = c.waitFor<[Error, number, number]>(EventName.error, (_e, code, id) => code === 103 && id === theirs);
      c.ib.placeOrder(theirs, SPY, { action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.LMT, lmtPrice: 2, tif: TimeInForce.DAY, transmit: true });
      await reuse;
      expect(sim.simulator.orders.orders.get(theirs)?.lmtPrice).not.toBe(2);

      const notFound = c.waitFor<[Error, number, number]>(EventName.error, (_e, code, id) => code === 10147 && id === theirs);
      c.ib.cancelOrder(theirs);
      await notFound;
      expect(sim.simulator.orders.orders.get(theirs)?.status).toBe("Submitted");

      expect(sim.control.cancelCompetingOrder()).toBe(theirs);
      expect(sim.simulator.orders.orders.get(theirs)?.status).toBe("Cancelled");
      expect(c.decodingErrors()).toEqual([]);
    } finally {
      await c.disconnect();
    }
  });

  it("makes its client id unavailable to socket clients (326)", async () => {
    sim.control.competingClient(88);
    const ib = new (await import("@stoqey/ib")).IBApi({ host: "127.0.0.1", port: sim.port, clientId: 88 });
    const refused = new Promise<number>((resolve) => ib.on(EventName.info, (_m: string, code: number) => code === 326 && resolve(code)));
    ib.connect();
    expect(await refused).toBe(326);
    ib.disconnect();
  });
});

describe("a hung TWS", () => {
  it("neither reads nor writes for the hang, keeps the socket open, then answers what queued", async () => {
    const c = await connectClient(sim.port, 3);
    try {
      sim.control.hang(400);
      const started = Date.now();
      const answered = c.waitFor<[number]>(EventName.currentTime);
      c.ib.reqCurrentTime();
      await answered;
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      expect(c.ib.isConnected).toBe(true);
      const again = Date.now();
      const second = c.waitFor<[number]>(EventName.currentTime);
      c.ib.reqCurrentTime();
      await second;
      expect(Date.now() - again).toBeLessThan(200);
    } finally {
      await c.disconnect();
    }
  });

  it("over HTTP takes seconds", async () => {
    const res = await fetch(`http://127.0.0.1:${sim.controlPort}/hang?seconds=0.1`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(sim.simulator.faults.hangUntil).toBeGreaterThan(Date.now() - 1000);
    expect((await fetch(`http://127.0.0.1:${sim.controlPort}/hang?seconds=x`, { method: "POST" })).status).toBe(400);
  });
});

/** Resolves true when a TCP connection to `port` opens, false when it is refused. */
function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

describe("restarts", () => {
  it("drops every client, refuses connections while down, then comes back with the same state", async () => {
    const s = await startSimulator({ port: 0, seed: 3, startTime: "2025-03-24T15:00:00Z" });
    try {
      const c = await connectClient(s.port, 1);
      const gone = c.waitFor(EventName.disconnected);
      const restarting = s.control.restart(300);
      await gone;
      await sleep(50);
      expect(await canConnect(s.port)).toBe(false);
      await restarting;
      expect(await canConnect(s.port)).toBe(true);
      const again = await connectClient(s.port, 1);
      await again.disconnect();
    } finally {
      await s.close();
    }
  });

  it("restarts every day at the set US/Eastern time of simulated time", async () => {
    // 2025-03-24 is in daylight saving: 23:45 New York is 03:45 UTC the next day.
    const s = await startSimulator({ port: 0, seed: 3, startTime: "2025-03-25T03:40:00Z" });
    try {
      s.control.scheduleDailyRestart("23:45", 200);
      const c = await connectClient(s.port, 1);
      const gone = c.waitFor(EventName.disconnected, undefined, 2000);
      s.control.advanceTime(4 * 60_000);
      await sleep(250);
      expect(c.ib.isConnected).toBe(true);
      s.control.advanceTime(2 * 60_000);
      await gone;
      expect(await canConnect(s.port)).toBe(false);
      await sleep(400);
      const again = await connectClient(s.port, 1);
      await again.disconnect();
      expect(() => s.control.scheduleDailyRestart("25:00")).toThrow(RangeError);
    } finally {
      await s.close();
    }
  });

  it("finds a daily time crossed however fast the clock runs", () => {
    const at = Date.parse("2025-03-25T03:45:00Z");
    expect(crossesTimeOfDay(at - 1000, at, 23 * 60 + 45)).toBe(true);
    expect(crossesTimeOfDay(at, at + 1000, 23 * 60 + 45)).toBe(false);
    expect(crossesTimeOfDay(at - 86_400_000 * 0.5, at + 86_400_000 * 0.4, 23 * 60 + 45)).toBe(true);
    // Winter: 23:45 New York is 04:45 UTC.
    expect(crossesTimeOfDay(Date.parse("2025-01-15T04:44:00Z"), Date.parse("2025-01-15T04:46:00Z"), 23 * 60 + 45)).toBe(true);
  });
});

describe("connectivity and farm notices", () => {
  it("cycles 1100 then 1102 after the outage", async () => {
    const c = await connectClient(sim.port, 4);
    try {
      const lost = c.waitFor<[string, number]>(EventName.info, (_m, code) => code === 1100);
      const back = c.waitFor<[string, number]>(EventName.info, (_m, code) => code === 1102);
      const t0 = Date.now();
      sim.control.connectivityCycle(150, true);
      await lost;
      await back;
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    } finally {
      await c.disconnect();
    }
  });

  it("sends farm notices for broken, OK and inactive farms", async () => {
    const c = await connectClient(sim.port, 5);
    try {
      const last = c.waitFor<[string, number]>(EventName.info, (_m, code) => code === 2158 && c.infos.filter((i) => i.code === 2158).length === 2);
      sim.control.farmStatus("market", "broken");
      sim.control.farmStatus("market", "ok");
      sim.control.farmStatus("market", "inactive");
      sim.control.farmStatus("hmds", "broken");
      sim.control.farmStatus("hmds", "inactive");
      sim.control.farmStatus("secdef", "broken");
      sim.control.farmStatus("secdef", "ok");
      await last;
      expect(codes(c)).toEqual(expect.arrayContaining([2103, 2104, 2108, 2105, 2107, 2157, 2158]));
      expect(c.infos.find((i) => i.code === 2103)?.message).toBe("Market data farm connection is broken:usfarm");
    } finally {
      await c.disconnect();
    }
  });
});

describe("market-data messiness", () => {
  it("10197: a competing live session silences every line for a while, then ticks resume", async () => {
    const c = await connectClient(sim.port, 6);
    try {
      c.ib.reqMktData(61, SPY, "", false, false);
      await c.waitFor(EventName.tickPrice, (id) => id === 61);
      sim.control.setSpeed(300);
      const notice = c.waitFor<[Error, number, number]>(EventName.error, (_e, code, id) => code === 10197 && id === 61);
      sim.control.competingLiveSession(300);
      const [err] = await notice;
      expect(err.message).toBe("No market data during competing live session");
      let ticks = 0;
      const count = (id: number): void => {
        if (id === 61) ticks++;
      };
      c.events.on(EventName.tickPrice, count);
      await sleep(200);
      expect(ticks).toBe(0);
      await c.waitFor(EventName.tickPrice, (id) => id === 61, 2000);
      c.events.off(EventName.tickPrice, count);
    } finally {
      sim.control.setSpeed(1);
      await c.disconnect();
    }
  });

  it("advisories: ticks keep coming after 10089 and stop after 354", async () => {
    const c = await connectClient(sim.port, 7);
    try {
      sim.control.setSpeed(300);
      c.ib.reqMktData(71, SPY, "", false, false);
      await c.waitFor(EventName.tickPrice, (id) => id === 71);
      const advisory = c.waitFor<[Error, number, number]>(EventName.error, (_e, code, id) => code === 10089 && id === 71);
      sim.control.dataAdvisory("SPY", 10089);
      await advisory;
      await c.waitFor(EventName.tickPrice, (id) => id === 71, 2000);
      const ended = c.waitFor<[Error, number, number]>(EventName.error, (_e, code, id) => code === 354 && id === 71);
      sim.control.dataAdvisory("SPY", 354);
      await ended;
      expect(sim.simulator.feed.openLines("SPY")).toHaveLength(0);
    } finally {
      sim.control.setSpeed(1);
      await c.disconnect();
    }
  });

  it("a switch to delayed data: 10167, MARKET_DATA_TYPE 3 and delayed tick ids (66-76, 80-83) for clients that accept delayed data, 354 for the others", async () => {
    const delayed = await connectClient(sim.port, 8);
    const live = await connectClient(sim.port, 9);
    try {
      sim.control.setSpeed(300);
      delayed.ib.reqMarketDataType(3);
      delayed.ib.reqMktData(81, SPY, "", false, false);
      delayed.ib.reqMktData(82, SPY_CALL, "", false, false);
      live.ib.reqMktData(91, SPY, "", false, false);
      await delayed.waitFor(EventName.tickOptionComputation, (id, field) => id === 82 && field === 13);
      await live.waitFor(EventName.tickPrice, (id) => id === 91);
      const type3 = delayed.waitFor<[number, number]>(EventName.marketDataType, (id, type) => id === 81 && type === 3);
      const delayedBid = delayed.waitFor<[number, number]>(EventName.tickPrice, (id, field) => id === 81 && field === 66);
      const delayedModel = delayed.waitFor<[number, number]>(EventName.tickOptionComputation, (id, field) => id === 82 && field === 83);
      const refused = live.waitFor<[Error, number, number]>(EventName.error, (_e, code, id) => code === 354 && id === 91);
      sim.control.setDelayedData(undefined, true);
      await type3;
      await delayedBid;
      await delayedModel;
      await refused;
      expect(codes(delayed)).toContain(10167);
      const backLive = delayed.waitFor<[number, number]>(EventName.marketDataType, (id, type) => id === 81 && type === 1);
      sim.control.setDelayedData(undefined, false);
      await backLive;
      await delayed.waitFor<[number, number]>(EventName.tickPrice, (id, field) => id === 81 && field === 1, 2000);
      expect(delayed.decodingErrors()).toEqual([]);
    } finally {
      sim.control.setSpeed(1);
      await delayed.disconnect();
      await live.disconnect();
    }
  });
});

describe("--chaos SEED", () => {
  it("plans the same events for the same seed, different ones for another, and uses every kind", () => {
    const a = chaosPlan(7, 200);
    expect(chaosPlan(7, 200)).toEqual(a);
    expect(chaosPlan(8, 200)).not.toEqual(a);
    expect(new Set(a.map((e) => e.kind))).toEqual(new Set(CHAOS_KINDS));
    for (let i = 1; i < a.length; i++) expect(a[i]!.atMs).toBeGreaterThanOrEqual(a[i - 1]!.atMs);
    const onlyFarms = chaosPlan(7, 20, { kinds: ["farm", "advisory"] });
    expect(new Set(onlyFarms.map((e) => e.kind))).toEqual(new Set(["farm", "advisory"]));
  });

  it("injects the planned events in order, at about their times", async () => {
    const s = await startSimulator({ port: 0, seed: 5, startTime: "2025-03-24T15:00:00Z" });
    try {
      const options = { intervalMs: 20, maxOutageMs: 30, kinds: ["order-ids", "competing-order", "farm", "advisory", "connectivity"] as const };
      const c = await connectClient(s.port, 1);
      s.control.startChaos(11, { ...options, kinds: [...options.kinds] });
      await sleep(400);
      s.control.stopChaos();
      const injected = s.control.chaosLog.map((e) => e.event);
      expect(injected.length).toBeGreaterThan(3);
      expect(injected).toEqual(chaosPlan(11, injected.length, { ...options, kinds: [...options.kinds] }));
      expect(c.decodingErrors()).toEqual([]);
      await c.disconnect();
    } finally {
      await s.close();
    }
  });

  it("is controllable over HTTP, with bad parameters refused", async () => {
    const base = `http://127.0.0.1:${sim.controlPort}`;
    const post = (p: string): Promise<Response> => fetch(`${base}${p}`, { method: "POST" });
    const before = sim.control.nextValidId();
    const took = (await (await post("/take-order-ids?count=2")).json()) as { orderIds: number[] };
    expect(took.orderIds).toEqual([before, before + 1]);
    expect(((await (await fetch(`${base}/status`)).json()) as { nextValidId: number }).nextValidId).toBe(before + 2);
    const placed = (await (await post("/competing-order?symbol=QQQ")).json()) as { orderId: number };
    expect(sim.simulator.orders.orders.get(placed.orderId)?.clientId).toBe(88);
    expect(((await (await post("/cancel-competing-order")).json()) as { orderId: number }).orderId).toBeGreaterThan(0);
    for (const ok of ["/farm?farm=hmds&state=ok", "/competing-live-session?ms=1", "/data-advisory?symbol=SPY&code=10090", "/delayed-data?symbol=TSLA&on=1", "/delayed-data?symbol=TSLA&on=0", "/connectivity-cycle?downMs=1&dataMaintained=1", "/chaos?seed=3&intervalMs=100000&kinds=farm", "/chaos-stop", "/daily-restart?at=23:45&downMs=10", "/cancel-daily-restart"]) {
      expect((await post(ok)).status, ok).toBe(200);
    }
    for (const bad of ["/farm?farm=moon&state=ok", "/data-advisory?symbol=SPY&code=1", "/chaos?seed=x", "/chaos?seed=1&kinds=meteor", "/daily-restart?at=noon", "/take-order-ids?count=0", "/competing-order?symbol=ZZZZ"]) {
      expect((await post(bad)).status, bad).toBe(400);
    }
    expect(((await (await fetch(`${base}/chaos`)).json()) as { events: unknown[] }).events).toBeInstanceOf(Array);
  });

  it("is documented in --help", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "cli.ts"), "--help"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    await new Promise((resolve) => child.on("exit", resolve));
    for (const opt of ["--chaos SEED", "--chaos-interval", "--chaos-max-outage", "--chaos-kinds", "--daily-restart", "--restart-down", "/hang?seconds=N", "/take-order-ids", "/competing-order", "/farm?farm", "/data-advisory", "/delayed-data", "/competing-live-session", "/connectivity-cycle"]) {
      expect(out).toContain(opt);
    }
  });
});
