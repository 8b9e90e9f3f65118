/**
 * The MCP endpoint of the running app (simulator, migrations, Next) through the SDK's own client over HTTP.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, waitForConnected, type RunningApp } from "../testing/app-process";

let app: RunningApp;

beforeAll(async () => {
  app = await startApp();
  await waitForConnected(app.url);
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

async function client(headers: Record<string, string> = { Authorization: `Bearer ${app.token}` }): Promise<Client> {
  const mcp = new Client({ name: "sumppump-test", version: "1.0.0" });
  await mcp.connect(new StreamableHTTPClientTransport(new URL(`${app.url}/api/mcp`), { requestInit: { headers } }));
  return mcp;
}

const text = (result: CallToolResult): string => result.content.map((c) => (c.type === "text" ? c.text : "")).join("");

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

function post(headers: Record<string, string>): Promise<Response> {
  return fetch(`${app.url}/api/mcp`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(initialize),
  });
}

describe("MCP over HTTP", () => {
  it("lists the tools with schemas and read-only annotations", async () => {
    const mcp = await client();
    const { tools } = await mcp.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    for (const name of ["get_quote", "get_account_summary"]) {
      const tool = byName.get(name);
      expect(tool, name).toBeDefined();
      expect(tool!.description).toBeTruthy();
      expect(tool!.outputSchema).toBeDefined();
      expect(tool!.annotations?.readOnlyHint).toBe(true);
    }
    expect(byName.get("get_quote")!.inputSchema.required).toEqual(["symbol"]);
    await mcp.close();
  });

  it("get_quote returns a positive SPY price in structuredContent", async () => {
    const mcp = await client();
    const result = (await mcp.callTool({ name: "get_quote", arguments: { symbol: "spy" } })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const quote = result.structuredContent as { symbol: string; last?: number; bid?: number; ask?: number; simulated: boolean };
    expect(quote.symbol).toBe("SPY");
    expect(quote.last).toBeGreaterThan(0);
    expect(quote.ask).toBeGreaterThanOrEqual(quote.bid!);
    expect(quote.simulated).toBe(true);
    await mcp.close();
  });

  it("get_account_summary returns the simulated account", async () => {
    const mcp = await client();
    const result = (await mcp.callTool({ name: "get_account_summary", arguments: {} })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const content = result.structuredContent as { accounts: Array<{ netLiquidation?: number }>; positions: unknown[] };
    expect(content.accounts[0]?.netLiquidation).toBeGreaterThan(0);
    expect(Array.isArray(content.positions)).toBe(true);
    await mcp.close();
  });

  it.each([
    [{ symbol: "" }, /symbol must not be empty/],
    [{ symbol: "123!" }, /symbol must be a ticker/],
    [{ symbol: 42 }, /symbol must be a text ticker/],
    [{}, /symbol/],
  ])("get_quote %j is a tool error that says what is wrong", async (args, message) => {
    const mcp = await client();
    const result = (await mcp.callTool({ name: "get_quote", arguments: args })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(message);
    await mcp.close();
  });

  it("an unknown symbol is a tool error naming it, and the server carries on", async () => {
    const mcp = await client();
    const result = (await mcp.callTool({ name: "get_quote", arguments: { symbol: "ZZZZQ" } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("ZZZZQ");
    const after = (await mcp.callTool({ name: "get_quote", arguments: { symbol: "QQQ" } })) as CallToolResult;
    expect(after.isError).toBeFalsy();
    await mcp.close();
  });

  it("get_options_chain lists expiries, then quotes a compact window with greeks", async () => {
    const mcp = await client();
    const listing = (await mcp.callTool({ name: "get_options_chain", arguments: { symbol: "SPY" } })) as CallToolResult;
    expect(listing.isError).toBeFalsy();
    const { expiries } = listing.structuredContent as { expiries: Array<{ expiry: string; days_to_expiry: number }> };
    expect(expiries.length).toBeGreaterThan(10);
    const expiry = expiries.find((e) => e.days_to_expiry >= 20)!.expiry;

    const window = (await mcp.callTool({ name: "get_options_chain", arguments: { symbol: "SPY", expiry } })) as CallToolResult;
    expect(window.isError).toBeFalsy();
    const { chains, spot } = window.structuredContent as {
      spot: number;
      chains: Array<{ strikes: number[]; atm_iv: number; expected_move: { move: number }; calls: { bid: number[]; delta: number[] }; puts: { delta: number[] } }>;
    };
    const [chain] = chains;
    expect(chain!.strikes.length).toBe(17);
    expect(chain!.calls.bid).toHaveLength(17);
    expect(chain!.atm_iv).toBeGreaterThan(0.05);
    expect(chain!.expected_move.move).toBeGreaterThan(0);
    expect(chain!.calls.delta[0]!).toBeGreaterThan(chain!.calls.delta[16]!);
    expect(chain!.puts.delta.every((d) => d < 0)).toBe(true);
    expect(chain!.strikes[0]!).toBeLessThan(spot);
    // Small enough for a model's context: well under 8k tokens (≈ 4 characters a token).
    expect(JSON.stringify(window.structuredContent).length).toBeLessThan(12_000);
    // IV rank and percentile against the simulator's year of daily 30-day implied volatility.
    const { iv_rank, iv_percentile, iv_note } = window.structuredContent as { iv_rank: number | null; iv_percentile: number | null; iv_note?: string };
    expect(iv_note).toBeUndefined();
    expect(iv_rank).toBeGreaterThanOrEqual(0);
    expect(iv_rank).toBeLessThanOrEqual(1);
    expect(iv_percentile).toBeGreaterThanOrEqual(0);
    expect(iv_percentile).toBeLessThanOrEqual(1);
    await mcp.close();
  });

  it.each([
    [{ symbol: "SPY", expiry: "20991231" }, /no options expiring on 20991231/],
    [{ symbol: "SPY", expiry: "tomorrow" }, /expiry must be a date/],
    [{ symbol: "SPY", expiry: "20261218", strikes_each_side: 1000 }, /at most 50/],
    [{ symbol: "SPY", expiry: "20261218", strikes_each_side: "ten" }, /strikes_each_side must be a number/],
    [{ symbol: "SPY", expiry: Array.from({ length: 13 }, (_, i) => `202701${String(i + 10)}`) }, /at most 12 expiries/],
    [{ symbol: "SPY", cursor: "chain1.bm90IGEgY3Vyc29y" }, /cursor is not a next_cursor/],
    [{ symbol: "ZZZZQ" }, /ZZZZQ/],
  ])("get_options_chain %j is a tool error that says how to fix it", async (args, message) => {
    const mcp = await client();
    const result = (await mcp.callTool({ name: "get_options_chain", arguments: args })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(message);
    await mcp.close();
  });

  it("get_options_chain pages a large window: every page shows the first page's strikes, the last has no cursor", async () => {
    const mcp = await client();
    const listing = (await mcp.callTool({ name: "get_options_chain", arguments: { symbol: "SPY" } })) as CallToolResult;
    const { expiries } = listing.structuredContent as { expiries: Array<{ expiry: string }> };
    const wanted = expiries.slice(2, 5).map((e) => e.expiry);
    type Page = { page?: string; next_cursor?: string; chains: Array<{ expiry: string; strikes: number[]; calls: { bid: unknown[] } }> };
    const first = (await mcp.callTool({ name: "get_options_chain", arguments: { symbol: "SPY", expiry: wanted, strikes_each_side: 20 } })) as CallToolResult;
    expect(first.isError, text(first)).toBeFalsy();
    const one = first.structuredContent as Page;
    // 41 strikes of calls and puts are 82 contracts an expiry: two expiries fit a page.
    expect(one.page).toBe("1 of 2");
    expect(one.chains.map((c) => c.expiry)).toEqual(wanted.slice(0, 2));
    expect(one.chains[0]!.strikes).toHaveLength(41);
    expect(JSON.stringify(one).length).toBeLessThan(16_000);

    const foreign = (await mcp.callTool({ name: "get_options_chain", arguments: { symbol: "QQQ", cursor: one.next_cursor } })) as CallToolResult;
    expect(foreign.isError).toBe(true);
    expect(text(foreign)).toMatch(/belongs to SPY/);
    const tampered = one.next_cursor!.replace(/^chain2\./, "chain2.x");
    expect(((await mcp.callTool({ name: "get_options_chain", arguments: { symbol: "SPY", cursor: tampered } })) as CallToolResult).isError).toBe(true);

    const second = (await mcp.callTool({ name: "get_options_chain", arguments: { symbol: "SPY", cursor: one.next_cursor } })) as CallToolResult;
    expect(second.isError, text(second)).toBeFalsy();
    const two = second.structuredContent as Page;
    expect(two.page).toBe("2 of 2");
    expect(two.next_cursor).toBeUndefined();
    expect(two.chains.map((c) => c.expiry)).toEqual(wanted.slice(2));
    expect(two.chains[0]!.strikes).toEqual(one.chains[0]!.strikes);
    expect(two.chains[0]!.calls.bid.every((b) => typeof b === "number")).toBe(true);
    await mcp.close();
  });

  it("get_historical_data returns recent daily bars and a volatility summary", async () => {
    const mcp = await client();
    const result = (await mcp.callTool({ name: "get_historical_data", arguments: { symbol: "AAPL", duration: "1 Y", bar_size: "1 day", max_bars: 30 } })) as CallToolResult;
    expect(result.isError, text(result)).toBeFalsy();
    const { summary, bars, truncated } = result.structuredContent as {
      summary: { bars: number; last_close: number; high: number; low: number; historical_volatility_20: number };
      bars: { time: string[]; close: number[]; high: number[]; low: number[] };
      truncated: boolean;
    };
    expect(summary.bars).toBeGreaterThan(200);
    expect(bars.close).toHaveLength(30);
    expect(truncated).toBe(true);
    expect(bars.time[0]! < bars.time[29]!).toBe(true);
    expect(bars.close.at(-1)).toBe(summary.last_close);
    for (let i = 0; i < 30; i++) expect(bars.high[i]!).toBeGreaterThanOrEqual(bars.low[i]!);
    expect(summary.high).toBeGreaterThanOrEqual(summary.low);
    expect(summary.historical_volatility_20).toBeGreaterThan(0.05);
    expect(summary.historical_volatility_20).toBeLessThan(1.5);
    await mcp.close();
  });

  it.each([
    [{ symbol: "AAPL", duration: "5 Y" }, /duration must be one of/],
    [{ symbol: "AAPL", bar_size: "1 sec" }, /bar_size must be one of/],
    [{ symbol: "AAPL", max_bars: -3 }, /max_bars must be at least 1/],
  ])("get_historical_data %j is a tool error that says what is allowed", async (args, message) => {
    const mcp = await client();
    const result = (await mcp.callTool({ name: "get_historical_data", arguments: args })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(message);
    await mcp.close();
  });

  async function spyExpiryAndStrikes(mcp: Client): Promise<{ expiry: string; strikes: number[]; spot: number }> {
    const listing = (await mcp.callTool({ name: "get_options_chain", arguments: { symbol: "SPY" } })) as CallToolResult;
    const { expiries } = listing.structuredContent as { expiries: Array<{ expiry: string; days_to_expiry: number }> };
    const expiry = expiries.find((e) => e.days_to_expiry >= 25)!.expiry;
    const window = (await mcp.callTool({ name: "get_options_chain", arguments: { symbol: "SPY", expiry, strikes_each_side: 6 } })) as CallToolResult;
    const { chains, spot } = window.structuredContent as { spot: number; chains: Array<{ strikes: number[] }> };
    return { expiry, strikes: chains[0]!.strikes, spot };
  }

  it("calculate_strategy prices a bull call spread exactly from the legs' own prices", async () => {
    const mcp = await client();
    const { expiry, strikes, spot } = await spyExpiryAndStrikes(mcp);
    const lower = strikes.find((k) => k >= spot)!;
    const upper = strikes[strikes.indexOf(lower) + 3]!;
    const result = (await mcp.callTool({
      name: "calculate_strategy",
      arguments: {
        symbol: "SPY",
        legs: [
          { type: "call", action: "buy", strike: lower, expiry, quantity: 2 },
          { type: "call", action: "sell", strike: upper, expiry, quantity: 2 },
        ],
      },
    })) as CallToolResult;
    expect(result.isError, text(result)).toBeFalsy();
    const a = result.structuredContent as {
      strategy: { name: string };
      legs: Array<{ price: number; bid: number; ask: number }>;
      net_debit: number;
      max_loss: number;
      max_profit: number;
      breakevens: number[];
      probability_of_profit: number;
      permission: { allowed: boolean };
      greeks: { delta: number };
      what_if: { init_margin_change: number; commission: number } | null;
      notes: string[];
    };
    expect(a.strategy.name).toBe("bull_call_spread");
    expect(a.what_if, a.notes.join(" ")).not.toBeNull();
    expect(a.what_if!.commission).toBeGreaterThan(0);
    expect(a.what_if!.init_margin_change).toBeGreaterThanOrEqual(0);
    const debit = (a.legs[0]!.price - a.legs[1]!.price) * 2 * 100;
    expect(a.net_debit).toBeCloseTo(debit, 1);
    expect(a.max_loss).toBeCloseTo(debit, 1);
    expect(a.max_profit).toBeCloseTo((upper - lower) * 200 - debit, 1);
    expect(a.breakevens).toHaveLength(1);
    expect(a.breakevens[0]!).toBeCloseTo(lower + debit / 200, 1);
    expect(a.probability_of_profit).toBeGreaterThan(0.05);
    expect(a.probability_of_profit).toBeLessThan(0.95);
    expect(a.permission.allowed).toBe(true);
    expect(a.greeks.delta).toBeGreaterThan(0);
    for (const leg of a.legs) expect(leg.price).toBeCloseTo((leg.bid + leg.ask) / 2, 2);
    await mcp.close();
  });

  it("calculate_strategy accepts legs as a JSON string and refuses a naked short call by policy", async () => {
    const mcp = await client();
    const { expiry, strikes } = await spyExpiryAndStrikes(mcp);
    const legs = JSON.stringify([{ type: "call", action: "sell", strike: strikes.at(-1), expiry, quantity: 1 }]);
    const result = (await mcp.callTool({ name: "calculate_strategy", arguments: { symbol: "SPY", legs } })) as CallToolResult;
    expect(result.isError, text(result)).toBeFalsy();
    const a = result.structuredContent as { unlimited_loss: boolean; max_loss: number | null; permission: { allowed: boolean; reason: string } };
    expect(a.unlimited_loss).toBe(true);
    expect(a.max_loss).toBeNull();
    expect(a.permission.allowed).toBe(false);
    expect(a.permission.reason).toMatch(/naked|uncovered|short/i);
    await mcp.close();
  });

  it.each([
    [{ symbol: "SPY", legs: [] }, /at least one leg/],
    [{ symbol: "SPY", legs: "not json" }, /legs must be an array/],
    [{ symbol: "SPY", legs: [{ type: "call", action: "buy", strike: 600, expiry: "20991231", quantity: 1 }] }, /no options expiring on 20991231/],
    [{ symbol: "SPY", legs: [{ type: "call", action: "buy", strike: 600, expiry: "20261218", quantity: -1 }] }, /quantity must be positive/],
    [{ symbol: "SPY", legs: [{ type: "call", action: "hold", strike: 600, expiry: "20261218", quantity: 1 }] }, /action must be "buy" or "sell"/],
    [{ symbol: "SPY", legs: [{ type: "call", action: "buy", strike: "600", expiry: "20261218", quantity: 1 }] }, /strike must be a number/],
  ])("calculate_strategy %j is a tool error that says what is wrong", async (args, message) => {
    const mcp = await client();
    const result = (await mcp.callTool({ name: "calculate_strategy", arguments: args })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(message);
    await mcp.close();
  });

  it("get_news lists headlines newest first and reads an article", async () => {
    const mcp = await client();
    const list = (await mcp.callTool({ name: "get_news", arguments: { symbol: "NVDA", limit: 5 } })) as CallToolResult;
    expect(list.isError, text(list)).toBeFalsy();
    const { headlines } = list.structuredContent as { headlines: Array<{ time: string; provider: string; article_id: string; headline: string }> };
    expect(headlines.length).toBeGreaterThan(0);
    expect(headlines.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < headlines.length; i++) expect(headlines[i - 1]!.time >= headlines[i]!.time).toBe(true);
    const first = headlines[0]!;
    expect(first.headline.length).toBeGreaterThan(5);
    const read = (await mcp.callTool({ name: "get_news", arguments: { article_id: first.article_id, provider: first.provider } })) as CallToolResult;
    expect(read.isError, text(read)).toBeFalsy();
    const { article } = read.structuredContent as { article: { text: string } };
    expect(article.text.length).toBeGreaterThan(20);
    expect(article.text).not.toMatch(/<[a-z]+>/i);
    const half = (await mcp.callTool({ name: "get_news", arguments: { article_id: first.article_id } })) as CallToolResult;
    expect(half.isError).toBe(true);
    expect(text(half)).toMatch(/both article_id and provider/);
    await mcp.close();
  });

  it("suggest_strategies ranks within the budget, and calculate_strategy confirms the leader's figures", async () => {
    const mcp = await client();
    const quote = (await mcp.callTool({ name: "get_quote", arguments: { symbol: "SPY" } })) as CallToolResult;
    const spot = (quote.structuredContent as { last: number }).last;
    const target = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    const progress: number[] = [];
    const result = (await mcp.callTool(
      { name: "suggest_strategies", arguments: { symbol: "SPY", view: "bullish", target_price: Math.round(spot * 1.04), target_date: target, max_debit: 1500 } },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    )) as CallToolResult;
    expect(result.isError, text(result)).toBeFalsy();
    type Suggested = { rank: number; strategy: string; net_debit: number; max_loss: number; max_profit: number | null; breakevens: number[]; pnl_at_target: number; why: string[]; legs: Array<Record<string, unknown>> };
    const { suggestions, view } = result.structuredContent as { suggestions: Suggested[]; view: Record<string, unknown> };
    expect(suggestions.length).toBeGreaterThan(0);
    suggestions.forEach((s, i) => {
      expect(s.rank).toBe(i + 1);
      expect(s.net_debit).toBeLessThanOrEqual(1500);
      expect(s.why.length).toBeGreaterThan(3);
      expect(s.strategy).not.toMatch(/put spread|Long put/i);
    });
    expect(progress.length).toBeGreaterThan(0);
    const top = suggestions[0]!;
    const calculated = (await mcp.callTool({ name: "calculate_strategy", arguments: { symbol: "SPY", legs: top.legs } })) as CallToolResult;
    expect(calculated.isError, text(calculated)).toBeFalsy();
    const c = calculated.structuredContent as { net_debit: number; max_loss: number; max_profit: number | null; breakevens: number[] };
    // Priced at the same legs' prices: the figures that depend only on them are identical.
    expect([c.net_debit, c.max_loss, c.max_profit, c.breakevens]).toEqual([top.net_debit, top.max_loss, top.max_profit, top.breakevens]);
    expect(view).toMatchObject({ price: Math.round(spot * 1.04), date: target });
    await mcp.close();
  });

  it("backtest_strategy replays a rule over a year of history and states its assumptions", async () => {
    const mcp = await client();
    const result = (await mcp.callTool({
      name: "backtest_strategy",
      arguments: { symbol: "QQQ", strategy: "bull_call_spread", period: "1 Y", days_to_expiry: 30, entry_every_days: 10, take_profit: 0.5 },
    })) as CallToolResult;
    expect(result.isError, text(result)).toBeFalsy();
    const r = result.structuredContent as {
      summary: { trades: number; win_rate: number; max_drawdown: number; total_pnl: number };
      equity_curve: Array<{ pnl: number }>;
      recent_trades: Array<{ pnl: number; debit: number }>;
      assumptions: string[];
    };
    expect(r.summary.trades).toBeGreaterThan(15);
    expect(r.summary.win_rate).toBeGreaterThanOrEqual(0);
    expect(r.summary.win_rate).toBeLessThanOrEqual(1);
    expect(r.summary.max_drawdown).toBeGreaterThanOrEqual(0);
    expect(r.equity_curve.length).toBeLessThanOrEqual(25);
    expect(r.equity_curve.at(-1)!.pnl).toBeCloseTo(r.summary.total_pnl, 0);
    for (const t of r.recent_trades) expect(t.pnl).toBeGreaterThanOrEqual(-t.debit - 0.01);
    expect(r.assumptions.join(" ")).toMatch(/realised volatility/);
    const bad = (await mcp.callTool({ name: "backtest_strategy", arguments: { symbol: "QQQ", strategy: "iron_condor" } })) as CallToolResult;
    expect(bad.isError).toBe(true);
    expect(text(bad)).toMatch(/strategy must be one of/);
    await mcp.close();
  });

  it("lists every tool within a small description budget", async () => {
    const mcp = await client();
    const { tools } = await mcp.listTools();
    // The whole tools/list stays small for a model's context: under ~6k tokens at the 3.9 characters per token
    // Claude's tokenizer counts for it. No "$schema" stamps: they tell a model nothing.
    expect(JSON.stringify(tools).length).toBeLessThan(23_400);
    expect(JSON.stringify(tools)).not.toContain("$schema");
    for (const tool of tools) {
      expect(tool.annotations?.readOnlyHint, tool.name).toBeTypeOf("boolean");
      expect(tool.description!.length, tool.name).toBeLessThan(300);
    }
    await mcp.close();
  });

  it("refuses a missing or wrong token with 401", async () => {
    expect((await post({})).status).toBe(401);
    expect((await post({ Authorization: "Bearer wrong-token-wrong-token-wrong" })).status).toBe(401);
    expect((await post({ Authorization: `Basic ${app.token}` })).status).toBe(401);
    await expect(client({})).rejects.toThrow();
    expect((await post({ Authorization: `Bearer ${app.token}` })).status).toBe(200);
  });

  it("refuses a foreign Origin with 403, even with the right token", async () => {
    const response = await post({ Authorization: `Bearer ${app.token}`, Origin: "http://evil.example" });
    expect(response.status).toBe(403);
  });

  it("answers GET and DELETE with 405", async () => {
    for (const method of ["GET", "DELETE"]) {
      const response = await fetch(`${app.url}/api/mcp`, { method, headers: { Authorization: `Bearer ${app.token}` } });
      expect(response.status, method).toBe(405);
    }
  });
});
