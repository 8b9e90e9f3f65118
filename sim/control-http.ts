import http from "node:http";
import type { SimulatorControl } from "./control";
import type { Entitlement } from "./simulator";

const ENTITLEMENTS = new Set(["live", "delayed", "none", "partial"]);

/**
 * The control interface over loopback HTTP, for tests that run the simulator as a separate process.
 * POST /drop-connections, /connectivity-lost, /connectivity-restored?dataMaintained=1, /pause-market-data,
 * /resume-market-data, /latency?ms=N, /reject-next-order?reason=TEXT, /stop-filling, /resume-filling,
 * /entitlement?symbol=S&value=live|delayed|none|partial, /advance-time?ms=N, /speed?x=N, /forget-executions,
 * /forget-completed-orders, /restart;
 * GET /status.
 */
export function startControlServer(control: SimulatorControl, port: number, host = "127.0.0.1"): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://control");
    const q = url.searchParams;
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const num = (name: string): number | undefined => {
      const v = q.get(name);
      if (v === null || v.trim() === "" || !Number.isFinite(Number(v))) return undefined;
      return Number(v);
    };
    if (req.method === "GET" && url.pathname === "/status") {
      reply(200, { clients: control.connectedClients(), now: new Date(control.now()).toISOString() });
      return;
    }
    if (req.method !== "POST") {
      reply(405, { error: "use POST for control actions, GET only for /status" });
      return;
    }
    const actions: Record<string, () => unknown> = {
      "/drop-connections": () => control.dropAllConnections(),
      "/connectivity-lost": () => control.connectivityLost(),
      "/connectivity-restored": () => control.connectivityRestored(q.get("dataMaintained") === "1" || q.get("dataMaintained") === "true"),
      "/pause-market-data": () => control.pauseMarketData(),
      "/resume-market-data": () => control.resumeMarketData(),
      "/stop-filling": () => control.stopFilling(),
      "/resume-filling": () => control.resumeFilling(),
      "/reject-next-order": () => control.rejectNextOrder(q.get("reason") ?? undefined),
      "/forget-executions": () => control.forgetExecutions(),
      "/forget-completed-orders": () => control.forgetCompletedOrders(),
      "/restart": () => control.restart(),
    };
    const run = async (): Promise<void> => {
      const action = actions[url.pathname];
      if (action) {
        await action();
        reply(200, { ok: true });
        return;
      }
      if (url.pathname === "/latency" && num("ms") !== undefined) {
        control.setLatency(num("ms") ?? 0);
      } else if (url.pathname === "/advance-time" && (num("ms") ?? -1) >= 0) {
        control.advanceTime(num("ms") ?? 0);
      } else if (url.pathname === "/speed" && (num("x") ?? 0) > 0) {
        control.setSpeed(num("x") ?? 1);
      } else if (url.pathname === "/entitlement" && q.get("symbol") && ENTITLEMENTS.has(q.get("value") ?? "")) {
        control.setEntitlement(q.get("symbol") ?? "", q.get("value") as Entitlement);
      } else {
        reply(400, { error: `unknown action or bad parameters: ${url.pathname}${url.search}` });
        return;
      }
      reply(200, { ok: true });
    };
    run().catch((err: unknown) => reply(500, { error: (err as Error).message }));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
