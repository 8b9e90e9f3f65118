/**
 * The approval loop's latency, p50/p99, through the running app (the simulator in this process, reached by the
 * app over TCP as TWS would be):
 * - proposal → inbox: from calling execute_trade (which analyses the trade and asks TWS for a what-if first) to
 *   the inbox's event stream announcing the stored proposal, and to the card being on screen in Chromium (the
 *   inbox page open, no reload); and the part after the proposal is stored: announcement → card on screen;
 * - approve → TWS: from the approval request leaving the browser side to the order arriving at the simulator.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { login, startApp, waitForConnected } from "../lib/testing/app-process";
import { startSimulator } from "../sim/server";

const ROUNDS = 30;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const line = (label: string, ms: number[]): string =>
  `  ${label.padEnd(44)} p50 ${percentile(ms, 50).toFixed(1).padStart(7)} ms   p99 ${percentile(ms, 99).toFixed(1).padStart(7)} ms   (n=${ms.length})`;

async function main(): Promise<void> {
  const sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 42 });
  const dir = mkdtempSync(path.join(tmpdir(), "sumppump-bench-trading-"));
  const app = await startApp({
    SUMPPUMP_MODE: "live",
    IB_HOST: "127.0.0.1",
    IB_PORT: String(sim.port),
    DATABASE_URL: `file:${path.join(dir, "app.db")}`,
    SUMPPUMP_MAX_CONTRACTS: "1000",
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  try {
    await waitForConnected(app.url);
    const cookie = await login(app);
    const mcp = new Client({ name: "bench", version: "1" });
    await mcp.connect(new StreamableHTTPClientTransport(new URL(`${app.url}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${app.token}` } } }));
    const call = async (name: string, args: Record<string, unknown>) => (await mcp.callTool({ name, arguments: args })).structuredContent as Record<string, unknown>;

    const listing = (await call("get_options_chain", { symbol: "SPY" })) as { expiries: Array<{ expiry: string; days_to_expiry: number }> };
    const expiry = listing.expiries.find((e) => e.days_to_expiry >= 20)!.expiry;
    const window = (await call("get_options_chain", { symbol: "SPY", expiry, strikes_each_side: 6 })) as { spot: number; chains: Array<{ strikes: number[] }> };
    const strikes = window.chains[0]!.strikes;
    const atm = strikes.reduce((b, k) => (Math.abs(k - window.spot) < Math.abs(b - window.spot) ? k : b));
    const legs = [
      { type: "call", action: "buy", strike: atm, expiry, quantity: 1 },
      { type: "call", action: "sell", strike: strikes[strikes.indexOf(atm) + 5]!, expiry, quantity: 1 },
    ];
    const natural = ((await call("calculate_strategy", { symbol: "SPY", legs })) as { net_debit_natural: number }).net_debit_natural;
    const limit = Math.round((natural / 100 + 0.1) * 100) / 100;

    // The inbox's event stream, read as a browser would, noting when each proposal is announced.
    const announced = new Map<string, number>();
    const events = await fetch(`${app.url}/api/events`, { headers: { Cookie: cookie } });
    const reader = events.body!.getReader();
    void (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        for (const match of decoder.decode(value).matchAll(/"proposalId":"(prp_[^"]+)"/g)) if (!announced.has(match[1]!)) announced.set(match[1]!, performance.now());
      }
    })();

    const context = await browser.newContext({ baseURL: app.url });
    const [name, value] = cookie.split(";")[0]!.split("=");
    await context.addCookies([{ name: name!, value: value!, url: app.url }]);
    const page = await context.newPage();
    await page.goto("/inbox");

    const toStream: number[] = [];
    const toScreen: number[] = [];
    const streamToScreen: number[] = [];
    const toTws: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now();
      const { proposal } = (await call("execute_trade", { symbol: "SPY", legs, order_type: "LMT", limit_price: limit })) as {
        proposal: { id: string; content_hash: string; revision: number };
      };
      await page.locator(`[data-testid="pending-card"][data-proposal-id="${proposal.id}"]`).waitFor({ timeout: 10_000 });
      toScreen.push(performance.now() - started);
      const streamAt = announced.get(proposal.id);
      if (streamAt !== undefined) {
        toStream.push(streamAt - started);
        streamToScreen.push(started + toScreen.at(-1)! - streamAt);
      }

      const sent = performance.now();
      const approval = fetch(`${app.url}/api/proposals/${proposal.id}/approve`, {
        method: "POST",
        headers: { Cookie: cookie, Origin: app.url, "Content-Type": "application/json" },
        body: JSON.stringify({ content_hash: proposal.content_hash, revision: proposal.revision }),
      });
      for (;;) {
        if ([...sim.simulator.orders.orders.values()].some((o) => o.req.orderRef === proposal.id)) break;
        await new Promise((r) => setImmediate(r));
      }
      toTws.push(performance.now() - sent);
      const answer = await approval;
      if (!answer.ok) throw new Error(`approval refused: ${await answer.text()}`);
    }
    console.log(`Approval loop (SPY bull call spread, ${ROUNDS} rounds; simulator, app and Chromium on this machine):`);
    console.log(line("execute_trade → event stream announces it", toStream));
    console.log(line("execute_trade → card on screen in /inbox", toScreen));
    console.log(line("stored and announced → card on screen", streamToScreen));
    console.log(line("approve request → order at TWS (simulator)", toTws));
    await reader.cancel().catch(() => {});
    await mcp.close();
  } finally {
    await browser.close();
    await app.stop();
    await sim.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
