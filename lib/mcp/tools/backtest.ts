/** backtest_strategy: a simple option strategy rule replayed over the underlying's daily history. */
import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { BACKTEST_STRATEGIES, runBacktest } from "../../analysis/backtest";
import type { Ib } from "../../ib";
import { failFrom, fail, ok } from "../results";
import { record, symbolSchema } from "../schemas";
import { progressReporter } from "../progress";

const fraction = (name: string, max: number) =>
  z.number({ error: `${name} must be a number` }).min(0, `${name} must be 0 or more`).max(max, `${name} is at most ${max}`);

const inputSchema = {
  symbol: symbolSchema,
  strategy: z.enum(BACKTEST_STRATEGIES, { error: `strategy must be one of ${BACKTEST_STRATEGIES.join(", ")}` }).describe("Strategy opened at each entry"),
  period: z.enum(["6 M", "1 Y", "2 Y"], { error: "period must be 6 M, 1 Y or 2 Y" }).default("1 Y").describe("History to replay"),
  days_to_expiry: z.number().int().min(1, "days_to_expiry must be at least 1").max(365, "days_to_expiry is at most 365").default(30).describe("Days from entry to expiry"),
  otm_percent: fraction("otm_percent", 0.3).default(0).describe("Bought strike's distance OTM, fraction of spot (0.02 = 2%)"),
  width_percent: fraction("width_percent", 0.3).default(0.03).describe("Spread width or strangle distance, fraction of spot"),
  entry_every_days: z.number().int().min(1, "entry_every_days must be at least 1").max(120, "entry_every_days is at most 120").default(5).describe("Open one every N trading days"),
  take_profit: fraction("take_profit", 10).optional().describe("Close at this gain, fraction of debit (0.5 = +50%)"),
  stop_loss: fraction("stop_loss", 1).optional().describe("Close at this loss, fraction of debit"),
  contracts: z.number().int().min(1, "contracts must be at least 1").max(100, "contracts is at most 100").default(1),
};

const outputSchema = {
  symbol: z.string(),
  strategy: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  summary: record("trades, win_rate, total_pnl, average_pnl, best_trade, worst_trade, max_drawdown (USD)"),
  equity_curve: z.array(record("time, pnl")).describe("Cumulative P&L, at most 25 points"),
  recent_trades: z.array(record("entry, exit, spot_in, spot_out, strikes, debit, pnl, exit_reason")).describe("The last 15 trades"),
  assumptions: z.array(z.string()),
  simulated: z.boolean(),
};

export function registerBacktestTools(server: McpServer, deps: { ib: Ib; simulated: boolean }): void {
  server.registerTool(
    "backtest_strategy",
    {
      description: "Replay a rule (e.g. buy a 30-day ATM call weekly) over up to 2 years of daily history with model prices: trades, win rate, P&L curve, drawdown, assumptions.",
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, openWorldHint: true },
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
