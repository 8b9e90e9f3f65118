import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { devices, expect, newMarketContext, test, type APIRequestContext, type Page } from "./fixtures";
import { EventName, OptionType, OrderAction, OrderType, SecType, TimeInForce, type Contract } from "@stoqey/ib";
import { pairDevice } from "../lib/testing/app-process";
import type { ProposalView } from "../lib/trading/views";
import { connectClient } from "../sim/testing/ib-client";
import { E2E_MCP_TOKEN } from "../playwright.config";

// The desktop is logged in by the setup project; the phone is a device paired here. Once is enough: the test makes
// its own phone context, so it runs in the desktop project only.
test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "builds its own phone context; once is enough");
});

const num = (text: string | null): number => Number((text ?? "").replace(/[−–]/g, "-").replace(/[^0-9.\-]/g, ""));
const text = (r: CallToolResult): string => r.content.map((c) => (c.type === "text" ? c.text : "")).join("");
/** The phone of the task: 390 × 844 CSS pixels, touch, Chromium. */
const phoneDevice = { ...devices["Pixel 7"], viewport: { width: 390, height: 844 } };

async function mcpClient(baseURL: string): Promise<Client> {
  const client = new Client({ name: "sumppump-e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/api/mcp", baseURL), { requestInit: { headers: { Authorization: `Bearer ${E2E_MCP_TOKEN}` } } }));
  return client;
}

async function call<T>(mcp: Client, name: string, args: Record<string, unknown>): Promise<T> {
  const result = (await mcp.callTool({ name, arguments: args })) as CallToolResult;
  expect(result.isError, text(result)).toBeFalsy();
  return result.structuredContent as T;
}

/**
 * A bid that works without filling: 80% of the natural, below the other side of the market yet inside the band
 * SumpPump accepts (a limit far beyond the market is refused).
 */
async function lowBid(mcp: Client, legs: Array<Record<string, unknown>>): Promise<number> {
  const { net_debit_natural } = await call<{ net_debit_natural: number }>(mcp, "calculate_strategy", { symbol: "SPY", legs });
  return Math.round(net_debit_natural * 0.8) / 100;
}

/** Fails the test if `page` reloads or navigates away from the inbox from now on. */
async function markNoReload(page: Page): Promise<() => Promise<void>> {
  await page.evaluate(() => ((window as unknown as { inboxMark: number }).inboxMark = 42));
  return async () => {
    expect(await page.evaluate(() => (window as unknown as { inboxMark?: number }).inboxMark), "the inbox page was reloaded").toBe(42);
  };
}

test("Claude proposes over MCP, the open inbox shows it live, a paired phone approves, the simulator fills, the stop-loss prompt follows", async ({ page, request, browser, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const mcp = await mcpClient(baseURL!);
  const phone = await newMarketContext(browser, { ...phoneDevice, baseURL });
  try {
    // The inbox is open on the desktop, and its event stream is live.
    await page.goto("/inbox");
    await expect(page.getByTestId("live")).toHaveAttribute("data-state", "live", { timeout: 20_000 });
    await expect(page.getByTestId("inbox-loading")).toHaveCount(0);
    const stillSamePage = await markNoReload(page);

    // Claude prices a bull call spread and proposes it with a marketable limit, a little above the natural price.
    const chain = await call<{ expiries: Array<{ expiry: string; days_to_expiry: number }> }>(mcp, "get_options_chain", { symbol: "SPY" });
    const expiry = chain.expiries.find((e) => e.days_to_expiry >= 20)!.expiry;
    const spot = (await call<{ last: number }>(mcp, "get_quote", { symbol: "SPY" })).last;
    const window = await call<{ chains: Array<{ strikes: number[] }> }>(mcp, "get_options_chain", { symbol: "SPY", expiry, strikes_each_side: 6 });
    const strikes = window.chains[0]!.strikes;
    const atm = strikes.reduce((best, k) => (Math.abs(k - spot) < Math.abs(best - spot) ? k : best));
    const upper = strikes[strikes.indexOf(atm) + 5]!;
    const legs = [
      { type: "call", action: "buy", strike: atm, expiry, quantity: 1 },
      { type: "call", action: "sell", strike: upper, expiry, quantity: 1 },
    ];
    const calculated = await call<{ net_debit_natural: number; strategy: { label: string } }>(mcp, "calculate_strategy", { symbol: "SPY", legs });
    const limit = Math.round((calculated.net_debit_natural / 100 + 0.1) * 100) / 100;
    const quantity = 2;
    const reasoning = `SPY is holding above its 20-day average; a ${atm}/${upper} bull call spread risks only the debit.`;

    const proposed = await call<{ proposal: ProposalView & { approval_url: string } }>(mcp, "execute_trade", {
      symbol: "SPY",
      legs,
      quantity,
      order_type: "LMT",
      limit_price: limit,
      reasoning,
    });
    const sentAt = Date.now();
    const id = proposed.proposal.id;
    expect(proposed.proposal.status).toBe("pending_approval");
    expect(proposed.proposal.approval_url).toMatch(new RegExp(`/inbox#${id}$`));

    // The card appears in the open inbox within a second, without a reload, with the right figures.
    const card = page.locator(`[data-testid="pending-card"][data-proposal-id="${id}"]`);
    await expect(card).toBeVisible({ timeout: 1_000 });
    testInfo.annotations.push({ type: "live update", description: `card visible ${Date.now() - sentAt} ms after execute_trade returned` });
    await stillSamePage();
    const maxLoss = limit * 100 * quantity;
    expect(num(await card.getByTestId("max-loss").textContent())).toBeCloseTo(maxLoss, 2);
    await expect(card.getByTestId("max-loss")).toHaveText(`$${maxLoss.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
    expect(num(await card.getByTestId("max-gain").textContent())).toBeCloseTo((upper - atm) * 100 * quantity - maxLoss, 2);
    expect(num(await card.getByTestId("breakevens").textContent())).toBeCloseTo(atm + limit, 2);
    await expect(card.getByTestId("pop")).toHaveText(/^\d+\.\d%$/);
    await expect(card.getByTestId("order-line")).toHaveText(`2 units · limit ${limit.toFixed(2)} debit per unit · DAY`);
    await expect(card.getByTestId("card-legs")).toHaveText(new RegExp(`Buy 2 SPY .* ${atm} call.*Sell 2 SPY .* ${upper} call`));
    await expect(card.getByTestId("reasoning")).toContainText(reasoning);
    await expect(card.getByTestId("reasoning")).toContainText("Claude's reasoning");
    await expect(card.getByTestId("time-left")).toHaveText(/^Time left: 1[45]:\d\d left$/);
    await expect(card.getByRole("img", { name: /profit and loss at expiry/ })).toBeVisible();
    await expect(page.getByTestId("nav-inbox-count")).toBeVisible();
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath("inbox-desktop.png"), fullPage: true });

    // A phone paired with the desktop opens the approval link Claude was given.
    const pairing = await page.request.post("/api/devices/pairings", { headers: { Origin: new URL(baseURL!).origin } });
    expect(pairing.ok(), await pairing.text()).toBe(true);
    const paired = await pairDevice(((await pairing.json()) as { url: string }).url, `e2e phone ${Date.now().toString(36).slice(-5)}`);
    if (!paired.ok) throw new Error(`pairing failed: ${paired.error}`);
    const [name, value] = paired.cookie.split(/=(.*)/s) as [string, string];
    await phone.addCookies([{ name, value, url: baseURL! }]);
    const handset = await phone.newPage();
    await handset.goto(new URL(proposed.proposal.approval_url).pathname + new URL(proposed.proposal.approval_url).hash);
    const phoneCard = handset.locator(`[data-testid="pending-card"][data-proposal-id="${id}"]`);
    await expect(phoneCard).toBeVisible({ timeout: 10_000 });
    expect(num(await phoneCard.getByTestId("max-loss").textContent())).toBeCloseTo(maxLoss, 2);
    expect(await handset.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling on the phone").toBeLessThanOrEqual(390);
    const approve = phoneCard.getByTestId("approve");
    const box = (await approve.boundingBox())!;
    expect(box.height, "Approve is a large touch target").toBeGreaterThanOrEqual(44);
    expect(box.width).toBeGreaterThan(180);
    await phoneCard.scrollIntoViewIfNeeded();
    await handset.screenshot({ path: testInfo.outputPath("inbox-phone.png"), fullPage: false });
    await handset.screenshot({ path: testInfo.outputPath("inbox-phone-full.png"), fullPage: true });

    // A double tap sends one approval.
    const approvals: string[] = [];
    handset.on("request", (r) => {
      if (r.method() === "POST" && r.url().endsWith(`/api/proposals/${id}/approve`)) approvals.push(r.postData() ?? "");
    });
    await approve.dblclick();

    // The simulator fills it; the phone (and the desktop, live) now asks for a stop loss.
    const prompt = handset.locator(`[data-testid="stop-prompt-card"][data-proposal-id="${id}"]`);
    await expect(prompt).toBeVisible({ timeout: 30_000 });
    expect(approvals).toHaveLength(1);
    expect(JSON.parse(approvals[0]!)).toEqual({ content_hash: proposed.proposal.content_hash, revision: proposed.proposal.revision });
    const fillPrice = num(await prompt.getByTestId("fill-price").textContent());
    expect(fillPrice).toBeGreaterThan(0);
    expect(fillPrice).toBeLessThanOrEqual(limit);
    await expect(prompt.getByTestId("stop-input")).toHaveValue(/^\d+\.\d\d$/);
    await expect(handset.locator(`[data-testid="pending-card"][data-proposal-id="${id}"]`)).toHaveCount(0);
    await prompt.scrollIntoViewIfNeeded();
    await handset.screenshot({ path: testInfo.outputPath("inbox-phone-filled.png"), fullPage: false });

    const desktopPrompt = page.locator(`[data-testid="stop-prompt-card"][data-proposal-id="${id}"]`);
    await expect(desktopPrompt).toBeVisible({ timeout: 5_000 });
    await expect(page.locator(`[data-testid="pending-card"][data-proposal-id="${id}"]`)).toHaveCount(0);
    await stillSamePage();
    await desktopPrompt.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath("inbox-desktop-filled.png"), fullPage: true });

    // Claude sees the fill, at the price the inbox shows.
    const status = await call<{ proposal: ProposalView }>(mcp, "get_order_status", { proposal_id: id });
    expect(["filled", "stop_loss_prompted"]).toContain(status.proposal.status);
    expect(status.proposal.order.filled).toBe(quantity);
    expect(status.proposal.order.avg_fill_price).toBeCloseTo(fillPrice, 2);
    expect(status.proposal.approved_by).toMatch(/^device:/);
    expect(status.proposal.stop_loss?.open).toBe(true);

    // The phone proposes the suggested stop and approves it; the positions page shows the working stop and can cancel it.
    const suggested = await prompt.getByTestId("stop-input").inputValue();
    await prompt.getByTestId("propose-stop").click();
    const stopCard = handset.getByTestId("pending-stop-card").filter({ hasText: `Stop loss for ${calculated.strategy.label}` });
    await expect(stopCard).toBeVisible({ timeout: 10_000 });
    await expect(stopCard.getByTestId("stop-price")).toHaveText(suggested);
    await expect(prompt).toHaveCount(0);
    await stopCard.getByTestId("approve").click();
    await expect(stopCard).toHaveCount(0, { timeout: 10_000 });
    await page.goto("/positions");
    const longLeg = page.getByTestId("position-row").filter({ hasText: `${atm} call` });
    await expect(longLeg.getByTestId("position-stop")).toHaveText(`working stop at ${suggested}`, { timeout: 20_000 });
    const stopOrder = page.getByTestId("working-order").filter({ hasText: "Stop loss" });
    await expect(stopOrder).toContainText(`stop ${suggested}, then market`);
    await page.screenshot({ path: testInfo.outputPath("positions-with-stop-desktop.png"), fullPage: true });
    await stopOrder.getByTestId("cancel-order").click();
    await expect(stopOrder).toHaveCount(0, { timeout: 10_000 });
    await expect(longLeg.locator("td").last()).toHaveText("—");

    // The orders page keeps the audit trail: proposed by Claude, approved on the phone, sent, filled.
    await page.goto("/orders");
    const row = page.locator(`[data-testid="order-row"][data-proposal-id="${id}"]`);
    await row.locator("summary").click();
    await expect(row.locator('[data-testid="history-event"][data-action="approve"]')).toContainText("e2e phone");
    for (const action of ["propose", "approve", "send_order", "filled", "prompt_stop_loss"]) {
      await expect(row.locator(`[data-testid="history-event"][data-action="${action}"]`)).toHaveCount(1);
    }
    await page.screenshot({ path: testInfo.outputPath("orders-desktop.png"), fullPage: true });
  } finally {
    await mcp.close().catch(() => undefined);
    await phone.close();
    await flattenSpy(request);
  }
});

test("the kill switch stops approvals, says so in red, and a new proposal can still be read", async ({ page, baseURL }, testInfo) => {
  const mcp = await mcpClient(baseURL!);
  try {
    await page.goto("/inbox");
    await expect(page.getByTestId("live")).toHaveAttribute("data-state", "live", { timeout: 20_000 });
    await page.getByTestId("kill-switch").click();
    await expect(page.getByTestId("kill-banner")).toContainText("Kill switch on — nothing is sent");

    const chain = await call<{ expiries: Array<{ expiry: string; days_to_expiry: number }> }>(mcp, "get_options_chain", { symbol: "SPY" });
    const expiry = chain.expiries.find((e) => e.days_to_expiry >= 20)!.expiry;
    const spot = (await call<{ last: number }>(mcp, "get_quote", { symbol: "SPY" })).last;
    const strike = Math.round(spot);
    const window = await call<{ chains: Array<{ strikes: number[] }> }>(mcp, "get_options_chain", { symbol: "SPY", expiry, strikes_each_side: 2 });
    const atm = window.chains[0]!.strikes.reduce((best, k) => (Math.abs(k - strike) < Math.abs(best - strike) ? k : best));
    const put = [{ type: "put", action: "buy", strike: atm, expiry, quantity: 1 }];
    const proposed = await call<{ proposal: ProposalView }>(mcp, "execute_trade", {
      symbol: "SPY",
      legs: put,
      order_type: "LMT",
      limit_price: await lowBid(mcp, put),
      reasoning: "A cheap bid to test the kill switch.",
    });
    const card = page.locator(`[data-testid="pending-card"][data-proposal-id="${proposed.proposal.id}"]`);
    await expect(card).toBeVisible({ timeout: 2_000 });
    await expect(card.getByTestId("approve")).toBeDisabled();
    await expect(card.getByTestId("approve-blocked")).toContainText("kill switch is on");
    await page.screenshot({ path: testInfo.outputPath("inbox-kill-switch.png"), fullPage: false });

    // Turned off, the card can be approved again; the trader rejects it instead, with a note.
    await page.getByTestId("kill-switch").click();
    await expect(page.getByTestId("kill-banner")).toHaveCount(0);
    await expect(card.getByTestId("approve")).toBeEnabled();
    await card.getByTestId("reject").click();
    await card.getByLabel(/Why reject/).fill("Not today.");
    await card.getByTestId("confirm-reject").click();
    await expect(card).toHaveCount(0);
    const status = await call<{ proposal: ProposalView }>(mcp, "get_order_status", { proposal_id: proposed.proposal.id });
    expect(status.proposal.status).toBe("rejected");
    expect(status.proposal.order.message).toContain("Not today.");
    await expect(page.locator(`[data-testid="recent-item"][data-proposal-id="${proposed.proposal.id}"]`)).toContainText("rejected");
  } finally {
    await mcp.close().catch(() => undefined);
    // Never leave the switch on for the other tests.
    await page.request.post("/api/kill-switch", { data: { on: false }, headers: { Origin: new URL(baseURL!).origin } });
  }
});

test("a working order shows its fill progress; Claude's request to cancel it waits for the trader, who cancels it", async ({ page, baseURL }, testInfo) => {
  const mcp = await mcpClient(baseURL!);
  try {
    await page.goto("/inbox");
    await expect(page.getByTestId("live")).toHaveAttribute("data-state", "live", { timeout: 20_000 });
    const chain = await call<{ expiries: Array<{ expiry: string; days_to_expiry: number }> }>(mcp, "get_options_chain", { symbol: "SPY" });
    const expiry = chain.expiries.find((e) => e.days_to_expiry >= 20)!.expiry;
    const spot = (await call<{ last: number }>(mcp, "get_quote", { symbol: "SPY" })).last;
    const window = await call<{ chains: Array<{ strikes: number[] }> }>(mcp, "get_options_chain", { symbol: "SPY", expiry, strikes_each_side: 2 });
    const atm = window.chains[0]!.strikes.reduce((best, k) => (Math.abs(k - spot) < Math.abs(best - spot) ? k : best));
    // A bid well below the market: it works at TWS without filling.
    const put = [{ type: "put", action: "buy", strike: atm, expiry, quantity: 1 }];
    const proposed = await call<{ proposal: ProposalView }>(mcp, "execute_trade", {
      symbol: "SPY",
      legs: put,
      order_type: "LMT",
      limit_price: await lowBid(mcp, put),
      tif: "GTC",
      reasoning: "A low bid left working.",
    });
    const id = proposed.proposal.id;
    const card = page.locator(`[data-testid="pending-card"][data-proposal-id="${id}"]`);
    await expect(card).toBeVisible({ timeout: 2_000 });
    await card.getByTestId("approve").click();
    const working = page.locator(`[data-testid="working-order"][data-proposal-id="${id}"]`);
    await expect(working).toBeVisible({ timeout: 10_000 });
    await expect(working.getByTestId("fill-progress")).toContainText("Filled 0 of 1");
    await expect(working.getByTestId("cancel-order")).toBeEnabled({ timeout: 10_000 });

    // Claude asks to cancel it; without the setting that allows it, the trader decides in the inbox.
    const asked = await call<{ outcome: string }>(mcp, "cancel_order", { proposal_id: id });
    expect(asked.outcome).toBe("awaiting_trader");
    const request = page.locator(`[data-testid="cancel-request-card"][data-proposal-id="${id}"]`);
    await expect(request).toBeVisible({ timeout: 2_000 });
    await expect(request).toContainText("Claude asks to cancel this order");
    await page.screenshot({ path: testInfo.outputPath("inbox-cancel-request.png"), fullPage: true });
    await request.getByTestId("confirm-cancel-order").click();
    await expect(request).toHaveCount(0, { timeout: 10_000 });
    await expect(working).toHaveCount(0);
    await expect.poll(async () => (await call<{ proposal: ProposalView }>(mcp, "get_order_status", { proposal_id: id })).proposal.status, { timeout: 10_000 }).toBe("cancelled");
    await expect(page.locator(`[data-testid="recent-item"][data-proposal-id="${id}"]`)).toContainText("cancelled");
  } finally {
    await mcp.close().catch(() => undefined);
  }
});

test("the web manifest and its icons are reachable without a login", async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  try {
    const manifest = await anonymous.get("/manifest.webmanifest");
    expect(manifest.status()).toBe(200);
    const body = (await manifest.json()) as { name: string; start_url: string; display: string; theme_color: string; icons: Array<{ src: string; sizes: string }> };
    expect(body).toMatchObject({ name: "SumpPump", start_url: "/inbox", display: "standalone" });
    expect(body.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(body.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    for (const src of [...body.icons.map((i) => i.src), "/apple-touch-icon.png"]) {
      const icon = await anonymous.get(src);
      expect(icon.status(), src).toBe(200);
      expect(icon.headers()["content-type"]).toBe("image/png");
    }
    // Everything else still needs the login.
    expect((await anonymous.get("/inbox", { maxRedirects: 0 })).status()).toBe(307);
  } finally {
    await anonymous.dispose();
  }
});

/** Sells what the loop bought (each option leg on its own, at the market) so the account is flat for other tests. */
async function flattenSpy(request: APIRequestContext): Promise<void> {
  const status = (await (await request.get("/api/status")).json()) as { ib: { port: number } };
  const positions = (await (await request.get("/api/positions")).json()) as {
    positions: Array<{ position: { symbol: string; secType: string; quantity: number; expiry?: string; strike?: number; right?: string } }>;
  };
  const open = positions.positions.map((p) => p.position).filter((p) => p.symbol === "SPY" && p.secType === "OPT" && p.quantity !== 0);
  if (open.length === 0) return;
  const client = await connectClient(status.ib.port, 72);
  try {
    let id = client.nextValidId;
    for (const p of open) {
      const contract: Contract = { symbol: "SPY", secType: SecType.OPT, exchange: "SMART", currency: "USD", lastTradeDateOrContractMonth: p.expiry, strike: p.strike, right: p.right === "C" ? OptionType.Call : OptionType.Put, multiplier: 100 };
      const orderId = id++;
      const filled = client.waitFor<[number, string]>(EventName.orderStatus, (o, s) => o === orderId && s === "Filled", 20_000);
      client.ib.placeOrder(orderId, contract, { action: p.quantity > 0 ? OrderAction.SELL : OrderAction.BUY, totalQuantity: Math.abs(p.quantity), orderType: OrderType.MKT, tif: TimeInForce.DAY, transmit: true });
      await filled.catch(() => undefined);
    }
  } finally {
    await client.disconnect();
  }
}
