import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { expect, test } from "./fixtures";
import type { ProposalView } from "../lib/trading/views";
import { E2E_MCP_TOKEN } from "../playwright.config";

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one run is enough");
});

const text = (r: CallToolResult): string => r.content.map((c) => (c.type === "text" ? c.text : "")).join("");
const num = (s: string | null): number => Number((s ?? "").replace(/[−–]/g, "-").replace(/[^0-9.\-]/g, ""));

async function mcpClient(baseURL: string): Promise<Client> {
  const client = new Client({ name: "sumppump-e2e-market", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/api/mcp", baseURL), { requestInit: { headers: { Authorization: `Bearer ${E2E_MCP_TOKEN}` } } }));
  return client;
}

async function call<T>(mcp: Client, name: string, args: Record<string, unknown>): Promise<T> {
  const result = (await mcp.callTool({ name, arguments: args })) as CallToolResult;
  expect(result.isError, text(result)).toBeFalsy();
  return result.structuredContent as T;
}

test("an off-market limit: the card and Claude see the market, an overpaying limit warns, one beyond the band is refused", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const mcp = await mcpClient(baseURL!);
  try {
    const chain = await call<{ expiries: Array<{ expiry: string; days_to_expiry: number }> }>(mcp, "get_options_chain", { symbol: "SPY" });
    const expiry = chain.expiries.find((e) => e.days_to_expiry >= 20)!.expiry;
    const spot = (await call<{ last: number }>(mcp, "get_quote", { symbol: "SPY" })).last;
    const window = await call<{ chains: Array<{ strikes: number[] }> }>(mcp, "get_options_chain", { symbol: "SPY", expiry, strikes_each_side: 6 });
    const strikes = window.chains[0]!.strikes;
    const atm = strikes.reduce((best, k) => (Math.abs(k - spot) < Math.abs(best - spot) ? k : best));
    const legs = [{ type: "call", action: "buy", strike: atm, expiry, quantity: 1 }];
    const calculated = await call<{ net_debit_natural: number }>(mcp, "calculate_strategy", { symbol: "SPY", legs });
    const natural = calculated.net_debit_natural / 100;

    // Far above the market (the 31.30 for a 13.10 call: more than twice the price): refused, nothing stored.
    const far = (await mcp.callTool({ name: "execute_trade", arguments: { symbol: "SPY", legs, limit_price: Math.round(natural * 240) / 100 } })) as CallToolResult;
    expect(far.isError).toBe(true);
    expect(text(far)).toMatch(/beyond the market: refused\. A limit between (\d+\.\d\d) and (\d+\.\d\d) is accepted/);
    const [, low, high] = /between (\d+\.\d\d) and (\d+\.\d\d)/.exec(text(far))!;
    expect(Number(low)).toBeLessThan(natural);
    expect(Number(high)).toBeGreaterThan(natural);

    // 0.50 over the natural: accepted, with the overpayment in Claude's result and on the card.
    const limit = Math.round((natural + 0.5) * 100) / 100;
    const proposed = await call<{ proposal: ProposalView; next_step: string }>(mcp, "execute_trade", { symbol: "SPY", legs, quantity: 2, limit_price: limit });
    const m = proposed.proposal.market!;
    expect(m.limit).toBe(limit);
    expect(m.natural! - m.mid!).toBeGreaterThan(0);
    const overpaying = m.warnings.find((w) => w.code === "overpaying")!;
    expect(overpaying.message).toContain(`${(limit - m.natural!).toFixed(2)} per unit (${((limit - m.natural!) * 200).toFixed(2)} USD in all)`);
    expect(proposed.next_step).toContain("Overpaying");
    expect(m.ticks_from_mid).toBe(Math.round((limit - m.mid!) * 100));
    const atMid = proposed.proposal.analysis.at_mid!;
    expect(proposed.proposal.analysis.max_loss).toBeCloseTo(limit * 200, 2);
    expect(atMid.max_loss).toBeCloseTo(m.mid! * 200, 0);

    await page.goto(`/inbox#${proposed.proposal.id}`);
    const card = page.locator(`[data-proposal-id="${proposed.proposal.id}"]`);
    await expect(card.getByTestId("market-panel")).toBeVisible({ timeout: 20_000 });
    const legRow = card.getByTestId("market-leg").first();
    const cells = legRow.locator("td");
    expect(num(await cells.nth(0).textContent())).toBeCloseTo(m.legs[0]!.bid!, 2);
    expect(num(await cells.nth(1).textContent())).toBeCloseTo(m.legs[0]!.ask!, 2);
    expect(num(await card.getByTestId("order-natural").textContent())).toBeCloseTo(m.natural!, 2);
    // The card shows the mid in cents; a mid of half a cent (10.165) shows either neighbour.
    expect(Math.abs(num(await card.getByTestId("order-mid").textContent()) - m.mid!)).toBeLessThanOrEqual(0.005 + 1e-9);
    await expect(card.getByTestId("limit-vs-market")).toContainText(`${m.ticks_from_mid} ticks above the mid · ${m.pct_of_natural!.toFixed(1)}% of natural`);
    await expect(card.getByTestId("market-warnings")).toContainText("Overpaying");
    expect(num(await card.getByTestId("max-loss").textContent())).toBeCloseTo(limit * 200, 0);
    expect(num(await card.getByTestId("max-loss-at-mid").textContent())).toBeCloseTo(atMid.max_loss!, 0);
    await expect(card.getByTestId("pop-at-mid")).toContainText("at the mid");
  } finally {
    await mcp.close();
  }
});
