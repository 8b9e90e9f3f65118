/** Builds the MCP server with every tool SumpPump offers. Stateless: one per HTTP request. */
import { McpServer } from "@modelcontextprotocol/server";
import type { Ib } from "../ib";
import type { TradingDesk } from "../trading/desk";
import { accountMarker } from "../ib/account-kind";
import { markAccountOnEveryResult } from "./account-marker";
import { markEveryResult } from "./connection-marker";
import { registerAccountTools } from "./tools/account";
import { registerMarketDataTools } from "./tools/market-data";
import { registerOptionsChainTools } from "./tools/options-chain";
import { registerBacktestTools } from "./tools/backtest";
import { registerNewsTools } from "./tools/news";
import { registerStrategyTools } from "./tools/strategy";
import { registerSuggestTools } from "./tools/suggest";
import { registerTradingTools } from "./tools/trading";

export interface McpDeps {
  ib: Ib;
  /** Proposals and orders; the trading tools only propose, the trader approves in the inbox. */
  desk: TradingDesk;
  /** True in sim mode: every result says the market is simulated. */
  simulated: boolean;
  /** Origin of the web app as the MCP client reached it (e.g. http://localhost:8765), for links in results. */
  baseUrl?: string;
}

export const SERVER_INFO = { name: "sumppump", version: "0.1.0" } as const;

const INSTRUCTIONS =
  "SumpPump connects you to the trader's Interactive Brokers account. You can look (quotes, chains, account), " +
  "analyse, and propose trades with execute_trade; only the trader can approve an order, in SumpPump's browser " +
  "inbox. After a fill, offer a stop loss (set_stop_loss). " +
  "When results say simulated: true, the market is SumpPump's built-in simulator, not a real exchange. " +
  "Every result's `account` says which account it concerns: simulator, paper or live (real money). " +
  "Every result's `connection` says how the line to TWS stood when it answered: anything but \"ok\" (TWS disconnected, " +
  "not responding, its link to IB lost, a data farm broken) explains gaps and errors, and orders cannot be sent meanwhile.";

export function createMcpServer(deps: McpDeps): McpServer {
  // The tool list never changes while the server runs: no list_changed notifications to wait for.
  const server = new McpServer(SERVER_INFO, { instructions: INSTRUCTIONS, capabilities: { tools: { listChanged: false } } });
  // Installed in this order so that the account comes first in an error's text, the connection after its message.
  markAccountOnEveryResult(server, () => accountMarker(deps.simulated ? "sim" : "live", deps.ib.status().accounts));
  markEveryResult(server, deps.ib);
  registerMarketDataTools(server, deps);
  registerOptionsChainTools(server, deps);
  registerStrategyTools(server, deps);
  registerSuggestTools(server, deps);
  registerBacktestTools(server, deps);
  registerNewsTools(server, deps);
  registerAccountTools(server, deps);
  registerTradingTools(server, deps);
  return server;
}
