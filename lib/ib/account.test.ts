/** Account overview from the simulator: summaries, today's P&L, positions with market value. */
import { EventName, IBApi, OrderAction, OrderType, SecType } from "@stoqey/ib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../../sim/server";
import { Ib } from "./ib";

let sim: Awaited<ReturnType<typeof startSimulator>>;
let ib: Ib;

/** Buys shares straight through @stoqey/ib, as a trader would in TWS, so that the account holds a position. */
async function buyShares(port: number, symbol: string, quantity: number): Promise<void> {
  const api = new IBApi({ host: "127.0.0.1", port });
  api.on(EventName.error, () => {});
  const orderId = await new Promise<number>((resolve) => {
    api.once(EventName.nextValidId, resolve);
    api.connect(99);
  });
  await new Promise<void>((resolve) => {
    api.on(EventName.orderStatus, (id, status) => id === orderId && status === "Filled" && resolve());
    api.placeOrder(orderId, { symbol, secType: SecType.STK, exchange: "SMART", currency: "USD" }, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: quantity, transmit: true });
  });
  api.disconnect();
}

beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 11 });
  await buyShares(sim.port, "AAPL", 10);
  ib = new Ib({ host: "127.0.0.1", port: sim.port, clientId: 51, connectTimeoutMs: 3_000, requestTimeoutMs: 5_000 });
  ib.start();
  await ib.client.whenReady();
});

afterAll(async () => {
  ib?.stop();
  await sim?.close();
});

describe("account overview", () => {
  it("lists the position with its market value and the account's P&L", async () => {
    const { accounts, positions } = await ib.overview();
    expect(accounts[0]?.netLiquidation).toBeGreaterThan(0);
    expect(accounts[0]?.pnl).toBeDefined();
    const aapl = positions.find((p) => p.symbol === "AAPL");
    expect(aapl?.quantity).toBe(10);
    expect(aapl?.averageCost).toBeGreaterThan(0);
    const price = (await ib.quote("AAPL")).last!;
    expect(aapl?.pnl?.value).toBeGreaterThan(10 * price * 0.95);
    expect(aapl?.pnl?.value).toBeLessThan(10 * price * 1.05);
    expect(aapl?.pnl?.unrealized).toBeTypeOf("number");
  });
});
