/**
 * reqCompletedOrders against the unmodified IBApi: filled, cancelled and rejected orders come back decoded field
 * for field (orderRef, permId, status, filled quantity, completion time and words), combos and stops included;
 * the day-rollover controls hide earlier executions and completed orders; a state file keeps them all.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { EventName, OptionType, OrderAction, OrderType, SecType, TimeInForce, type Contract, type Order, type OrderState } from "@stoqey/ib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimulatorHandle } from "./server";
import { connectClient, type TestClient } from "./testing/ib-client";

const AAPL: Contract = { symbol: "AAPL", secType: SecType.STK, exchange: "SMART", currency: "USD" };
const spyCall = (strike: number): Contract => ({
  symbol: "SPY",
  secType: SecType.OPT,
  exchange: "SMART",
  currency: "USD",
  lastTradeDateOrContractMonth: "20250417",
  strike,
  right: OptionType.Call,
  multiplier: 100,
});

type Completed = [Contract, Order, OrderState];
type StatusEvent = [number, string, number, number, number];

const dir = mkdtempSync(path.join(tmpdir(), "sim-completed-"));
let sim: SimulatorHandle;
let client: TestClient;
let nextId = 0;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 12, startTime: "2025-03-24T15:00:00Z", matchIntervalMs: 10, controlPort: 0 });
  client = await connectClient(sim.port, 7);
  nextId = client.nextValidId;
});

afterAll(async () => {
  await client?.disconnect();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

function order(action: OrderAction, qty: number, type: OrderType, extra: Partial<Order> = {}): Order {
  return { action, totalQuantity: qty, orderType: type, tif: TimeInForce.DAY, transmit: true, ...extra };
}

async function completed(c: TestClient = client): Promise<Completed[]> {
  const list = c.collect<Completed>(EventName.completedOrder, EventName.completedOrdersEnd);
  c.ib.reqCompletedOrders(false);
  return list;
}

async function executionRefs(c: TestClient, reqId: number): Promise<string[]> {
  const execs = c.collect<[number, Contract, { orderRef: string }]>(EventName.execDetails, EventName.execDetailsEnd, (rid) => rid === reqId);
  c.ib.reqExecutions(reqId, {});
  return (await execs).filter(([rid]) => rid === reqId).map(([, , e]) => e.orderRef);
}

async function place(contract: Contract, o: Order, until: string): Promise<StatusEvent> {
  const id = nextId++;
  const done = client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === id && st === until);
  client.ib.placeOrder(id, contract, o);
  return done;
}

async function conIdOf(contract: Contract, reqId: number): Promise<number> {
  const d = client.waitFor<[number, { contract: Contract }]>(EventName.contractDetails, (rid) => rid === reqId);
  client.ib.reqContractDetails(reqId, contract);
  return (await d)[1].contract.conId!;
}

describe("reqCompletedOrders", () => {
  it("answers with only the end marker while nothing has completed", async () => {
    expect(await completed()).toEqual([]);
  });

  it("lists a filled, a cancelled and a rejected order with their orderRef, permId, status, fill and completion", async () => {
    const [, , filled, , avg] = await place(AAPL, order(OrderAction.BUY, 3, OrderType.MKT, { orderRef: "ref-filled" }), "Filled");
    expect(filled).toBe(3);
    const restingId = nextId;
    await place(AAPL, order(OrderAction.BUY, 2, OrderType.LMT, { lmtPrice: 1, orderRef: "ref-cancelled" }), "Submitted");
    const cancelled = client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === restingId && st === "Cancelled");
    client.ib.cancelOrder(restingId);
    await cancelled;
    sim.control.rejectNextOrder("Simulated exchange rejection");
    await place(AAPL, order(OrderAction.BUY, 1, OrderType.MKT, { orderRef: "ref-rejected" }), "Inactive");

    const list = await completed();
    const byRef = new Map(list.map(([c, o, s]) => [o.orderRef, { c, o, s }]));
    expect([...byRef.keys()]).toEqual(["ref-filled", "ref-cancelled", "ref-rejected"]);

    const f = byRef.get("ref-filled")!;
    expect(f.c.conId).toBe(265598);
    expect(f.c.symbol).toBe("AAPL");
    expect(f.o.action).toBe("BUY");
    expect(f.s.status).toBe("Filled");
    // As TWS reports a filled order: the size is in filledQuantity, totalQuantity is 0, and no price of the fills.
    expect(f.o.filledQuantity).toBe(3);
    expect(f.o.totalQuantity).toBe(0);
    expect(f.o.permId).toBe(sim.simulator.orders.orders.get(restingId - 1)!.permId);
    expect(f.o.orderId).toBeUndefined();
    expect(f.s.completedTime).toMatch(/^20250324 \d\d:\d\d:\d\d US\/Eastern$/);
    expect(f.s.completedStatus).toBe("Filled");
    expect(avg).toBeGreaterThan(0);

    const c = byRef.get("ref-cancelled")!;
    expect(c.s.status).toBe("Cancelled");
    expect(c.s.completedStatus).toBe("Cancelled by Trader");
    expect(c.o.filledQuantity).toBe(0);
    expect(c.o.totalQuantity).toBe(2);
    expect(c.o.orderType).toBe("LMT");
    expect(c.o.lmtPrice).toBe(1);

    const r = byRef.get("ref-rejected")!;
    expect(r.s.status).toBe("Inactive");
    expect(r.s.completedStatus).toBe("Order rejected - reason:Simulated exchange rejection");
    expect(r.o.filledQuantity).toBe(0);
    expect(r.o.permId).toBeGreaterThan(0);
    expect(client.decodingErrors()).toEqual([]);
  });

  it("decodes a filled combo with its legs and a cancelled stop with its stop price", async () => {
    const [a, b] = [await conIdOf(spyCall(600), 901), await conIdOf(spyCall(610), 902)];
    const bag: Contract = {
      symbol: "SPY",
      secType: SecType.BAG,
      exchange: "SMART",
      currency: "USD",
      comboLegs: [
        { conId: a, ratio: 1, action: OrderAction.BUY, exchange: "SMART" },
        { conId: b, ratio: 1, action: OrderAction.SELL, exchange: "SMART" },
      ],
    };
    await place(bag, order(OrderAction.BUY, 2, OrderType.LMT, { lmtPrice: 20, orderRef: "ref-combo" }), "Filled");
    const stopId = nextId;
    await place(AAPL, order(OrderAction.SELL, 1, OrderType.STP, { auxPrice: 1, orderRef: "ref-stop", tif: TimeInForce.GTC }), "PreSubmitted");
    const gone = client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === stopId && st === "Cancelled");
    client.ib.cancelOrder(stopId);
    await gone;

    const list = await completed();
    const combo = list.find(([, o]) => o.orderRef === "ref-combo")!;
    expect(combo[0].secType).toBe("BAG");
    expect(combo[0].conId).toBe(28812380);
    expect(combo[0].comboLegs?.map((l) => [l.conId, l.action])).toEqual([
      [a, "BUY"],
      [b, "SELL"],
    ]);
    expect(combo[1].filledQuantity).toBe(2);
    expect(combo[2].status).toBe("Filled");
    const stop = list.find(([, o]) => o.orderRef === "ref-stop")!;
    expect(stop[1].orderType).toBe("STP");
    expect(stop[1].auxPrice).toBe(1);
    expect(stop[1].tif).toBe("GTC");
    expect(stop[2].status).toBe("Cancelled");
    expect(client.decodingErrors()).toEqual([]);
  });

  it("rolls the day over: earlier executions, then earlier completed orders, are no longer reported", async () => {
    expect(await executionRefs(client, 31)).toContain("ref-filled");
    sim.control.forgetExecutions();
    expect(await executionRefs(client, 32)).toEqual([]);
    // The completed orders still tell what happened to the order whose executions are gone.
    expect((await completed()).some(([, o, s]) => o.orderRef === "ref-filled" && s.status === "Filled")).toBe(true);
    sim.control.forgetCompletedOrders();
    expect(await completed()).toEqual([]);

    // What completes afterwards is reported again.
    await place(AAPL, order(OrderAction.SELL, 1, OrderType.MKT, { orderRef: "ref-after" }), "Filled");
    expect(await executionRefs(client, 33)).toEqual(["ref-after"]);
    expect((await completed()).map(([, o]) => o.orderRef)).toEqual(["ref-after"]);
    expect(client.decodingErrors()).toEqual([]);
  });

  it("offers the rollover over the HTTP control interface", async () => {
    const base = `http://127.0.0.1:${sim.controlPort}`;
    expect((await fetch(`${base}/forget-executions`, { method: "POST" })).status).toBe(200);
    expect((await fetch(`${base}/forget-completed-orders`, { method: "POST" })).status).toBe(200);
    expect(await completed()).toEqual([]);
    expect((await fetch(`${base}/forget-completed-orders`)).status).toBe(405);
  });
});

describe("completed orders and a state file", () => {
  it("keeps filled, cancelled and rejected orders and the report windows across a simulator restart", async () => {
    const stateFile = path.join(dir, "state.json");
    const first = await startSimulator({ port: 0, seed: 4, stateFile, matchIntervalMs: 10 });
    const c = await connectClient(first.port, 1);
    let id = c.nextValidId;
    const filled = c.waitFor(EventName.orderStatus, (oid, st) => oid === id && st === "Filled");
    c.ib.placeOrder(id, AAPL, order(OrderAction.BUY, 4, OrderType.MKT, { orderRef: "kept-filled" }));
    await filled;
    first.control.forgetExecutions();
    first.control.rejectNextOrder("no");
    id++;
    const refused = c.waitFor(EventName.orderStatus, (oid, st) => oid === id && st === "Inactive");
    c.ib.placeOrder(id, AAPL, order(OrderAction.BUY, 1, OrderType.MKT, { orderRef: "kept-rejected" }));
    await refused;
    await c.disconnect();
    await first.close();

    const second = await startSimulator({ port: 0, seed: 4, stateFile });
    try {
      const c2 = await connectClient(second.port, 1);
      const list = await completed(c2);
      expect(list.map(([, o, s]) => [o.orderRef, s.status, o.filledQuantity])).toEqual([
        ["kept-filled", "Filled", 4],
        ["kept-rejected", "Inactive", 0],
      ]);
      // The executions report still starts where the first simulator's rollover put it.
      expect(await executionRefs(c2, 5)).toEqual([]);
      expect(c2.decodingErrors()).toEqual([]);
      await c2.disconnect();
    } finally {
      await second.close();
    }
  });
});
