import { EventName, OptionType, OrderAction, OrderType, SecType, TimeInForce, type Contract, type Order } from "@stoqey/ib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimulatorHandle } from "./server";
import { connectClient, type TestClient } from "./testing/ib-client";

const AAPL: Contract = { symbol: "AAPL", secType: SecType.STK, exchange: "SMART", currency: "USD" };
const option = (strike: number, right: OptionType): Contract => ({
  symbol: "SPY",
  secType: SecType.OPT,
  exchange: "SMART",
  currency: "USD",
  lastTradeDateOrContractMonth: "20250417",
  strike,
  right,
  multiplier: 100,
});

let sim: SimulatorHandle;
let client: TestClient;
let nextId = 0;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 11, startTime: "2025-03-24T15:00:00Z", matchIntervalMs: 10 });
  client = await connectClient(sim.port, 5);
  nextId = client.nextValidId;
});

afterAll(async () => {
  await client?.disconnect();
  await sim?.close();
});

type StatusEvent = [number, string, number, number, number, number, number, number, number, string, number];

function order(action: OrderAction, qty: number, type: OrderType, extra: Partial<Order> = {}): Order {
  return { action, totalQuantity: qty, orderType: type, tif: TimeInForce.DAY, transmit: true, ...extra };
}

function spyQuote(contract: Contract): { bid: number; ask: number } {
  const s = sim.simulator;
  const res = s.market.resolve({
    conId: 0,
    symbol: contract.symbol ?? "",
    secType: contract.secType ?? "",
    lastTradeDateOrContractMonth: contract.lastTradeDateOrContractMonth ?? "",
    strike: contract.strike,
    right: contract.right ?? "",
    multiplier: "100",
    exchange: "SMART",
    primaryExch: "",
    currency: "USD",
    localSymbol: "",
    tradingClass: "",
  });
  if (!res.ok) throw new Error("unknown contract");
  const inst = res.matches[0]!;
  const q = inst.kind === "stock" ? s.market.stock(inst.underlying).quote(s.clock.now()) : s.market.options.quote(inst, s.clock.now());
  return { bid: q.bid, ask: q.ask };
}

describe("orders", () => {
  it("fills a market order with the TWS message sequence and books position, cash and commission", async () => {
    const id = nextId++;
    const events: string[] = [];
    const onOpen = (oid: number, _c: Contract, _o: Order, st: { status: string }): void => {
      if (oid === id) events.push(`openOrder:${st.status}`);
    };
    const onStatus = (oid: number, status: string): void => {
      if (oid === id) events.push(`orderStatus:${status}`);
    };
    const onExec = (_r: number, _c: Contract, e: { orderId: number }): void => {
      if (e.orderId === id) events.push("execDetails");
    };
    const onComm = (): void => {
      events.push("commissionReport");
    };
    client.events.on(EventName.openOrder, onOpen);
    client.events.on(EventName.orderStatus, onStatus);
    client.events.on(EventName.execDetails, onExec);
    client.events.on(EventName.commissionReport, onComm);
    const comm = client.waitFor<[{ execId: string; commission: number; currency: string }]>(EventName.commissionReport);
    client.ib.placeOrder(id, AAPL, order(OrderAction.BUY, 100, OrderType.MKT, { orderRef: "proposal-1" }));
    const [report] = await comm;
    client.events.off(EventName.openOrder, onOpen);
    client.events.off(EventName.orderStatus, onStatus);
    client.events.off(EventName.execDetails, onExec);
    client.events.off(EventName.commissionReport, onComm);
    expect(events).toEqual([
      "openOrder:PreSubmitted",
      "orderStatus:PreSubmitted",
      "openOrder:Submitted",
      "orderStatus:Submitted",
      "execDetails",
      "orderStatus:Filled",
      "openOrder:Filled",
      "commissionReport",
    ]);
    expect(report.commission).toBe(1); // 100 shares x 0.005 = 0.50, minimum 1.00
    expect(report.currency).toBe("USD");
    const pos = sim.simulator.account.position(265598)!;
    expect(pos.quantity).toBe(100);
    expect(pos.avgCost).toBeGreaterThan(100);
    expect(sim.simulator.account.cash).toBeLessThan(1_000_000 - 100 * pos.avgCost + 2);
  });

  it("keeps a non-marketable limit working, lists it in open orders, and cancels it with 202", async () => {
    const id = nextId++;
    const q = spyQuote(AAPL);
    const submitted = client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === id && st === "Submitted");
    client.ib.placeOrder(id, AAPL, order(OrderAction.BUY, 10, OrderType.LMT, { lmtPrice: Math.round((q.bid - 20) * 100) / 100 }));
    const [, , filled, remaining] = await submitted;
    expect([filled, remaining]).toEqual([0, 10]);
    const listed = client.collect<[number]>(EventName.openOrder, EventName.openOrderEnd);
    client.ib.reqOpenOrders();
    expect((await listed).map(([oid]) => oid)).toContain(id);
    const cancelled = client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === id && st === "Cancelled");
    const err = client.waitFor<[Error, number, number]>(EventName.error, (_e, _c, rid) => rid === id);
    client.ib.cancelOrder(id);
    await cancelled;
    expect((await err)[1]).toBe(202);
    const again = client.waitFor<[Error, number, number]>(EventName.error, (_e, code, rid) => rid === id && code === 10148);
    client.ib.cancelOrder(id);
    await again;
    const unknown = client.waitFor<[Error, number, number]>(EventName.error, (_e, _c, rid) => rid === 999_999);
    client.ib.cancelOrder(999_999);
    expect((await unknown)[1]).toBe(10147);
  });

  it("fills an order larger than the displayed size in several executions", async () => {
    const id = nextId++;
    const execs: number[] = [];
    const onExec = (_r: number, _c: Contract, e: { orderId: number; shares: number }): void => {
      if (e.orderId === id) execs.push(e.shares);
    };
    client.events.on(EventName.execDetails, onExec);
    const filled = client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === id && st === "Filled", 10_000);
    client.ib.placeOrder(id, AAPL, order(OrderAction.BUY, 6000, OrderType.MKT));
    const [, , qty, remaining, avg] = await filled;
    client.events.off(EventName.execDetails, onExec);
    expect(qty).toBe(6000);
    expect(remaining).toBe(0);
    expect(avg).toBeGreaterThan(0);
    expect(execs.length).toBeGreaterThan(1);
    expect(execs.reduce((a, b) => a + b, 0)).toBe(6000);
  });

  it("answers a what-if order with margin and commission and keeps nothing", async () => {
    const id = nextId++;
    const statuses: number[] = [];
    const onStatus = (oid: number): void => {
      if (oid === id) statuses.push(oid);
    };
    client.events.on(EventName.orderStatus, onStatus);
    const answer = client.waitFor<[number, Contract, Order, { status: string; initMarginChange?: number; commission?: number; minCommission?: number; maxCommission?: number; equityWithLoanAfter?: number; maintMarginAfter?: number }]>(
      EventName.openOrder,
      (oid) => oid === id,
    );
    client.ib.placeOrder(id, option(560, OptionType.Put), order(OrderAction.SELL, 2, OrderType.LMT, { lmtPrice: 1, whatIf: true }));
    const [, , o, state] = await answer;
    await new Promise((r) => setTimeout(r, 50));
    client.events.off(EventName.orderStatus, onStatus);
    expect(o.whatIf).toBe(true);
    expect(state.initMarginChange).toBeGreaterThan(1000); // a naked put needs margin
    expect(state.commission).toBe(1.3);
    // TWS fills the range: the commission alone, and with the regulatory fees passed through (2 contracts sold).
    expect(state.minCommission).toBe(1.3);
    expect(state.maxCommission).toBe(1.35);
    expect(state.equityWithLoanAfter).toBeGreaterThan(0);
    expect(statuses).toEqual([]);
    expect(sim.simulator.orders.orders.has(id)).toBe(false);
  });

  it("fills a debit call spread (BAG) at no better than the natural price, one execution per leg plus the combo", async () => {
    const detailsFor = async (c: Contract, reqId: number): Promise<number> => {
      const d = client.waitFor<[number, { contract: Contract }]>(EventName.contractDetails, (rid) => rid === reqId);
      client.ib.reqContractDetails(reqId, c);
      return (await d)[1].contract.conId!;
    };
    const longLeg = option(600, OptionType.Call);
    const shortLeg = option(610, OptionType.Call);
    const [a, b] = [await detailsFor(longLeg, 501), await detailsFor(shortLeg, 502)];
    const qa = spyQuote(longLeg);
    const qb = spyQuote(shortLeg);
    const natural = Math.round((qa.ask - qb.bid) * 100) / 100;
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
    const id = nextId++;
    const execs: { secType: string; side: string; price: number }[] = [];
    const onExec = (_r: number, c: Contract, e: { orderId: number; side: string; price: number }): void => {
      if (e.orderId === id) execs.push({ secType: String(c.secType), side: e.side, price: e.price });
    };
    client.events.on(EventName.execDetails, onExec);
    const done = client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === id && st === "Filled");
    client.ib.placeOrder(id, bag, order(OrderAction.BUY, 3, OrderType.LMT, { lmtPrice: Math.round((natural + 1) * 100) / 100 }));
    const [, , , , avg] = await done;
    client.events.off(EventName.execDetails, onExec);
    expect(avg).toBeGreaterThan(0);
    expect(avg).toBeLessThan(natural + 1);
    expect(execs.filter((e) => e.secType === "OPT").map((e) => e.side).sort()).toEqual(["BOT", "SLD"]);
    expect(execs.filter((e) => e.secType === "BAG")).toHaveLength(1);
    expect(sim.simulator.account.position(a)?.quantity).toBe(3);
    expect(sim.simulator.account.position(b)?.quantity).toBe(-3);
  });

  it("does not fill a resting combo below the natural price", async () => {
    const [a, b] = [...sim.simulator.account.positions.values()].filter((p) => p.instrument.kind === "option").map((p) => p.instrument.conId);
    const bag: Contract = {
      symbol: "SPY",
      secType: SecType.BAG,
      exchange: "SMART",
      currency: "USD",
      comboLegs: [
        { conId: a!, ratio: 1, action: OrderAction.BUY, exchange: "SMART" },
        { conId: b!, ratio: 1, action: OrderAction.SELL, exchange: "SMART" },
      ],
    };
    const id = nextId++;
    const working = client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === id && st === "Submitted");
    client.ib.placeOrder(id, bag, order(OrderAction.BUY, 1, OrderType.LMT, { lmtPrice: 0.05 }));
    await working;
    await new Promise((r) => setTimeout(r, 100));
    expect(sim.simulator.orders.orders.get(id)?.filled).toBe(0);
    client.ib.cancelOrder(id);
    await client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === id && st === "Cancelled");
  });

  it("runs a bracket: children wait for the parent, then the take-profit fill cancels the stop (OCA)", async () => {
    const parentId = nextId++;
    const tpId = nextId++;
    const slId = nextId++;
    const q = spyQuote(AAPL);
    const held = client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === parentId && st === "Inactive");
    client.ib.placeOrder(parentId, AAPL, order(OrderAction.BUY, 50, OrderType.LMT, { lmtPrice: Math.round((q.bid - 30) * 100) / 100, transmit: false }));
    await held;
    client.ib.placeOrder(tpId, AAPL, order(OrderAction.SELL, 50, OrderType.LMT, { lmtPrice: Math.round((q.ask + 40) * 100) / 100, parentId, ocaGroup: "bracket-1", ocaType: 1, transmit: false, tif: TimeInForce.GTC }));
    const childStatus = client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === slId && st === "PreSubmitted");
    client.ib.placeOrder(slId, AAPL, order(OrderAction.SELL, 50, OrderType.STP, { auxPrice: Math.round((q.bid - 50) * 100) / 100, parentId, ocaGroup: "bracket-1", ocaType: 1, transmit: true, tif: TimeInForce.GTC }));
    await childStatus;
    await new Promise((r) => setTimeout(r, 60));
    expect(sim.simulator.orders.orders.get(tpId)?.status).toBe("PreSubmitted");
    // Move the parent's limit through the market: it fills, then the take-profit is activated.
    const parentFilled = client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === parentId && st === "Filled");
    const tpActive = client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === tpId && st === "Submitted");
    client.ib.placeOrder(parentId, AAPL, order(OrderAction.BUY, 50, OrderType.LMT, { lmtPrice: Math.round((q.ask + 5) * 100) / 100, transmit: true }));
    await parentFilled;
    await tpActive;
    expect(sim.simulator.orders.orders.get(slId)?.status).toBe("PreSubmitted"); // stop not elected
    const slCancelled = client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === slId && st === "Cancelled");
    const tpFilled = client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === tpId && st === "Filled");
    client.ib.placeOrder(tpId, AAPL, order(OrderAction.SELL, 50, OrderType.LMT, { lmtPrice: Math.round((q.bid - 10) * 100) / 100, parentId, ocaGroup: "bracket-1", ocaType: 1, transmit: true, tif: TimeInForce.GTC }));
    await tpFilled;
    await slCancelled;
  });

  it("elects a stop when the market reaches it", async () => {
    const id = nextId++;
    const q = spyQuote(AAPL);
    const filled = client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === id && st === "Filled");
    // A sell stop above the market is elected at once.
    client.ib.placeOrder(id, AAPL, order(OrderAction.SELL, 10, OrderType.STP, { auxPrice: Math.round((q.bid + 5) * 100) / 100 }));
    await filled;
  });

  it("rejects the next order on request with 201 and Inactive, and honours stopFilling", async () => {
    sim.control.rejectNextOrder("Simulated exchange rejection");
    const id = nextId++;
    const err = client.waitFor<[Error, number, number]>(EventName.error, (_e, _c, rid) => rid === id);
    const inactive = client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === id && st === "Inactive");
    client.ib.placeOrder(id, AAPL, order(OrderAction.BUY, 1, OrderType.MKT));
    const [e, code] = await err;
    expect(code).toBe(201);
    expect(e.message).toBe("Order rejected - reason:Simulated exchange rejection");
    await inactive;
    sim.control.stopFilling();
    const id2 = nextId++;
    const submitted = client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === id2 && st === "Submitted");
    client.ib.placeOrder(id2, AAPL, order(OrderAction.BUY, 1, OrderType.MKT));
    await submitted;
    await new Promise((r) => setTimeout(r, 60));
    expect(sim.simulator.orders.orders.get(id2)?.filled).toBe(0);
    const filled = client.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === id2 && st === "Filled");
    sim.control.resumeFilling();
    await filled;
  });

  it("rejects an order the account cannot afford", async () => {
    const id = nextId++;
    const err = client.waitFor<[Error, number, number]>(EventName.error, (_e, _c, rid) => rid === id);
    client.ib.placeOrder(id, AAPL, order(OrderAction.BUY, 100_000, OrderType.MKT));
    const [e, code] = await err;
    expect(code).toBe(201);
    expect(e.message).toContain("YOUR ORDER IS NOT ACCEPTED");
  });

  it("reports executions with commission reports, positions and P&L", async () => {
    const execs = client.collect<[number, Contract, { execId: string; orderRef: string; side: string }]>(EventName.execDetails, EventName.execDetailsEnd, (rid) => rid === 71);
    client.ib.reqExecutions(71, {});
    const list = (await execs).filter(([rid]) => rid === 71);
    expect(list.length).toBeGreaterThan(5);
    expect(list.some(([, , e]) => e.orderRef === "proposal-1")).toBe(true);
    const onlyAapl = client.collect<[number, Contract]>(EventName.execDetails, EventName.execDetailsEnd, (rid) => rid === 72);
    client.ib.reqExecutions(72, { symbol: "AAPL", side: "SELL" });
    const sells = (await onlyAapl).filter(([rid]) => rid === 72);
    expect(sells.length).toBeGreaterThan(0);
    expect(sells.every(([, c]) => c.symbol === "AAPL")).toBe(true);

    const positions = client.collect<[string, Contract, number, number]>(EventName.position, EventName.positionEnd);
    client.ib.reqPositions();
    const pos = await positions;
    client.ib.cancelPositions();
    const aapl = pos.find(([, c]) => c.conId === 265598)!;
    expect(aapl[2]).toBe(sim.simulator.account.position(265598)!.quantity);
    expect(pos.some(([, c]) => c.secType === "OPT" && c.multiplier === 100)).toBe(true);

    const pnl = client.waitFor<[number, number, number, number]>(EventName.pnl, (rid) => rid === 81);
    client.ib.reqPnL(81, "DU1234567", "");
    const [, daily, unrealized, realized] = await pnl;
    expect(Number.isFinite(daily)).toBe(true);
    expect(Number.isFinite(unrealized)).toBe(true);
    expect(Number.isFinite(realized)).toBe(true);
    client.ib.cancelPnL(81);
    const single = client.waitFor<[number, number, number, number, number, number]>(EventName.pnlSingle, (rid) => rid === 82);
    client.ib.reqPnLSingle(82, "DU1234567", "", 265598);
    const [, p, , , , value] = await single;
    expect(p).toBe(aapl[2]);
    expect(value).toBeGreaterThan(0);
    client.ib.cancelPnLSingle(82);
  });

  it("sends order events to every connected client", async () => {
    const other = await connectClient(sim.port, 6);
    try {
      const id = nextId++;
      const seen = other.waitFor<StatusEvent>(EventName.orderStatus, (oid, st) => oid === id && st === "Filled");
      client.ib.placeOrder(id, AAPL, order(OrderAction.SELL, 5, OrderType.MKT));
      const [, , , , , , , , clientId] = await seen;
      expect(clientId).toBe(5);
      expect(other.decodingErrors()).toEqual([]);
    } finally {
      await other.disconnect();
    }
  });

  it("never produced a decoding error", () => {
    expect(client.decodingErrors()).toEqual([]);
  });
});
