import { expect, test } from "./fixtures";
import { EventName, OptionType, OrderAction, OrderType, SecType, TimeInForce, type Contract } from "@stoqey/ib";
import { connectClient, type TestClient } from "../sim/testing/ib-client";

// Logged in by the setup project (e2e/auth.setup.ts) through playwright.config.ts's storageState.

const num = (text: string | null): number => Number((text ?? "").replace(/[−–]/g, "-").replace(/[^0-9.\-]/g, ""));

/** Trades on the simulator as another API client would, and waits for the fill. */
async function fill(client: TestClient, id: number, contract: Contract, action: OrderAction, quantity: number): Promise<void> {
  const filled = client.waitFor<[number, string]>(EventName.orderStatus, (orderId, status) => orderId === id && status === "Filled", 20_000);
  client.ib.placeOrder(id, contract, { action, totalQuantity: quantity, orderType: OrderType.MKT, tif: TimeInForce.DAY, transmit: true });
  await filled;
}

test("positions show P&L at current prices, a payoff per underlying, an empty stop-loss column and working orders", async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  // With no positions the page says so.
  const status = (await (await request.get("/api/status")).json()) as { ib: { port: number; state: string } };
  expect(status.ib.state).toBe("connected");
  await page.goto("/positions");
  // Working orders: none, or those earlier specs left working (the run shares one app).
  await expect(page.getByTestId("no-orders").or(page.locator("ul.order-list"))).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("no-positions").or(page.getByTestId("positions-table"))).toBeVisible({ timeout: 20_000 });

  // Buy 100 shares and a call on the simulator through its TWS API port, as TWS would after an approved order.
  const { expiries, strikes } = (await (await request.get("/api/chain/SPY/expiries")).json()) as { expiries: Array<{ expiry: string; daysToExpiry: number }>; strikes: number[] };
  const quote = (await (await request.get("/api/quote?symbol=SPY")).json()) as { last?: number; mid?: number };
  const spot = quote.last ?? quote.mid!;
  // A contract no other spec trades (they take the money strike about three weeks out): the run shares one account.
  const strike = strikes.reduce((best, k) => (Math.abs(k - (spot - 7)) < Math.abs(best - (spot - 7)) ? k : best));
  const expiry = expiries.find((e) => e.daysToExpiry > 45)!.expiry;
  const stock: Contract = { symbol: "SPY", secType: SecType.STK, exchange: "SMART", currency: "USD" };
  const call: Contract = { symbol: "SPY", secType: SecType.OPT, exchange: "SMART", currency: "USD", lastTradeDateOrContractMonth: expiry, strike, right: OptionType.Call, multiplier: 100 };
  const client = await connectClient(status.ib.port, 71);
  let id = client.nextValidId;
  try {
    await fill(client, id++, stock, OrderAction.BUY, 100);
    await fill(client, id++, call, OrderAction.BUY, 1);

    await page.reload();
    const rows = page.getByTestId("position-row");
    await expect(rows.filter({ hasText: `${strike} call` })).toHaveCount(1, { timeout: 30_000 });
    await expect(rows.filter({ hasText: "SPY shares" })).toHaveCount(1);
    for (const row of [rows.filter({ hasText: `${strike} call` }), rows.filter({ hasText: "SPY shares" })]) {
      const mark = Number(await row.getAttribute("data-mark"));
      const cost = Number(await row.getAttribute("data-cost"));
      const quantity = Number(await row.getAttribute("data-quantity"));
      const multiplier = Number(await row.getAttribute("data-multiplier"));
      expect(mark).toBeGreaterThan(0);
      expect(num(await row.getByTestId("position-pnl-value").textContent())).toBeCloseTo((mark - cost) * multiplier * quantity, 1);
      // No stop losses until the trading work adds them.
      await expect(row.locator("td").last()).toHaveText("—");
    }
    // Every figure is on screen without scrolling sideways, on a phone too (one block per position there).
    const width = page.viewportSize()!.width;
    for (const cell of await page.getByTestId("position-pnl").all()) {
      const box = (await cell.boundingBox())!;
      expect(box.x + box.width, "P&L within the screen").toBeLessThanOrEqual(width);
    }
    const payoff = page.getByTestId("position-payoff").filter({ hasText: "SPY" });
    await expect(payoff).toBeVisible();
    await expect(payoff.getByRole("img", { name: /SPY positions: profit and loss/ })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`positions-${testInfo.project.name}.png`), fullPage: true });
  } finally {
    // Leave the account flat for the other tests.
    await fill(client, id++, call, OrderAction.SELL, 1).catch(() => undefined);
    await fill(client, id++, stock, OrderAction.SELL, 100).catch(() => undefined);
    await client.disconnect();
  }
});
