import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { EventName, OrderAction, OrderType, SecType, TimeInForce, type Contract } from "@stoqey/ib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimulatorHandle } from "./server";
import { connectClient } from "./testing/ib-client";

const SPY: Contract = { symbol: "SPY", secType: SecType.STK, exchange: "SMART", currency: "USD" };
const dir = mkdtempSync(path.join(tmpdir(), "sim-faults-"));
let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 4, startTime: "2025-03-24T15:00:00Z", timing: { firstTickDelayMs: 5, stockIntervalMs: 20 }, controlPort: 0 });
});

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("fault injection", () => {
  it("drops every connection", async () => {
    const c = await connectClient(sim.port, 1);
    expect(sim.control.connectedClients()).toBe(1);
    const gone = c.waitFor(EventName.disconnected);
    sim.control.dropAllConnections();
    await gone;
    expect(sim.control.connectedClients()).toBe(0);
  });

  it("sends 1100 then 1101 (lines lost) or 1102 (lines kept), pausing data in between", async () => {
    const c = await connectClient(sim.port, 2);
    try {
      let ticks = 0;
      c.events.on(EventName.tickPrice, (id: number) => {
        if (id === 5) ticks++;
      });
      c.ib.reqMktData(5, SPY, "", false, false);
      await c.waitFor(EventName.tickPrice, (id) => id === 5);
      sim.control.setSpeed(500);
      const lost = c.waitFor<[string, number]>(EventName.info, (_m, code) => code === 1100);
      sim.control.connectivityLost();
      await lost;
      const before = ticks;
      await sleep(120);
      expect(ticks).toBe(before);
      const kept = c.waitFor<[string, number]>(EventName.info, (_m, code) => code === 1102);
      sim.control.connectivityRestored(true);
      await kept;
      await c.waitFor(EventName.tickPrice, (id) => id === 5, 3000);
      const restoredLost = c.waitFor<[string, number]>(EventName.info, (_m, code) => code === 1101);
      sim.control.connectivityLost();
      sim.control.connectivityRestored(false);
      await restoredLost;
      const after = ticks;
      await sleep(120);
      expect(ticks).toBe(after); // the line is gone and must be requested again
      expect(sim.simulator.feed.count([...sim.simulator.connections][0]!)).toBe(0);
    } finally {
      sim.control.setSpeed(1);
      await c.disconnect();
    }
  });

  it("pauses and resumes market data", async () => {
    const c = await connectClient(sim.port, 3);
    try {
      sim.control.setSpeed(500);
      c.ib.reqMktData(6, SPY, "", false, false);
      await c.waitFor(EventName.tickPrice, (id) => id === 6);
      sim.control.pauseMarketData();
      await sleep(30);
      let ticks = 0;
      c.events.on(EventName.tickPrice, () => ticks++);
      await sleep(100);
      expect(ticks).toBe(0);
      sim.control.resumeMarketData();
      await c.waitFor(EventName.tickPrice, (id) => id === 6, 2000);
    } finally {
      sim.control.setSpeed(1);
      await c.disconnect();
    }
  });

  it("adds latency to every answer", async () => {
    const c = await connectClient(sim.port, 4);
    try {
      sim.control.setLatency(150);
      const t0 = Date.now();
      const answer = c.waitFor(EventName.currentTime);
      c.ib.reqCurrentTime();
      await answer;
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    } finally {
      sim.control.setLatency(0);
      await c.disconnect();
    }
  });

  it("restarts with the same state: clients are dropped, reconnect, and find their positions", async () => {
    const c = await connectClient(sim.port, 5);
    const id = c.nextValidId;
    const filled = c.waitFor(EventName.orderStatus, (oid, st) => oid === id && st === "Filled");
    c.ib.placeOrder(id, SPY, { action: OrderAction.BUY, totalQuantity: 10, orderType: OrderType.MKT, tif: TimeInForce.DAY, transmit: true });
    await filled;
    const gone = c.waitFor(EventName.disconnected);
    await sim.control.restart();
    await gone;
    const again = await connectClient(sim.port, 5);
    try {
      expect(again.nextValidId).toBeGreaterThan(id);
      const positions = again.collect<[string, Contract, number]>(EventName.position, EventName.positionEnd);
      again.ib.reqPositions();
      const spy = (await positions).find(([, contract]) => contract.conId === 756733);
      expect(spy?.[2]).toBe(10);
    } finally {
      await again.disconnect();
    }
  });

  it("is controllable over HTTP", async () => {
    const base = `http://127.0.0.1:${sim.controlPort}`;
    const status = (await (await fetch(`${base}/status`)).json()) as { clients: number; now: string };
    expect(status.clients).toBe(0);
    expect(status.now).toMatch(/^2025-03-24T/);
    expect((await fetch(`${base}/latency?ms=5`, { method: "POST" })).status).toBe(200);
    expect(sim.simulator.faults.latencyMs).toBe(5);
    expect((await fetch(`${base}/latency?ms=0`, { method: "POST" })).status).toBe(200);
    expect((await fetch(`${base}/entitlement?symbol=IWM&value=delayed`, { method: "POST" })).status).toBe(200);
    expect(sim.simulator.entitlement("IWM")).toBe("delayed");
    expect((await fetch(`${base}/entitlement?symbol=IWM&value=bogus`, { method: "POST" })).status).toBe(400);
    expect((await fetch(`${base}/nonsense`, { method: "POST" })).status).toBe(400);
    expect((await fetch(`${base}/drop-connections`)).status).toBe(405);
    const before = sim.control.now();
    expect((await fetch(`${base}/advance-time?ms=60000`, { method: "POST" })).status).toBe(200);
    expect(sim.control.now() - before).toBeGreaterThanOrEqual(60_000);
  });
});

describe("state file", () => {
  it("keeps account, executions and order ids across a simulator restart", async () => {
    const stateFile = path.join(dir, "state.json");
    const first = await startSimulator({ port: 0, seed: 4, stateFile });
    const c = await connectClient(first.port, 1);
    const id = c.nextValidId;
    const filled = c.waitFor(EventName.orderStatus, (oid, st) => oid === id && st === "Filled");
    c.ib.placeOrder(id, SPY, { action: OrderAction.BUY, totalQuantity: 7, orderType: OrderType.MKT, tif: TimeInForce.DAY, transmit: true, orderRef: "kept" });
    await filled;
    const cash = first.simulator.account.cash;
    await c.disconnect();
    await first.close();

    const second = await startSimulator({ port: 0, seed: 4, stateFile });
    try {
      expect(second.simulator.account.cash).toBeCloseTo(cash, 6);
      expect(second.simulator.account.position(756733)?.quantity).toBe(7);
      const c2 = await connectClient(second.port, 1);
      expect(c2.nextValidId).toBeGreaterThan(id);
      const execs = c2.collect<[number, Contract, { orderRef: string }]>(EventName.execDetails, EventName.execDetailsEnd);
      c2.ib.reqExecutions(1, {});
      expect((await execs).some(([, , e]) => e.orderRef === "kept")).toBe(true);
      await c2.disconnect();
    } finally {
      await second.close();
    }
  });
});

describe("command line", () => {
  it("prints the ready line, serves clients and exits cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "cli.ts"), "--port", "0", "--seed", "3"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /TWS simulator listening on 127\.0\.0\.1:(\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.on("exit", (code) => reject(new Error(`exited with ${code}`)));
        setTimeout(() => reject(new Error("no ready line")), 15_000);
      });
      const c = await connectClient(port, 1);
      expect(c.nextValidId).toBeGreaterThan(0);
      await c.disconnect();
      const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exit).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("documents every option in --help", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "cli.ts"), "--help"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    await new Promise((resolve) => child.on("exit", resolve));
    for (const opt of ["--port", "--host", "--control-port", "--seed", "--start-time", "--speed", "--market-data", "--entitlement", "--state-file", "--enforce-rth", "--stock-interval", "--option-interval", "--first-tick", "--account", "--cash", "--verbose"]) {
      expect(out).toContain(opt);
    }
  });
});

describe("regular trading hours", () => {
  it("holds orders placed outside regular hours when enforced, and fills them once the market opens", async () => {
    // Saturday 2025-03-22 15:00 UTC: the market is closed until Monday 09:30 New York (13:30 UTC).
    const s = await startSimulator({ port: 0, seed: 4, startTime: "2025-03-22T15:00:00Z", enforceRegularHours: true, matchIntervalMs: 10 });
    const c = await connectClient(s.port, 1);
    try {
      const id = c.nextValidId;
      c.ib.placeOrder(id, SPY, { action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.MKT, tif: TimeInForce.GTC, transmit: true });
      await c.waitFor(EventName.orderStatus, (oid, st) => oid === id && st === "PreSubmitted");
      await sleep(60);
      expect(s.simulator.orders.orders.get(id)?.status).toBe("PreSubmitted");
      const filled = c.waitFor(EventName.orderStatus, (oid, st) => oid === id && st === "Filled");
      s.control.advanceTime((2 * 24 + 1) * 3_600_000); // Monday 16:00 UTC = 12:00 New York
      await filled;
    } finally {
      await c.disconnect();
      await s.close();
    }
  });
});
