/**
 * lib/ib against the real simulator over a real socket, with the unmodified @stoqey/ib underneath.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { startSimulator } from "../../sim/server";
import { IbError, IbErrorCode } from "../errors";
import type { IbStatus } from "./client";
import { Ib } from "./ib";

type Simulator = Awaited<ReturnType<typeof startSimulator>>;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simulator(port = 0): Promise<Simulator> {
  const sim = await startSimulator({ host: "127.0.0.1", port, seed: 7 });
  cleanups.push(() => sim.close());
  return sim;
}

function connect(port: number, overrides: Partial<ConstructorParameters<typeof Ib>[0]> = {}): Ib {
  const ib = new Ib({
    host: "127.0.0.1",
    port,
    clientId: 11,
    connectTimeoutMs: 3_000,
    requestTimeoutMs: 5_000,
    reconnectDelayMs: { initial: 100, max: 500 },
    ...overrides,
  });
  ib.start();
  cleanups.push(() => ib.stop());
  return ib;
}

function waitForState(ib: Ib, state: IbStatus["state"], timeoutMs = 10_000): Promise<IbStatus> {
  if (ib.status().state === state) return Promise.resolve(ib.status());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`status stayed ${ib.status().state}, expected ${state}`));
    }, timeoutMs);
    const off = ib.client.onStatus((status) => {
      if (status.state !== state) return;
      clearTimeout(timer);
      off();
      resolve(status);
    });
  });
}

describe("Ib against the simulator", () => {
  it("connects, reads a quote and the account summary", async () => {
    const sim = await simulator();
    const ib = connect(sim.port);
    const status = await waitForState(ib, "connected");
    expect(status.accounts.length).toBeGreaterThan(0);
    expect(status.serverVersion).toBe(193);

    const quote = await ib.quote("SPY");
    expect(quote.symbol).toBe("SPY");
    expect(quote.conId).toBeGreaterThan(0);
    expect(quote.bid).toBeGreaterThan(0);
    expect(quote.ask).toBeGreaterThanOrEqual(quote.bid!);
    expect(quote.last ?? quote.close).toBeGreaterThan(0);
    expect(quote.marketData).toBe("live");

    const [summary] = await ib.accountSummaries();
    expect(summary?.account).toBe(status.accounts[0]);
    expect(summary?.netLiquidation).toBeGreaterThan(0);
    expect(summary?.buyingPower).toBeGreaterThan(0);
    expect(await ib.positions()).toBeInstanceOf(Array);
  });

  it("shares one account summary request between concurrent callers", async () => {
    const sim = await simulator();
    const ib = connect(sim.port);
    await waitForState(ib, "connected");
    const results = await Promise.all(Array.from({ length: 5 }, () => ib.accountSummaries()));
    for (const result of results) expect(result).toBe(results[0]);
  });

  it("fails an unknown symbol with a clear error instead of hanging", async () => {
    const sim = await simulator();
    const ib = connect(sim.port);
    await waitForState(ib, "connected");
    const error = await ib.quote("ZZZZQ").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IbError);
    expect((error as IbError).code).toBe(IbErrorCode.UnknownContract);
    expect((error as IbError).message).toContain("ZZZZQ");
  });

  it("fails requests at once while disconnected, naming the endpoint", async () => {
    const sim = await simulator();
    const port = sim.port;
    await sim.close();
    const ib = connect(port);
    await waitForState(ib, "disconnected");
    const error = await ib.quote("SPY").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IbError);
    expect((error as IbError).code).toBe(IbErrorCode.NotConnected);
    expect((error as IbError).message).toContain(`127.0.0.1:${port}`);
    expect(ib.status().lastError?.message).toBeTruthy();
  });

  it("goes disconnected when the simulator dies and reconnects when it is back", async () => {
    const first = await startSimulator({ host: "127.0.0.1", port: 0, seed: 7 });
    const port = first.port;
    const ib = connect(port);
    await waitForState(ib, "connected");

    const wentDown = waitForState(ib, "disconnected");
    await first.close();
    const down = await wentDown;
    expect(down.nextAttemptAt).toBeDefined();
    expect(down.failedAttempts).toBeGreaterThan(0);

    await simulator(port);
    const up = await waitForState(ib, "connected", 15_000);
    expect(up.failedAttempts).toBe(0);
    expect((await ib.quote("QQQ")).bid).toBeGreaterThan(0);
  });

  it("fails a request whose connection drops while it is in flight", async () => {
    const sim = await simulator();
    const ib = connect(sim.port, { requestTimeoutMs: 10_000 });
    await waitForState(ib, "connected");
    const pending = ib.accountSummaries().catch((e: unknown) => e);
    sim.control.dropAllConnections();
    const error = await pending;
    // Either TWS answered before the drop, or the request failed with the connection: never a hang.
    if (error instanceof IbError) expect([IbErrorCode.ConnectionLost, IbErrorCode.NotConnected]).toContain(error.code);
    else expect(error).toBeInstanceOf(Array);
  });
});

describe("chain cache", () => {
  /** How often TWS was asked for the list of expiries and strikes. */
  const listRequests = (ib: Ib): (() => number) => {
    const spy = vi.spyOn(ib.client, "request");
    return () => spy.mock.calls.filter(([spec]) => spec.label.startsWith("option chain list")).length;
  };

  it("reuses a symbol's chain until the conversation looks at another symbol", async () => {
    const sim = await simulator();
    const ib = connect(sim.port);
    await ib.client.whenReady();
    const asked = listRequests(ib);
    ib.setActiveSymbol("SPY");
    const [first] = await Promise.all([ib.optionChainInfo("SPY"), ib.optionChainInfo("SPY")]);
    ib.setActiveSymbol("SPY");
    await ib.optionChainInfo("SPY");
    expect(asked()).toBe(1);
    ib.setActiveSymbol("QQQ");
    const again = await ib.optionChainInfo("SPY");
    expect(asked()).toBe(2);
    expect(again.expirations).toEqual(first.expirations);
  });

  it("asks TWS again once the configured time has passed", async () => {
    const sim = await simulator();
    let now = Date.now();
    const ib = connect(sim.port, { chainTtlMs: 1_000, now: () => now });
    await ib.client.whenReady();
    const asked = listRequests(ib);
    await ib.optionChainInfo("SPY");
    now += 999;
    await ib.optionChainInfo("SPY");
    expect(asked()).toBe(1);
    now += 2;
    await ib.optionChainInfo("SPY");
    expect(asked()).toBe(2);
  });
});
