/**
 * npm run sim -- [options]: runs the TWS simulator until SIGINT/SIGTERM. Prints
 * "TWS simulator listening on HOST:PORT" once it accepts connections.
 */
import { parseArgs } from "node:util";
import { startSimulator } from "./server";
import type { Entitlement } from "./simulator";
import { CHAOS_KINDS, type ChaosKind } from "./messiness/chaos";
import { parseTimeOfDay } from "./messiness/daily-restart";

const HELP = `Usage: npm run sim -- [options]

A TWS API server (socket protocol, server versions 100-193, whichever the client
negotiates) with a synthetic US options market.
Connect any TWS API client to it as to TWS; see docs/simulator.md for what it models.

Network
  --port N                TCP port for API clients (default 7497, TWS paper; 0 = any free port)
  --host ADDR             interface to listen on (default 127.0.0.1)
  --control-port N        also serve the control interface over HTTP on 127.0.0.1:N (every
                          action is a POST; GET /status and GET /chaos read state):
                            /drop-connections, /restart?downMs=N,
                            /daily-restart?at=HH:MM&downMs=N, /cancel-daily-restart,
                            /hang?seconds=N, /latency?ms=N,
                            /connectivity-lost, /connectivity-restored?dataMaintained=1,
                            /connectivity-cycle?downMs=N&dataMaintained=1,
                            /farm?farm=market|hmds|secdef&state=broken|ok|inactive,
                            /competing-live-session?ms=N,
                            /data-advisory?symbol=S&code=10089|10090|10091|10167|354|10168,
                            /delayed-data?symbol=S&on=1|0 (no symbol: every symbol),
                            /take-order-ids?count=N, /competing-order?symbol=S&orderId=N,
                            /cancel-competing-order,
                            /chaos?seed=N&intervalMs=N&maxOutageMs=N&kinds=K,K, /chaos-stop,
                            /pause-market-data, /resume-market-data, /reject-next-order?reason=T,
                            /stop-filling, /resume-filling, /entitlement?symbol=S&value=V,
                            /advance-time?ms=N, /speed?x=N, /forget-executions,
                            /forget-completed-orders

Market
  --seed N                market seed: the same seed and simulated time give the same chains
                          and prices (default 1)
  --start-time ISO        simulated time at start, e.g. 2025-03-24T14:30:00Z (default: now)
  --speed X               simulated seconds per real second (default 1)
  --market-data MODE      entitlement of every symbol: live | delayed | none | partial
                          (default live; delayed answers 354 live / 10167 delayed)
  --entitlement SYM=MODE  entitlement of one symbol (repeatable), e.g. --entitlement TSLA=delayed

Timing (real milliseconds; defaults follow IB's documented sampling)
  --stock-interval MS     update interval of a stock line (default 250)
  --option-interval MS    update interval of an option line (default 100)
  --first-tick MS         delay from request to first ticks (default 60)

Account and trading
  --account ID            account id (default DU1234567)
  --cash USD              starting cash (default 1000000)
  --state-file PATH       keep account, orders and executions in PATH across restarts
  --enforce-rth           hold orders outside regular trading hours

Messiness (as a real TWS misbehaves)
  --chaos SEED            inject faults at random, the same ones at the same times for a seed:
                          order ids taken by a competing client, its orders, data advisories,
                          farm notices, 10197, 1100/1101/1102 cycles, delayed spells, hangs,
                          dropped connections, restarts
  --chaos-interval MS     mean real time between two chaos events (default 20000)
  --chaos-max-outage MS   longest hang, connectivity loss, delayed spell or restart (default 15000)
  --chaos-kinds K,K       only these kinds: ${CHAOS_KINDS.join(", ")}
  --daily-restart HH:MM   restart every simulated day at this US/Eastern time, as TWS's
                          auto-restart does
  --restart-down MS       how long a restart refuses connections (default 60000)

Other
  --verbose               log requests and events to stderr
  --help                  show this help
`;

const MODES = new Set(["live", "delayed", "none", "partial"]);

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${HELP}`);
  process.exit(2);
}

function numberArg(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) fail(`--${name} expects a number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "control-port": { type: "string" },
        seed: { type: "string" },
        "start-time": { type: "string" },
        speed: { type: "string" },
        "market-data": { type: "string" },
        entitlement: { type: "string", multiple: true },
        "stock-interval": { type: "string" },
        "option-interval": { type: "string" },
        "first-tick": { type: "string" },
        account: { type: "string" },
        cash: { type: "string" },
        "state-file": { type: "string" },
        "enforce-rth": { type: "boolean" },
        chaos: { type: "string" },
        "chaos-interval": { type: "string" },
        "chaos-max-outage": { type: "string" },
        "chaos-kinds": { type: "string" },
        "daily-restart": { type: "string" },
        "restart-down": { type: "string" },
        verbose: { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const mode = values["market-data"];
  if (mode !== undefined && !MODES.has(mode)) fail(`--market-data expects live, delayed, none or partial`);
  const entitlements: Record<string, Entitlement> = {};
  for (const e of values.entitlement ?? []) {
    const [symbol, value] = e.split("=");
    if (!symbol || !value || !MODES.has(value)) fail(`--entitlement expects SYMBOL=live|delayed|none|partial, got "${e}"`);
    entitlements[symbol.toUpperCase()] = value as Entitlement;
  }
  const timing: Record<string, number> = {};
  const stockInterval = numberArg("stock-interval", values["stock-interval"]);
  const optionInterval = numberArg("option-interval", values["option-interval"]);
  const firstTick = numberArg("first-tick", values["first-tick"]);
  if (stockInterval !== undefined) timing.stockIntervalMs = stockInterval;
  if (optionInterval !== undefined) timing.optionIntervalMs = optionInterval;
  if (firstTick !== undefined) timing.firstTickDelayMs = firstTick;
  const chaosSeed = numberArg("chaos", values.chaos);
  const chaosInterval = numberArg("chaos-interval", values["chaos-interval"]);
  const chaosMaxOutage = numberArg("chaos-max-outage", values["chaos-max-outage"]);
  if (chaosInterval !== undefined && !(chaosInterval > 0)) fail("--chaos-interval expects a positive number of ms");
  const chaosKinds = (values["chaos-kinds"] ?? "").split(",").filter((k) => k !== "");
  for (const k of chaosKinds) if (!(CHAOS_KINDS as readonly string[]).includes(k)) fail(`--chaos-kinds: unknown kind "${k}"`);
  const dailyRestart = values["daily-restart"];
  if (dailyRestart !== undefined && parseTimeOfDay(dailyRestart) === undefined) fail(`--daily-restart expects HH:MM, got "${dailyRestart}"`);
  const restartDown = numberArg("restart-down", values["restart-down"]);
  const handle = await startSimulator({
    port: numberArg("port", values.port) ?? 7497,
    host: values.host ?? "127.0.0.1",
    controlPort: numberArg("control-port", values["control-port"]),
    seed: numberArg("seed", values.seed),
    startTime: values["start-time"],
    speed: numberArg("speed", values.speed),
    defaultEntitlement: mode as Entitlement | undefined,
    entitlements,
    timing,
    accountId: values.account,
    initialCash: numberArg("cash", values.cash),
    stateFile: values["state-file"],
    enforceRegularHours: values["enforce-rth"] ?? false,
    log: values.verbose ? (line) => process.stderr.write(`[sim] ${line}\n`) : undefined,
  });
  if (dailyRestart !== undefined) handle.control.scheduleDailyRestart(dailyRestart, restartDown ?? 60_000);
  if (chaosSeed !== undefined) {
    handle.control.startChaos(chaosSeed, {
      ...(chaosInterval !== undefined ? { intervalMs: chaosInterval } : {}),
      ...(chaosMaxOutage !== undefined ? { maxOutageMs: Math.max(0, chaosMaxOutage) } : {}),
      ...(chaosKinds.length > 0 ? { kinds: chaosKinds as ChaosKind[] } : {}),
    });
  }
  process.stdout.write(`TWS simulator listening on ${handle.host}:${handle.port}\n`);
  if (handle.controlPort !== undefined) process.stdout.write(`Control interface on http://127.0.0.1:${handle.controlPort}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void handle.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`TWS simulator failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
