import type http from "node:http";
import net from "node:net";
import { startControlServer } from "./control-http";
import { Connection } from "./connection";
import { SimulatorControl } from "./control";
import { DEFAULT_HISTORICAL_PACING, DEFAULT_LIMITS, type HistoricalPacingSettings, type LimitSettings } from "./limits";
import { DEFAULT_FEED_TIMING, type FeedTiming } from "./market-data/feed";
import { DEFAULT_CONFIG, type Entitlement, Simulator } from "./simulator";

export interface SimulatorOptions {
  /** TCP port; 0 picks a free one. Default 7497 (TWS paper trading). */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Seed of the synthetic market: same seed and same simulated time give the same chains and prices. */
  seed?: number;
  /** Simulated time at start (epoch ms, Date or ISO string). Default: now. */
  startTime?: number | Date | string;
  /** Simulated milliseconds per real millisecond. Default 1 (real time). */
  speed?: number;
  /** Account id reported in managedAccounts. Default DU1234567 (a paper account). */
  accountId?: string;
  /** Starting cash in USD. Default 1,000,000 (IBKR's paper-account default). */
  initialCash?: number;
  /** Market-data timing overrides (real milliseconds). */
  timing?: Partial<FeedTiming>;
  /** TWS limit overrides (messages per second, market-data lines). */
  limits?: Partial<LimitSettings>;
  /** Historical-data pacing overrides (identical-request window, requests per window, open requests). */
  historicalPacing?: Partial<HistoricalPacingSettings>;
  /** Hold orders outside regular trading hours (default false: the simulated market always trades). */
  enforceRegularHours?: boolean;
  /** Real ms between matching passes over working orders (default 50). */
  matchIntervalMs?: number;
  /** Market-data entitlement per symbol ("live", "delayed", "none", "partial"); others get defaultEntitlement. */
  entitlements?: Record<string, Entitlement>;
  /** Entitlement of every other symbol (default "live"). */
  defaultEntitlement?: Entitlement;
  /** JSON file keeping account, orders and executions across restarts (created if missing). */
  stateFile?: string;
  /** Also serve the control interface over loopback HTTP on this port (0 = any free port). */
  controlPort?: number;
  /** Receives one line per notable event; default: silent. */
  log?: (line: string) => void;
}

export interface SimulatorHandle {
  readonly host: string;
  readonly port: number;
  /** Test control and fault injection. */
  readonly control: SimulatorControl;
  /** The simulator's internals, for white-box tests. */
  readonly simulator: Simulator;
  /** Port of the HTTP control interface, when started with controlPort. */
  readonly controlPort: number | undefined;
  /** Stops listening and closes every client. */
  close(): Promise<void>;
}

function toEpoch(t: number | Date | string | undefined): number | undefined {
  if (t === undefined) return undefined;
  if (typeof t === "number") return t;
  const ms = (typeof t === "string" ? new Date(t) : t).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`invalid startTime: ${String(t)}`);
  return ms;
}

function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      const addr = server.address();
      resolve(typeof addr === "object" && addr ? addr.port : port);
    });
  });
}

/** Starts a TWS API server (server versions 100-193) backed by a synthetic options market. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const host = options.host ?? "127.0.0.1";
  const sim = new Simulator({
    ...DEFAULT_CONFIG,
    seed: options.seed ?? DEFAULT_CONFIG.seed,
    accountId: options.accountId ?? DEFAULT_CONFIG.accountId,
    initialCash: options.initialCash ?? DEFAULT_CONFIG.initialCash,
    startTime: toEpoch(options.startTime),
    speed: options.speed ?? 1,
    timing: { ...DEFAULT_FEED_TIMING, ...options.timing },
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    historicalPacing: { ...DEFAULT_HISTORICAL_PACING, ...options.historicalPacing },
    enforceRegularHours: options.enforceRegularHours ?? false,
    matchIntervalMs: options.matchIntervalMs ?? DEFAULT_CONFIG.matchIntervalMs,
    stateFile: options.stateFile,
    defaultEntitlement: options.defaultEntitlement ?? "live",
    log: options.log ?? DEFAULT_CONFIG.log,
  });
  for (const [symbol, e] of Object.entries(options.entitlements ?? {})) sim.entitlements.set(symbol.toUpperCase(), e);
  let nextConnectionId = 1;
  const sockets = new Set<net.Socket>();
  const makeServer = (): net.Server =>
    net.createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      sim.addConnection(new Connection(socket, sim, nextConnectionId++));
    });

  let server = makeServer();
  const port = await listen(server, options.port ?? 7497, host);

  const closeServer = async (): Promise<void> => {
    for (const c of [...sim.connections]) c.destroy();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  let closed = false;
  const restart = async (downForMs: number): Promise<void> => {
    await closeServer();
    sim.feed.clear();
    sim.subscriptions.clear();
    // While TWS is down its port refuses connections.
    if (downForMs > 0) await new Promise((resolve) => setTimeout(resolve, downForMs));
    if (closed) return;
    server = makeServer();
    await listen(server, port, host);
  };

  const control = new SimulatorControl(sim, restart);
  let controlServer: http.Server | undefined;
  if (options.controlPort !== undefined) controlServer = await startControlServer(control, options.controlPort, "127.0.0.1");
  const controlAddr = controlServer?.address();
  return {
    host,
    port,
    control,
    simulator: sim,
    controlPort: typeof controlAddr === "object" && controlAddr ? controlAddr.port : undefined,
    close: async () => {
      closed = true;
      control.close();
      if (controlServer) {
        controlServer.closeAllConnections();
        await new Promise<void>((resolve) => controlServer?.close(() => resolve()));
      }
      await closeServer();
      sim.close();
    },
  };
}
