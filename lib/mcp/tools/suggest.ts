/** suggest_strategies: a view, a target and a budget in; ranked, liquid strategies out, with reasons. */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { InputError } from "../../errors";
import type { Ib } from "../../ib";
import { OptionsError } from "../../options/errors";
import { expiryInstantMs } from "../../options/time";
import { StrategyError } from "../../strategies/errors";
import { suggestStrategies } from "../../strategies/suggest";
import type { ChainQuote } from "../../strategies/types";
import { progressReporter } from "../progress";
import { watchRateLimit } from "../pacing-note";
import { fail, failFrom, ok } from "../results";
import { record, symbolSchema } from "../schemas";
import { roundTo } from "../../options/rounding";

const inputSchema = {
  symbol: symbolSchema,
  view: z.enum(["bullish", "bearish", "neutral", "volatile"], { error: "view must be bullish, bearish, neutral or volatile" }).describe("Your market view"),
  target_price: z.number({ error: "target_price must be a number" }).positive("target_price must be positive").describe("Where you expect the underlying to be"),
  target_date: z
    .string({ error: "target_date must be a date like \"2026-12-18\"" })
    .regex(/^\d{4}-?\d{2}-?\d{2}$/, "target_date must be a date like \"2026-12-18\"")
    .transform((s) => s.replace(/-/g, ""))
    .describe("By when, YYYY-MM-DD"),
  max_debit: z.number({ error: "max_debit must be a number" }).positive("max_debit must be positive").optional().describe("Largest net debit for the whole position, USD"),
  max_risk: z.number({ error: "max_risk must be a number" }).positive("max_risk must be positive").optional().describe("Largest max loss for the whole position, USD"),
  limit: z.number().int().min(1, "limit must be at least 1").max(10, "limit is at most 10").default(5).describe("Suggestions to return (default 5)"),
};

const outputSchema = {
  symbol: z.string(),
  spot: z.number(),
  expiries_used: z.array(z.string()),
  suggestions: z.array(
    record(
      "rank, strategy, legs [{action, type, strike, expiry, quantity, price}], net_debit, net_debit_natural, max_loss, max_profit (null: unlimited), breakevens, probability_of_profit, expected_return (expected P&L near the target ÷ max loss), pnl_at_target, reward_risk, why",
    ),
  ),
  considered: z.number(),
  skipped_illiquid: z.number(),
  next_step: z.string(),
  pacing_note: z.string().optional(),
  simulated: z.boolean(),
};

export function registerSuggestTools(server: McpServer, deps: { ib: Ib; simulated: boolean; now?: () => number }): void {
  const now = deps.now ?? Date.now;
  server.registerTool(
    "suggest_strategies",
    {
      description: "Rank strategies this account may trade for a view, target price and date within a budget, skipping illiquid strikes, with reasons.",
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ symbol, view, target_price, target_date, max_debit, max_risk, limit }, extra) => {
      try {
        const pacing = watchRateLimit(deps.ib);
        const nowMs = now();
        const targetMs = expiryInstantMs(target_date);
        if (targetMs <= nowMs) return fail(`target_date ${target_date} is not in the future.`);
        const info = await deps.ib.optionChainInfo(symbol);
        const after = info.expirations.filter((e) => e >= target_date);
        if (after.length === 0) return fail(`${symbol} has no options expiring on or after ${target_date}; the last is ${info.expirations.at(-1)}.`);
        // The first expiry at or after the target, and the next one for calendars.
        const expiries = after.slice(0, view === "neutral" ? 2 : 1);
        const quote = await deps.ib.quote(symbol);
        const spot = quote.last ?? quote.mid ?? quote.close;
        if (spot === undefined) return fail(`No current price for ${symbol}.`);
        const between = info.strikes.filter((k) => (k - spot) * (k - target_price) <= 0).length;
        const window = await deps.ib.optionChainWindow({
          symbol,
          expiries,
          strikesEachSide: Math.min(20, Math.max(8, between + 4)),
          onProgress: progressReporter(extra, `${symbol} option quotes`),
        });
        const chain: ChainQuote[] = window.expiries.flatMap((e) =>
          [...e.calls, ...e.puts]
            .filter((q) => q.bid !== undefined && q.ask !== undefined)
            .map((q) => ({ expiry: q.expiry, strike: q.strike, right: q.right === "C" ? ("call" as const) : ("put" as const), bid: q.bid!, ask: q.ask!, iv: q.iv, openInterest: q.openInterest, multiplier: info.multiplier })),
        );
        const result = suggestStrategies({
          view,
          targetPrice: target_price,
          targetDateMs: targetMs,
          maxDebit: max_debit,
          maxRisk: max_risk,
          chain,
          market: { spot: window.spot, rate: deps.ib.riskFreeRate, dividendYield: 0, nowMs },
          limit,
        });
        return ok({
          symbol,
          spot: window.spot,
          expiries_used: result.expiries,
          suggestions: result.suggestions.map((s) => ({
            rank: s.rank,
            strategy: s.label,
            legs: s.legs.map((l) => ({ action: l.quantity > 0 ? "buy" : "sell", type: l.right, strike: l.strike, expiry: l.expiry, quantity: Math.abs(l.quantity), price: roundTo(l.price ?? 0, 2) })),
            net_debit: roundTo(s.debit, 2),
            net_debit_natural: roundTo(s.naturalDebit, 2),
            max_loss: roundTo(s.maxLoss, 2),
            max_profit: Number.isFinite(s.maxProfit) ? roundTo(s.maxProfit, 2) : null,
            breakevens: s.breakevens.map((b) => roundTo(b, 2)),
            probability_of_profit: roundTo(s.probabilityOfProfit, 3),
            expected_return: roundTo(s.expectedReturn, 3),
            pnl_at_target: roundTo(s.pnlAtTarget, 2),
            reward_risk: Number.isFinite(s.rewardRisk) ? roundTo(s.rewardRisk, 2) : null,
            why: s.why,
          })),
          considered: result.considered,
          ...pacing(),
          skipped_illiquid: result.skipped.length,
          next_step:
            result.suggestions.length > 0
              ? "Check a suggestion with calculate_strategy (its legs as given) before proposing it."
              : "Nothing fits: raise max_debit/max_risk, move the target date, or change the view.",
          simulated: deps.simulated,
        });
      } catch (error) {
        if (error instanceof OptionsError || error instanceof StrategyError) return failFrom(new InputError(error.message));
        return failFrom(error);
      }
    },
  );
}
