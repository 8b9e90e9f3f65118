/** Tools that look at the market: quotes. */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { Ib } from "../../ib";
import { failFrom, ok } from "../results";
import { symbolSchema } from "../schemas";

const quoteOutput = {
  symbol: z.string(),
  conId: z.number().describe("TWS contract id"),
  currency: z.string(),
  bid: z.number().optional(),
  ask: z.number().optional(),
  last: z.number().optional(),
  mid: z.number().optional(),
  close: z.number().optional().describe("Previous session's close"),
  open: z.number().optional(),
  high: z.number().optional(),
  low: z.number().optional(),
  change: z.number().optional().describe("last (or mid) minus previous close"),
  changePercent: z.number().optional(),
  bidSize: z.number().optional(),
  askSize: z.number().optional(),
  lastSize: z.number().optional(),
  volume: z.number().optional(),
  marketData: z.enum(["live", "frozen", "delayed", "delayed-frozen"]).describe("live unless TWS fell back to delayed or frozen data"),
  asOf: z.string().describe("When the quote was taken, ISO 8601"),
  simulated: z.boolean().describe("true when the market is SumpPump's built-in simulator, not a real exchange"),
};

export function registerMarketDataTools(server: McpServer, deps: { ib: Ib; simulated: boolean }): void {
  server.registerTool(
    "get_quote",
    {
      title: "Get quote",
      description: "Current bid, ask, last, volume and change for a US stock or ETF.",
      inputSchema: { symbol: symbolSchema },
      outputSchema: quoteOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async ({ symbol }) => {
      try {
        const quote = await deps.ib.quote(symbol);
        return ok({ ...quote, simulated: deps.simulated });
      } catch (error) {
        return failFrom(error);
      }
    },
  );
}
