/** Tools that look at the trader's account. */
import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { record } from "../schemas";
import type { Ib } from "../../ib";
import { failFrom, ok } from "../results";

const accountOutput = {
  accounts: z.array(
    record(
      "account, currency, accountType, netLiquidation, totalCash, buyingPower, availableFunds, excessLiquidity, grossPositionValue, initMarginReq, maintMarginReq, equityWithLoan (USD), pnl {daily, unrealized, realized}, asOf",
    ),
  ),
  positions: z.array(
    record(
      "account, conId, symbol, secType (STK, OPT), expiry (YYYYMMDD), strike, right (C/P), multiplier, currency, quantity (negative = short), averageCost (per share; per contract for options), pnl {value (market value now), daily, unrealized, realized}",
    ),
  ),
  simulated: z.boolean().describe("true when the account is SumpPump's built-in simulator"),
};

export function registerAccountTools(server: McpServer, deps: { ib: Ib; simulated: boolean }): void {
  server.registerTool(
    "get_account_summary",
    {
      description: "Net liquidation, cash, buying power, margin, today's P&L, and open positions with market value and P&L.",
      inputSchema: {},
      outputSchema: accountOutput,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async () => {
      try {
        const { accounts, positions } = await deps.ib.overview();
        return ok({ accounts, positions, simulated: deps.simulated });
      } catch (error) {
        return failFrom(error);
      }
    },
  );
}
