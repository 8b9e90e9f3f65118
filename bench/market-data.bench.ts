/**
 * Market data at the speed TWS allows: time to a complete option-chain window through lib/ib, against the
 * lower bound TWS's own limits impose and against the naive approach (one snapshot after another); then the
 * MCP endpoint's latency (p50/p99) for get_quote and calculate_strategy, sequential and 16 clients at once.
 * Runs against the simulator with its default (realistic) latencies.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { EventName, IBApi, OptionType, SecType } from "@stoqey/ib";
import { Ib } from "../lib/ib/ib";
import { startApp, waitForConnected } from "../lib/testing/app-process";
import { startSimulator } from "../sim/server";

const TWS_MESSAGES_PER_SECOND = 50;
const TWS_MARKET_DATA_LINES = 100;
const OWN_MESSAGES_PER_SECOND = 45;
const OWN_MARKET_DATA_LINES = 90;

async function naiveSnapshots(port: number, symbol: string, expiry: string, strikes: number[], tradingClass: string): Promise<number> {
  const api = new IBApi({ host: "127.0.0.1", port, maxReqPerSec: 40 });
  await new Promise<void>((resolve) => {
    api.once(EventName.nextValidId, () => resolve());
    api.connect(77);
  });
  api.on(EventName.error, () => {});
  const started = performance.now();
  let reqId = 1;
  for (const right of [OptionType.Call, OptionType.Put]) {
    for (const strike of strikes) {
      const id = reqId++;
      await new Promise<void>((resolve) => {
        const done = (r: number) => r === id && (api.off(EventName.tickSnapshotEnd, done), resolve());
        api.on(EventName.tickSnapshotEnd, done);
        api.reqMktData(id, { symbol, secType: SecType.OPT, lastTradeDateOrContractMonth: expiry, strike, right, exchange: "SMART", currency: "USD", multiplier: 100, tradingClass }, "", true, false);
      });
    }
  }
  const elapsed = performance.now() - started;
  api.disconnect();
  return elapsed;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function chainBenchmarks(): Promise<void> {
  const sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 42 });
  const ib = new Ib({ host: "127.0.0.1", port: sim.port, clientId: 71, connectTimeoutMs: 5_000, requestTimeoutMs: 30_000 });
  ib.start();
  await ib.client.whenReady();
  const info = await ib.optionChainInfo("SPY");
  await ib.quote("SPY");

  console.log("Chain windows (SPY, simulator with default latencies):");
  for (const [label, expiries, each] of [
    ["1 expiry ± 15 strikes", info.expirations.slice(5, 6), 15],
    ["4 expiries ± 10 strikes", info.expirations.slice(5, 9), 10],
  ] as const) {
    await new Promise((r) => setTimeout(r, 1_500)); // let the send budget and lines settle
    const started = performance.now();
    const window = await ib.optionChainWindow({ symbol: "SPY", expiries: [...expiries], strikesEachSide: each });
    const ms = performance.now() - started;
    const contracts = window.expiries.reduce((n, e) => n + e.calls.length + e.puts.length, 0);
    // Every contract needs one request; beyond TWS's 100 lines, each further one also needs a cancel first.
    const messages = contracts + Math.max(0, contracts - TWS_MARKET_DATA_LINES);
    const boundMs = (messages / TWS_MESSAGES_PER_SECOND) * 1000;
    // SumpPump keeps below TWS's limits (45 messages/s evenly spaced, 90 lines) and asks for the spot first.
    const ownMessages = 1 + contracts + Math.max(0, contracts - OWN_MARKET_DATA_LINES);
    const ownFloorMs = ((ownMessages - 1) / OWN_MESSAGES_PER_SECOND) * 1000;
    console.log(
      `  ${label}: ${contracts} contracts in ${ms.toFixed(0)} ms; TWS bound ${boundMs.toFixed(0)} ms (${messages} messages ÷ 50/s, 100 lines); ratio ${(ms / boundMs).toFixed(2)}× the bound`,
    );
    console.log(
      `    (SumpPump's own margins, ${ownMessages} messages at 45/s with 90 lines, allow ${ownFloorMs.toFixed(0)} ms = ${(ownFloorMs / boundMs).toFixed(2)}× the bound before the last reply)`,
    );
    if (label.startsWith("1 expiry")) {
      const strikes = window.expiries[0]!.strikes;
      const naiveMs = await naiveSnapshots(sim.port, "SPY", expiries[0]!, strikes, info.tradingClass);
      console.log(`  naive (one snapshot after another, same ${strikes.length * 2} contracts): ${naiveMs.toFixed(0)} ms → lib/ib is ${(naiveMs / ms).toFixed(1)}× faster`);
    }
  }
  ib.stop();
  await sim.close();
}

async function mcpBenchmarks(): Promise<void> {
  const app = await startApp();
  try {
    await waitForConnected(app.url);
    const connect = async (): Promise<Client> => {
      const c = new Client({ name: "bench", version: "1" });
      await c.connect(new StreamableHTTPClientTransport(new URL(`${app.url}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${app.token}` } } }));
      return c;
    };
    const first = await connect();
    const listing = (await first.callTool({ name: "get_options_chain", arguments: { symbol: "SPY" } })).structuredContent as { expiries: Array<{ expiry: string; days_to_expiry: number }> };
    const expiry = listing.expiries.find((e) => e.days_to_expiry >= 25)!.expiry;
    const window = (await first.callTool({ name: "get_options_chain", arguments: { symbol: "SPY", expiry, strikes_each_side: 3 } })).structuredContent as { spot: number; chains: Array<{ strikes: number[] }> };
    const strikes = window.chains[0]!.strikes;
    const legs = [
      { type: "call", action: "buy", strike: strikes[3], expiry, quantity: 1 },
      { type: "call", action: "sell", strike: strikes[5], expiry, quantity: 1 },
    ];
    const calls = {
      get_quote: { name: "get_quote", arguments: { symbol: "SPY" } },
      calculate_strategy: { name: "calculate_strategy", arguments: { symbol: "SPY", legs } },
    };
    console.log("\nMCP latency from the SDK client over HTTP (app on the simulator):");
    for (const [name, call] of Object.entries(calls)) {
      const sequential: number[] = [];
      for (let i = 0; i < 30; i++) {
        const t = performance.now();
        await first.callTool(call);
        sequential.push(performance.now() - t);
      }
      const clients = await Promise.all(Array.from({ length: 16 }, connect));
      const concurrent: number[] = [];
      const started = performance.now();
      await Promise.all(
        clients.map(async (c) => {
          for (let i = 0; i < 5; i++) {
            const t = performance.now();
            await c.callTool(call);
            concurrent.push(performance.now() - t);
          }
        }),
      );
      const wall = performance.now() - started;
      await Promise.all(clients.map((c) => c.close()));
      console.log(
        `  ${name}: sequential p50 ${percentile(sequential, 50).toFixed(0)} ms, p99 ${percentile(sequential, 99).toFixed(0)} ms; ` +
          `16 clients p50 ${percentile(concurrent, 50).toFixed(0)} ms, p99 ${percentile(concurrent, 99).toFixed(0)} ms (${((concurrent.length / wall) * 1000).toFixed(1)} calls/s)`,
      );
    }
    await first.close();
  } finally {
    await app.stop();
  }
}

async function main(): Promise<void> {
  await chainBenchmarks();
  await mcpBenchmarks();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
