/** The process-wide trading desk, kept on globalThis so the instrumentation hook and every route share it. */
import { getConfig } from "../config";
import { getDb } from "../db";
import { getIb } from "../ib";
import { logger } from "../log";
import { TradingDesk } from "./desk";

export { TradingDesk } from "./desk";
export { TradingError } from "../errors";
export type { ProposalView } from "./views";

const globalForDesk = globalThis as typeof globalThis & { sumppumpDesk?: TradingDesk };

export function getDesk(): TradingDesk {
  if (!globalForDesk.sumppumpDesk) {
    const config = getConfig();
    const desk = new TradingDesk({
      db: getDb(),
      ib: getIb(),
      log: logger("trading"),
      proposalTtlMs: config.SUMPPUMP_PROPOSAL_TTL_MINUTES * 60_000,
      maxDrift: config.SUMPPUMP_MAX_DRIFT_PCT / 100,
      limitBandPct: config.SUMPPUMP_LIMIT_BAND_PCT,
      limits: {
        maxContracts: config.SUMPPUMP_MAX_CONTRACTS,
        maxLossPerTrade: config.SUMPPUMP_MAX_LOSS_PER_TRADE,
        maxNotional: config.SUMPPUMP_MAX_NOTIONAL,
        dailyLossLimit: config.SUMPPUMP_DAILY_LOSS_LIMIT,
      },
      mcpMayCancelWorking: config.SUMPPUMP_MCP_MAY_CANCEL_WORKING,
      killSwitchAtStart: config.SUMPPUMP_KILL_SWITCH,
    });
    globalForDesk.sumppumpDesk = desk;
    void desk.start();
  }
  return globalForDesk.sumppumpDesk;
}
