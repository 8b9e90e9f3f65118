/**
 * Fair pacing under concurrent load, through the running app against the simulator (in this process, reached by
 * the app over TCP as TWS would be):
 * - the chain page's heaviest view (every expiry, ±40 strikes, in the page's batches of two expiries, all at once);
 * - 16 MCP clients calling get_quote back to back;
 * - the trader's approvals (execute_trade, then approve) every couple of seconds.
 * It counts TWS error 100 (messages over TWS's rate, dropped) and the disconnects, prints get_quote p50/p99 while
 * the chain loads (target: p99 under 1 s) and approve → order at TWS, then closes the chain view (aborts its
 * requests) and measures how soon the app stops sending its messages.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { login, startApp, waitForConnected } from "../lib/testing/app-process";
import { startSimulator } from "../sim/server";

const LOAD_SECONDS = Number(process.env.PACING_LOAD_SECONDS ?? 40);
const MCP_CLIENTS = 16;
const QUOTE_SYMBOLS = ["SPY", "QQQ", "IWM", "AAPL", "MSFT", "NVDA", "TSLA", "AMZN"];

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const line = (label: string, ms: number[]): string =>
  `  ${label.padEnd(46)} p50 ${percentile(ms, 50).toFixed(0).padStart(6)} ms   p99 ${percentile(ms, 99).toFixed(0).padStart(6)} ms   max ${Math.max(...ms).toFixed(0).padStart(6)} ms   (n=${ms.length})`;

type Call = (name: string, args: Record<string, unknown>) => Promise<Record<string, unknown> & { isError?: boolean }>;

async function mcpClient(url: string, token: string): Promise<{ call: Call; close: () => Promise<void> }> {
  const client = new Client({ name: "bench-pacing", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return {
    call: async (name, args) => {
      const result = await client.callTool({ name, arguments: args });
      const text = (result.content as Array<{ type: string; text?: string }> | undefined)?.find((c) => c.type === "text")?.text;
      return { ...(result.structuredContent as Record<string, unknown>), isError: result.isError === true, ...(result.isError ? { text } : {}) };
    },
    close: () => client.close(),
  };
}

async function main(): Promise<void> {
  const sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 42 });
  // What TWS counts: every message the app's connection sends, and those refused with error 100.
  const arrivals: number[] = [];
  let refused = 0;
  const limits = sim.simulator.limits;
  const admit = limits.admitMessage.bind(limits);
  limits.admitMessage = (conn) => {
    arrivals.push(Date.now());
    const ok = admit(conn);
    if (!ok) refused++;
    return ok;
  };
  let disconnects = 0;
  const dir = mkdtempSync(path.join(tmpdir(), "sumppump-bench-pacing-"));
  const app = await startApp({
    SUMPPUMP_MODE: "live",
    IB_HOST: "127.0.0.1",
    IB_PORT: String(sim.port),
    DATABASE_URL: `file:${path.join(dir, "app.db")}`,
    SUMPPUMP_MAX_CONTRACTS: "1000",
    LOG_LEVEL: "info",
  });
  try {
    await waitForConnected(app.url);
    const cookie = await login(app);
    const clients = await Promise.all(Array.from({ length: MCP_CLIENTS }, () => mcpClient(app.url, app.token)));
    const { call } = clients[0]!;

    // A spread to propose and approve, as the trading bench does.
    const listing = (await call("get_options_chain", { symbol: "SPY" })) as unknown as { expiries: Array<{ expiry: string; days_to_expiry: number }> };
    const expiry = listing.expiries.find((e) => e.days_to_expiry >= 20)!.expiry;
    const window = (await call("get_options_chain", { symbol: "SPY", expiry, strikes_each_side: 6 })) as unknown as { spot: number; chains: Array<{ strikes: number[] }> };
    const strikes = window.chains[0]!.strikes;
    const atm = strikes.reduce((b, k) => (Math.abs(k - window.spot) < Math.abs(b - window.spot) ? k : b));
    const legs = [
      { type: "call", action: "buy", strike: atm, expiry, quantity: 1 },
      { type: "call", action: "sell", strike: strikes[strikes.indexOf(atm) + 5]!, expiry, quantity: 1 },
    ];
    const natural = ((await call("calculate_strategy", { symbol: "SPY", legs })) as unknown as { net_debit_natural: number }).net_debit_natural;
    const limit = Math.round((natural / 100 + 0.1) * 100) / 100;
    for (const s of QUOTE_SYMBOLS) await call("get_quote", { symbol: s });

    // The simulator runs in this process: a stall here delivers the app's evenly spaced messages to it in a bunch.
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    const baselineArrivals = arrivals.length;
    const refusedBefore = refused;
    const started = performance.now();
    const startedAt = Date.now();
    const deadline = started + LOAD_SECONDS * 1_000;

    // The chain page, "all expiries, ±40 strikes": its batches of two expiries, all requested at once.
    const expiries = (await (await fetch(`${app.url}/api/chain/SPY/expiries`, { headers: { Cookie: cookie } })).json()) as { expiries: Array<{ expiry: string }> };
    const all = expiries.expiries.slice(0, 40).map((e) => e.expiry);
    const pageClosed = new AbortController();
    let batchesDone = 0;
    let batchesFailed = 0;
    const batches: Promise<void>[] = [];
    for (let i = 0; i < all.length; i += 2) {
      const url = `${app.url}/api/chain/SPY?expiries=${all.slice(i, i + 2).join(",")}&strikesEachSide=40`;
      batches.push(
        fetch(url, { headers: { Cookie: cookie }, signal: pageClosed.signal })
          .then(async (r) => {
            await r.arrayBuffer();
            if (r.ok) batchesDone++;
            else batchesFailed++;
          })
          .catch(() => undefined),
      );
    }

    // 16 MCP clients asking for quotes back to back.
    const quoteMs: number[] = [];
    let quoteErrors = 0;
    const quoting = clients.map(async (client, i) => {
      let k = i;
      while (performance.now() < deadline) {
        const t = performance.now();
        const q = await client.call("get_quote", { symbol: QUOTE_SYMBOLS[k++ % QUOTE_SYMBOLS.length]! }).catch(() => ({ isError: true }));
        // A failed call counts with its time too (an MCP timeout is a minute of waiting).
        quoteMs.push(performance.now() - t);
        if (q.isError) quoteErrors++;
      }
    });

    // The trader approving a proposal every two seconds.
    const approveMs: number[] = [];
    let approvalsRefused = 0;
    const refusals: string[] = [];
    const approving = (async () => {
      while (performance.now() < deadline - 2_000) {
        const proposed = (await call("execute_trade", { symbol: "SPY", legs, order_type: "LMT", limit_price: limit }).catch((e: unknown) => ({ error: String(e) }))) as {
          proposal?: { id: string; content_hash: string; revision: number };
        };
        const proposal = proposed.proposal;
        if (!proposal) {
          approvalsRefused++;
          refusals.push(`execute_trade: ${JSON.stringify(proposed).slice(0, 300)}`);
          continue;
        }
        const sent = performance.now();
        const answer = fetch(`${app.url}/api/proposals/${proposal.id}/approve`, {
          method: "POST",
          headers: { Cookie: cookie, Origin: app.url, "Content-Type": "application/json" },
          body: JSON.stringify({ content_hash: proposal.content_hash, revision: proposal.revision }),
        });
        for (;;) {
          if ([...sim.simulator.orders.orders.values()].some((o) => o.req.orderRef === proposal.id)) {
            approveMs.push(performance.now() - sent);
            break;
          }
          if (performance.now() - sent > 10_000) break;
          await new Promise((r) => setTimeout(r, 1));
        }
        const answered = await answer;
        if (!answered.ok) {
          approvalsRefused++;
          refusals.push(`approve: ${(await answered.text()).slice(0, 300)}`);
        }
        await new Promise((r) => setTimeout(r, 2_000));
      }
    })();

    await Promise.all([...quoting, approving]);
    const loadEnded = performance.now();
    const chainStillLoading = batches.length - batchesDone - batchesFailed;
    // The tab closes: its requests are aborted; the app should stop asking TWS for their quotes.
    pageClosed.abort();
    const closedAt = Date.now();
    await new Promise((r) => setTimeout(r, 5_000));
    const afterClose = (from: number, to: number): number => arrivals.filter((t) => t >= closedAt + from && t < closedAt + to).length;
    disconnects = (app.output().match(/TWS connection down/g) ?? []).length;

    let peak = 0;
    for (let i = baselineArrivals, j = baselineArrivals; i < arrivals.length; i++) {
      while (arrivals[j]! <= arrivals[i]! - 1_000) j++;
      peak = Math.max(peak, i - j + 1);
    }
    const loadArrivals = arrivals.slice(baselineArrivals).filter((t) => t < closedAt).length;

    console.log(`Pacing under load for ${((loadEnded - started) / 1000).toFixed(0)} s (simulator, app on this machine):`);
    console.log(`  load: all ${all.length} SPY expiries ±40 strikes in ${batches.length} batches, ${MCP_CLIENTS} MCP clients on get_quote, an approval every 2 s`);
    console.log(line("get_quote while the chain view loads", quoteMs) + (quoteErrors ? `   ${quoteErrors} failed` : ""));
    console.log(line("approve → order at TWS (simulator)", approveMs) + (approvalsRefused ? `   ${approvalsRefused} refused` : ""));
    for (const why of new Set(refusals)) console.log(`  refused: ${why}`);
    console.log(`  chain batches: ${batchesDone} of ${batches.length} in, ${batchesFailed} failed, ${chainStillLoading} still loading when the tab closed`);
    console.log(`  messages at TWS: ${(loadArrivals / ((closedAt - startedAt) / 1000)).toFixed(1)}/s on average, peak ${peak} in one second`);
    console.log(`  after the tab closed: ${afterClose(0, 1_000)} messages in the first second, ${afterClose(2_000, 5_000)} in seconds 2–5`);
    console.log(`  reconnects: ${disconnects}; the simulator's event loop stalled up to ${(stalls.max / 1e6).toFixed(0)} ms (p99 ${(stalls.percentile(99) / 1e6).toFixed(0)} ms)`);
    if (refusedBefore > 0) console.log(`  (${refusedBefore} of them while the app connected and the bench set up, before the load)`);
    console.log(`pacing: ${refused} error 100`);
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  } finally {
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
