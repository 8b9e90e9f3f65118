/** backtest_strategy: a simple option strategy rule replayed over the underlying's daily history. */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { BACKTEST_STRATEGIES, runBacktest } from "../../analysis/backtest";
import type { Ib } from "../../ib";
import { failFrom, fail, ok } from "../results";
import { symbolSchema } from "../schemas";
import { progressReporter } from "../progress";

const fraction = (name: string, max: number) =>
  z.number({ error: `${name} must be a number` }).min(0, `${name} must be 0 or more`).max(max, `${name} is at most ${max}`);

const inputSchema = {
  symbol: symbolSchema,
  strategy: z.enum(BACKTEST_STRATEGIES, { error: `strategy must be one of ${BACKTEST_STRATEGIES.join(", ")}` }).describe("Strategy opened at each entry"),
  period: z.enum(["6 M", "1 Y", "2 Y"], { error: "period must be 6 M, 1 Y or 2 Y" }).default("1 Y").describe("History to replay"),
  days_to_expiry: z.number().int().min(1, "days_to_expiry must be at least 1").max(365, "days_to_expiry is at most 365").default(30).describe("Calendar days from entry to expiry"),
  otm_percent: fraction("otm_percent", 0.3).default(0).describe("Bought strike's distance out of the money as a fraction of spot (0 = at the money, 0.02 = 2% OTM)"),
  width_percent: fraction("width_percent", 0.3).default(0.03).describe("Spread width or strangle distance as a fraction of spot"),
  entry_every_days: z.number().int().min(1, "entry_every_days must be at least 1").max(120, "entry_every_days is at most 120").default(5).describe("Open a new position every N trading days"),
  take_profit: fraction("take_profit", 10).optional().describe("Close when the gain reaches this fraction of the debit (0.5 = +50%)"),
  stop_loss: fraction("stop_loss", 1).optional().describe("Close when the loss reaches this fraction of the debit (0.5 = −50%)"),
  contracts: z.number().int().min(1, "contracts must be at least 1").max(100, "contracts is at most 100").default(1),
};

const outputSchema = {
  symbol: z.string(),
  strategy: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  summary: z.object({
    trades: z.number(),
    win_rate: z.number(),
    total_pnl: z.number(),
    average_pnl: z.number(),
    best_trade: z.number(),
    worst_trade: z.number(),
    max_drawdown: z.number(),
  }),
  equity_curve: z.array(z.object({ time: z.string(), pnl: z.number() })).describe("Cumulative P&L, at most 25 points"),
  recent_trades: z
    .array(z.object({ entry: z.string(), exit: z.string(), spot_in: z.number(), spot_out: z.number(), strikes: z.array(z.number()), debit: z.number(), pnl: z.number(), exit_reason: z.string() }))
    .describe("The last 15 trades"),
  assumptions: z.array(z.string()),
  simulated: z.boolean(),
};

export function registerBacktestTools(server: McpServer, deps: { ib: Ib; simulated: boolean }): void {
  server.registerTool(
    "backtest_strategy",
    {
      title: "Backtest strategy",
      description: "Replay a rule (e.g. buy a 30-day ATM call weekly) over up to 2 years of daily history with model prices: trades, win rate, P&L curve, drawdown, assumptions.",
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async (args, extra) => {
      try {
        const progress = progressReporter(extra, `${args.symbol} backtest`);
        progress(0, 2);
        const { value: bars } = await deps.ib.bars(args.symbol, { duration: args.period, barSize: "1 day" });
        progress(1, 2);
        if (bars.length < 40) return fail(`Only ${bars.length} daily bars of ${args.symbol}: too few to backtest; try a longer period.`);
        const result = runBacktest(
          bars.map((b) => ({ time: b.time.slice(0, 10), close: b.close })),
          {
            strategy: args.strategy,
            daysToExpiry: args.days_to_expiry,
            otmPercent: args.otm_percent,
            widthPercent: args.width_percent,
            entryEveryDays: args.entry_every_days,
            takeProfit: args.take_profit,
            stopLoss: args.stop_loss,
            contracts: args.contracts,
            rate: deps.ib.riskFreeRate,
          },
        );
        progress(2, 2);
        const step = Math.max(1, Math.ceil(result.equityCurve.length / 25));
        const curve = result.equityCurve.filter((_, i, all) => i % step === 0 || i === all.length - 1);
        return ok({
          symbol: args.symbol,
          strategy: args.strategy,
          period: { from: bars[0]!.time.slice(0, 10), to: bars.at(-1)!.time.slice(0, 10) },
          summary: {
            trades: result.tradeCount,
            win_rate: result.winRate,
            total_pnl: result.totalPnl,
            average_pnl: result.averagePnl,
            best_trade: result.bestTrade,
            worst_trade: result.worstTrade,
            max_drawdown: result.maxDrawdown,
          },
          equity_curve: curve,
          recent_trades: result.trades.slice(-15).map((t) => ({
            entry: t.entry,
            exit: t.exit,
            spot_in: t.spotIn,
            spot_out: t.spotOut,
            strikes: t.strikes,
            debit: t.debit,
            pnl: t.pnl,
            exit_reason: t.exitReason,
          })),
          assumptions: result.assumptions,
          simulated: deps.simulated,
        });
      } catch (error) {
        return failFrom(error);
      }
    },
  );
}
