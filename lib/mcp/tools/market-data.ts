/** Tools that look at the market: quotes. */
import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { Ib } from "../../ib";
import { historicalVolatility } from "../../analysis/realised-volatility";
import { roundTo } from "../../options/rounding";
import { BAR_SIZES, DURATIONS } from "../../ib/history";
import { failFrom, ok } from "../results";
import { record, symbolSchema } from "../schemas";

/** The main fields; the quote also carries conId, currency, open, high, low and sizes (loose: not all listed). */
const quoteOutput = z.looseObject({
  symbol: z.string(),
  bid: z.number().optional(),
  ask: z.number().optional(),
  last: z.number().optional(),
  mid: z.number().optional(),
  close: z.number().optional().describe("Previous session's close"),
  change: z.number().optional().describe("last (or mid) minus previous close"),
  changePercent: z.number().optional(),
  volume: z.number().optional(),
  marketData: z.enum(["live", "frozen", "delayed", "delayed-frozen"]).describe("live unless TWS fell back to delayed data"),
  asOf: z.string().describe("ISO 8601"),
  simulated: z.boolean().describe("true: SumpPump's built-in simulator, not a real exchange"),
});

const historyInput = {
  symbol: symbolSchema,
  duration: z.enum(DURATIONS, { error: `duration must be one of ${DURATIONS.join(", ")}` }).default("3 M").describe("How far back, e.g. \"3 M\" or \"1 Y\""),
  bar_size: z.enum(BAR_SIZES, { error: `bar_size must be one of ${BAR_SIZES.join(", ")}` }).default("1 day").describe("Bar length"),
  max_bars: z
    .number({ error: "max_bars must be a number" })
    .int("max_bars must be a whole number")
    .min(1, "max_bars must be at least 1")
    .max(500, "max_bars is at most 500")
    .default(60)
    .describe("Most recent bars to list (the summary covers all)"),
};

const historyOutput = {
  symbol: z.string(),
  duration: z.string(),
  bar_size: z.string(),
  summary: record(
    "bars (in the whole period), first_close, last_close, change_percent, high, low, historical_volatility_20 and _60 (annualised close-to-close, decimal)",
  ),
  bars: record("Most recent bars, oldest first, as columns: time, open, high, low, close, volume"),
  truncated: z.boolean().describe("Only the last max_bars bars listed"),
  reused_recent_answer: z.boolean().describe("Reused an identical request from the last 15 s (pacing)"),
  simulated: z.boolean(),
};

export function registerMarketDataTools(server: McpServer, deps: { ib: Ib; simulated: boolean }): void {
  server.registerTool(
    "get_historical_data",
    {
      description: "Price bars (1 min to 1 week, up to 2 years) with a summary: change, range and historical volatility.",
      inputSchema: historyInput,
      outputSchema: historyOutput,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ symbol, duration, bar_size, max_bars }) => {
      try {
        const { value: bars, reused } = await deps.ib.bars(symbol, { duration, barSize: bar_size });
        const closes = bars.map((b) => b.close);
        const daily = bar_size === "1 day";
        const recent = bars.slice(-max_bars);
        const first = bars[0]!;
        const last = bars.at(-1)!;
        const hv = (n: number) => {
          const v = daily ? historicalVolatility(closes, n) : undefined;
          return v === undefined ? null : roundTo(v, 4);
        };
        return ok({
          symbol,
          duration,
          bar_size,
          summary: {
            bars: bars.length,
            first_close: first.close,
            last_close: last.close,
            change_percent: roundTo(((last.close - first.close) / first.close) * 100, 2),
            // A loop, not Math.max(...): two years of 1-minute bars are more arguments than a call may take.
            high: bars.reduce((m, b) => Math.max(m, b.high), -Infinity),
            low: bars.reduce((m, b) => Math.min(m, b.low), Infinity),
            historical_volatility_20: hv(20),
            historical_volatility_60: hv(60),
          },
          bars: {
            time: recent.map((b) => b.time),
            open: recent.map((b) => b.open),
            high: recent.map((b) => b.high),
            low: recent.map((b) => b.low),
            close: recent.map((b) => b.close),
            volume: recent.map((b) => b.volume),
          },
          truncated: bars.length > recent.length,
          reused_recent_answer: reused,
          simulated: deps.simulated,
        });
      } catch (error) {
        return failFrom(error);
      }
    },
  );

  server.registerTool(
    "get_quote",
    {
      description: "Current bid, ask, last, volume and change for a US stock or ETF.",
      inputSchema: { symbol: symbolSchema },
      outputSchema: quoteOutput,
      annotations: { readOnlyHint: true, openWorldHint: true },
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
