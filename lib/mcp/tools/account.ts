/** Tools that look at the trader's account. */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { Ib } from "../../ib";
import { failFrom, ok } from "../results";

const money = z.number().optional();

const accountOutput = {
  accounts: z.array(
    z.object({
      account: z.string(),
      currency: z.string(),
      accountType: z.string().optional(),
      netLiquidation: money,
      totalCash: money,
      buyingPower: money,
      availableFunds: money,
      excessLiquidity: money,
      grossPositionValue: money,
      initMarginReq: money,
      maintMarginReq: money,
      equityWithLoan: money,
      pnl: z.object({ daily: money, unrealized: money, realized: money }).optional().describe("Today's P&L"),
      asOf: z.string(),
    }),
  ),
  positions: z.array(
    z.object({
      account: z.string(),
      conId: z.number(),
      symbol: z.string(),
      secType: z.string().describe("STK, OPT, …"),
      expiry: z.string().optional().describe("YYYYMMDD, options only"),
      strike: z.number().optional(),
      right: z.enum(["C", "P"]).optional(),
      multiplier: z.number().optional(),
      currency: z.string(),
      quantity: z.number().describe("Signed; negative is short"),
      averageCost: z.number().describe("Per share; per contract for options"),
      pnl: z.object({ value: money.describe("Market value now"), daily: money, unrealized: money, realized: money }).optional(),
    }),
  ),
  simulated: z.boolean().describe("true when the account is SumpPump's built-in simulator"),
};

export function registerAccountTools(server: McpServer, deps: { ib: Ib; simulated: boolean }): void {
  server.registerTool(
    "get_account_summary",
    {
      title: "Get account summary",
      description: "Net liquidation, cash, buying power, margin, today's P&L, and open positions with market value and P&L.",
      inputSchema: {},
      outputSchema: accountOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
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
