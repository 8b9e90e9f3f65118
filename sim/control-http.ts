import http from "node:http";
import { COMPETING_CLIENT_ID, type SimulatorControl } from "./control";
import type { Entitlement } from "./simulator";
import { ADVISORY_CODES, type AdvisoryCode, CHAOS_KINDS, type ChaosKind, FARMS, type Farm } from "./messiness/chaos";

const ENTITLEMENTS = new Set(["live", "delayed", "none", "partial"]);
const FARM_STATES = new Set(["broken", "ok", "inactive"]);

class BadRequest extends Error {}

/** One control action: reads its query parameters (throwing BadRequest on bad ones) and returns a result. */
type Action = (q: Params) => unknown;

interface Params {
  str(name: string): string | undefined;
  /** A finite number, or `fallback` when absent; BadRequest when present but not a number or below `min`. */
  num(name: string, fallback?: number, min?: number): number;
  flag(name: string): boolean;
}

function params(q: URLSearchParams): Params {
  return {
    str: (name) => q.get(name) ?? undefined,
    num: (name, fallback, min = -Infinity) => {
      const v = q.get(name);
      if (v === null || v.trim() === "") {
        if (fallback === undefined) throw new BadRequest(`${name} is required`);
        return fallback;
      }
      const n = Number(v);
      if (!Number.isFinite(n) || n < min) throw new BadRequest(`${name} must be a number${min > -Infinity ? ` of at least ${min}` : ""}`);
      return n;
    },
    flag: (name) => q.get(name) === "1" || q.get(name) === "true",
  };
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[] | Set<string>, name: string): T {
  const ok = Array.isArray(allowed) ? (allowed as readonly string[]).includes(value ?? "") : (allowed as Set<string>).has(value ?? "");
  if (!ok) throw new BadRequest(`${name} must be one of ${[...allowed].join(", ")}`);
  return value as T;
}

/** POST actions; GET /status and GET /chaos read state. Documented in docs/simulator.md and the CLI help. */
function actions(control: SimulatorControl): Record<string, Action> {
  return {
    "/drop-connections": () => control.dropAllConnections(),
    "/connectivity-lost": () => control.connectivityLost(),
    "/connectivity-restored": (q) => control.connectivityRestored(q.flag("dataMaintained")),
    "/connectivity-cycle": (q) => control.connectivityCycle(q.num("downMs", 5000, 0), q.flag("dataMaintained")),
    "/pause-market-data": () => control.pauseMarketData(),
    "/resume-market-data": () => control.resumeMarketData(),
    "/stop-filling": () => control.stopFilling(),
    "/resume-filling": () => control.resumeFilling(),
    "/reject-next-order": (q) => control.rejectNextOrder(q.str("reason")),
    "/forget-executions": () => control.forgetExecutions(),
    "/forget-completed-orders": () => control.forgetCompletedOrders(),
    "/restart": (q) => control.restart(q.num("downMs", 0, 0)),
    "/daily-restart": (q) => control.scheduleDailyRestart(q.str("at") ?? "", q.num("downMs", 60_000, 0)),
    "/cancel-daily-restart": () => control.cancelDailyRestart(),
    "/latency": (q) => control.setLatency(q.num("ms")),
    "/advance-time": (q) => control.advanceTime(q.num("ms", undefined, 0)),
    "/speed": (q) => {
      const x = q.num("x");
      if (!(x > 0)) throw new BadRequest("x must be greater than 0");
      control.setSpeed(x);
    },
    "/entitlement": (q) => {
      const symbol = q.str("symbol");
      if (!symbol) throw new BadRequest("symbol is required");
      control.setEntitlement(symbol, oneOf<Entitlement>(q.str("value"), ENTITLEMENTS, "value"));
    },
    "/hang": (q) => control.hang(q.str("seconds") !== undefined ? q.num("seconds", undefined, 0) * 1000 : q.num("ms", undefined, 0)),
    "/farm": (q) => control.farmStatus(oneOf<Farm>(q.str("farm"), FARMS, "farm"), oneOf<"broken" | "ok" | "inactive">(q.str("state"), FARM_STATES, "state")),
    "/competing-live-session": (q) => control.competingLiveSession(q.num("ms", 5000, 0)),
    "/data-advisory": (q) => {
      const symbol = q.str("symbol");
      if (!symbol) throw new BadRequest("symbol is required");
      const code = q.num("code");
      if (!(ADVISORY_CODES as readonly number[]).includes(code)) throw new BadRequest(`code must be one of ${ADVISORY_CODES.join(", ")}`);
      control.dataAdvisory(symbol, code as AdvisoryCode);
    },
    "/delayed-data": (q) => control.setDelayedData(q.str("symbol"), q.str("on") === undefined ? true : q.flag("on")),
    "/take-order-ids": (q) => ({ orderIds: control.takeOrderIds(q.num("count", 1, 1), q.num("clientId", COMPETING_CLIENT_ID, 0)) }),
    "/competing-order": (q) => ({ orderId: control.placeCompetingOrder(q.str("symbol") ?? "SPY", q.str("orderId") ? q.num("orderId", undefined, 0) : undefined) }),
    "/cancel-competing-order": () => ({ orderId: control.cancelCompetingOrder() ?? null }),
    "/chaos": (q) => {
      const kinds = (q.str("kinds") ?? "").split(",").filter((k) => k !== "");
      for (const k of kinds) oneOf<ChaosKind>(k, CHAOS_KINDS, "kinds");
      control.startChaos(q.num("seed"), {
        ...(q.str("intervalMs") ? { intervalMs: q.num("intervalMs", undefined, 1) } : {}),
        ...(q.str("maxOutageMs") ? { maxOutageMs: q.num("maxOutageMs", undefined, 0) } : {}),
        ...(kinds.length > 0 ? { kinds: kinds as ChaosKind[] } : {}),
      });
    },
    "/chaos-stop": () => control.stopChaos(),
  };
}

/** The control interface over loopback HTTP, for tests that run the simulator as a separate process. */
export function startControlServer(control: SimulatorControl, port: number, host = "127.0.0.1"): Promise<http.Server> {
  const table = actions(control);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://control");
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "GET" && url.pathname === "/status") {
      reply(200, { clients: control.connectedClients(), now: new Date(control.now()).toISOString(), nextValidId: control.nextValidId() });
      return;
    }
    if (req.method === "GET" && url.pathname === "/chaos") {
      reply(200, { events: control.chaosLog });
      return;
    }
    if (req.method !== "POST") {
      reply(405, { error: "use POST for control actions, GET only for /status and /chaos" });
      return;
    }
    const action = table[url.pathname];
    if (!action) {
      reply(400, { error: `unknown action ${url.pathname}` });
      return;
    }
    const run = async (): Promise<void> => {
      const result = await action(params(url.searchParams));
      reply(200, { ok: true, ...(typeof result === "object" && result !== null ? result : {}) });
    };
    run().catch((err: unknown) => {
      if (err instanceof BadRequest || err instanceof RangeError) reply(400, { error: `${url.pathname}: ${err.message}` });
      else reply(500, { error: (err as Error).message });
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
