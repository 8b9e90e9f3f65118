import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ProposalView } from "../lib/trading/views";
import { E2E_MCP_TOKEN } from "../playwright.config";
import { expect, test, type Page } from "./fixtures";

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one run is enough");
});

const text = (r: CallToolResult): string => r.content.map((c) => (c.type === "text" ? c.text : "")).join("");
const num = (s: string | null): number => Number((s ?? "").replace(/[−–]/g, "-").replace(/[^0-9.\-]/g, ""));

async function mcpClient(baseURL: string): Promise<Client> {
  const client = new Client({ name: "sumppump-e2e-held", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/api/mcp", baseURL), { requestInit: { headers: { Authorization: `Bearer ${E2E_MCP_TOKEN}` } } }));
  return client;
}

async function call<T>(mcp: Client, name: string, args: Record<string, unknown>): Promise<T> {
  const result = (await mcp.callTool({ name, arguments: args })) as CallToolResult;
  expect(result.isError, text(result)).toBeFalsy();
  return result.structuredContent as T;
}

async function approveInInbox(page: Page, id: string, testId = "pending-card"): Promise<void> {
  await page.goto(`/inbox#${id}`);
  const card = page.locator(`[data-testid="${testId}"][data-proposal-id="${id}"]`);
  await card.getByTestId("approve").click();
  await expect(card).toHaveCount(0, { timeout: 15_000 });
}

test("closing a held spread shows realised P&L and the risk removed, never a max loss; a second stop is refused", async ({ page, baseURL }) => {
  test.setTimeout(150_000);
  const mcp = await mcpClient(baseURL!);
  try {
    const chain = await call<{ expiries: Array<{ expiry: string; days_to_expiry: number }> }>(mcp, "get_options_chain", { symbol: "SPY" });
    const expiry = chain.expiries.find((e) => e.days_to_expiry >= 30)!.expiry;
    const spot = (await call<{ last: number }>(mcp, "get_quote", { symbol: "SPY" })).last;
    const window = await call<{ chains: Array<{ strikes: number[] }> }>(mcp, "get_options_chain", { symbol: "SPY", expiry, strikes_each_side: 6 });
    const strikes = window.chains[0]!.strikes;
    const atm = strikes.reduce((best, k) => (Math.abs(k - spot) < Math.abs(best - spot) ? k : best));
    const upper = strikes[strikes.indexOf(atm) + 4]!;
    const legs = [
      { type: "call", action: "buy", strike: atm, expiry, quantity: 1 },
      { type: "call", action: "sell", strike: upper, expiry, quantity: 1 },
    ];
    const calculated = await call<{ net_debit_natural: number }>(mcp, "calculate_strategy", { symbol: "SPY", legs });
    const entryLimit = Math.round((calculated.net_debit_natural / 100 + 0.05) * 100) / 100;
    const entry = (await call<{ proposal: ProposalView }>(mcp, "execute_trade", { symbol: "SPY", legs, quantity: 3, limit_price: entryLimit })).proposal;
    await approveInInbox(page, entry.id);
    const filled = await expect
      .poll(async () => (await call<{ proposal: ProposalView }>(mcp, "get_order_status", { proposal_id: entry.id })).proposal, { timeout: 20_000 })
      .toMatchObject({ status: "stop_loss_prompted" })
      .then(async () => (await call<{ proposal: ProposalView; next_step: string }>(mcp, "get_order_status", { proposal_id: entry.id })));
    const fill = filled.proposal.order.avg_fill_price!;

    // A stop for the 3 held; a second one is refused with the reason, and the entry no longer asks for one.
    const stop = (await call<{ proposal: ProposalView }>(mcp, "set_stop_loss", { proposal_id: entry.id })).proposal;
    expect(stop.quantity).toBe(3);
    const second = (await mcp.callTool({ name: "set_stop_loss", arguments: { proposal_id: entry.id } })) as CallToolResult;
    expect(second.isError).toBe(true);
    expect(text(second)).toContain(`A stop for this position is already waiting for the trader's approval (${stop.id}: stop ${stop.stop_price!.toFixed(2)} on 3 unit(s) of the 3 held). A second stop is refused`);
    await approveInInbox(page, stop.id, "pending-stop-card");
    const after = await call<{ next_step: string }>(mcp, "get_order_status", { proposal_id: entry.id });
    expect(after.next_step).toContain(`Its stop loss ${stop.id} is`);
    expect(after.next_step).not.toContain("set_stop_loss proposes one");

    // Close one of the three at the natural: a credit, booked against the fill.
    const close = legs.map((l) => ({ ...l, action: l.action === "buy" ? "sell" : "buy" }));
    const probe = (await call<{ proposal: ProposalView }>(mcp, "execute_trade", { symbol: "SPY", legs: close, order_type: "MKT" })).proposal;
    await call(mcp, "cancel_order", { proposal_id: probe.id });
    const limit = probe.market!.natural!;
    const closed = await call<{ proposal: ProposalView; next_step: string }>(mcp, "execute_trade", { symbol: "SPY", legs: close, limit_price: limit });
    const position = closed.proposal.position!;
    expect(position.closes_only).toBe(true);
    expect(closed.proposal.analysis.max_loss).toBeNull();
    expect(closed.next_step).toContain("It closes a position held: estimated realised P&L");
    // (limit − fill) × 100 for the one spread, less the commissions TWS folds into its average cost.
    expect(position.realised_pnl!).toBeLessThanOrEqual((limit - fill) * 100 + 0.01);
    expect(position.realised_pnl!).toBeGreaterThan((limit - fill) * 100 - 10);

    await page.goto(`/inbox#${closed.proposal.id}`);
    const card = page.locator(`[data-testid="pending-card"][data-proposal-id="${closed.proposal.id}"]`);
    await expect(card).toContainText("Close a held position", { timeout: 20_000 });
    await expect(card.getByTestId("max-loss")).toHaveCount(0);
    expect(num(await card.getByTestId("realised-pnl").textContent())).toBeCloseTo(position.realised_pnl!, 2);
    expect(num(await card.getByTestId("risk-removed").textContent())).toBeCloseTo(position.risk_removed!, 2);
    await expect(card.getByTestId("held-remains")).toHaveText(["+2", "−2"]);
    await expect(card.getByTestId("working-same-contracts")).toContainText(`stop ${stop.stop_price!.toFixed(2)} · 3 unit(s) · GTC`);
    await expect(card.getByTestId("card-notes")).toContainText("sells 3 unit(s); after this close 2 remain");

    // Approved, it fills at the simulator; 2 spreads remain. Should the market move past the card's figures
    // meanwhile, the card refreshes and asks again: approve what it then shows.
    for (let attempt = 0; attempt < 3; attempt++) {
      await card.getByTestId("approve").click();
      await expect.poll(async () => (await card.count()) === 0 || (await card.getByTestId("card-error").count()) > 0, { timeout: 15_000 }).toBe(true);
      if ((await card.count()) === 0) break;
      await expect(card.getByTestId("card-error")).toContainText("market moved");
    }
    await expect
      .poll(async () => (await call<{ proposal: ProposalView }>(mcp, "get_order_status", { proposal_id: closed.proposal.id })).proposal.status, { timeout: 20_000 })
      .toBe("filled");
  } finally {
    await mcp.close();
  }
});
