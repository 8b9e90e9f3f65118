/** The process-wide IB façade, kept on globalThis so that Next's dev reloads never open a second connection. */
import { getConfig, type Config } from "../config";
import { logger } from "../log";
import { Ib } from "./ib";

export { Ib } from "./ib";
export type { IbStatus, ConnectionState } from "./client";
export type { AccountSummary, Position, Quote, MarketDataKind } from "./types";

const globalForIb = globalThis as typeof globalThis & { sumppumpIb?: Ib };

/** Where TWS is: the built-in simulator's port in sim mode (set by `npm start`), IB_HOST:IB_PORT in live mode. */
export function ibEndpoint(config: Config): { host: string; port: number } {
  if (config.SUMPPUMP_MODE === "sim") return { host: "127.0.0.1", port: config.SUMPPUMP_SIM_PORT ?? config.IB_PORT };
  return { host: config.IB_HOST, port: config.IB_PORT };
}

export function getIb(): Ib {
  if (!globalForIb.sumppumpIb) {
    const config = getConfig();
    const ib = new Ib({
      ...ibEndpoint(config),
      clientId: config.IB_CLIENT_ID,
      connectTimeoutMs: config.IB_CONNECT_TIMEOUT_MS,
      requestTimeoutMs: config.IB_REQUEST_TIMEOUT_MS,
      marketDataFallback: config.SUMPPUMP_MARKET_DATA,
      chainTtlMs: config.SUMPPUMP_CHAIN_CACHE_SECONDS * 1000,
      log: logger("ib"),
    });
    ib.start();
    globalForIb.sumppumpIb = ib;
  }
  return globalForIb.sumppumpIb;
}
