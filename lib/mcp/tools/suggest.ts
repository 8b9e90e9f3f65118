/** suggest_strategies: a view, a target and a budget in; ranked, liquid strategies out, with reasons. */
import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { getConfig } from "../../config";
import type { Ib } from "../../ib";
import { expiryInstantMs } from "../../options/time";
import { DEFAULT_OBJECTIVE, SUGGESTION_OBJECTIVES, suggestStrategies } from "../../analysis/suggest";
import type { ChainQuote } from "../../strategies/types";
import { progressReporter } from "../progress";
import { watchRateLimit } from "../pacing-note";
import { fail, failFrom, ok } from "../results";
import { dateInput, record, symbolSchema } from "../schemas";
import { roundTo } from "../../options/rounding";

const inputSchema = {
  symbol: symbolSchema,
  view: z.enum(["bullish", "bearish", "neutral", "volatile"], { error: "view must be bullish, bearish, neutral or volatile" }).describe("Your market view"),
  target_price: z.number({ error: "target_price must be a number" }).positive("target_price must be positive").describe("Expected price"),
  target_date: dateInput.describe("By when, YYYY-MM-DD"),
  max_debit: z.number({ error: "max_debit must be a number" }).positive("max_debit must be positive").optional().describe("Budget for the net debit, USD"),
  max_risk: z.number({ error: "max_risk must be a number" }).positive("max_risk must be positive").optional().describe("Budget for the max loss, USD"),
  objective: z
    .enum(SUGGESTION_OBJECTIVES as [string, ...string[]], { error: `objective must be one of ${SUGGESTION_OBJECTIVES.join(", ")}` })
    .default(DEFAULT_OBJECTIVE)
    .describe("Default expected_pnl"),
  limit: z.number().int().min(1, "limit must be at least 1").max(10, "limit is at most 10").default(5).describe("Default 5"),
};

const outputSchema = {
  symbol: z.string(),
  spot: z.number(),
  view: record("price, date, vol, two_sided: the distribution behind expected_pnl"),
  suggestions: z.array(
    record(
      "rank, strategy, legs, net_debit, max_loss, max_profit, breakevens, probability_of_profit, pnl_at_target, expected_pnl, return_on_risk, why",
    ),
  ),
  considered: z.number(),
  skipped_illiquid: z.number(),
  next_step: z.string(),
  pacing_note: z.string().optional(),
  simulated: z.boolean(),
};

export function registerSuggestTools(server: McpServer, deps: { ib: Ib; simulated: boolean; now?: () => number; maxContracts?: number }): void {
  const now = deps.now ?? Date.now;
  server.registerTool(
    "suggest_strategies",
    {
      description: "Rank strategies this account may trade for a view (target price and date) and a budget, with reasons.",
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ symbol, view, target_price, target_date, max_debit, max_risk, objective, limit }, extra) => {
      try {
        const pacing = watchRateLimit(deps.ib);
        const nowMs = now();
        const targetMs = expiryInstantMs(target_date);
        if (targetMs <= nowMs) return fail(`target_date ${target_date} is not in the future.`);
        const info = await deps.ib.optionChainInfo(symbol);
        // Only expiries still trading: on expiry day after the close an expiry is gone.
        const after = info.expirations.filter((e) => e >= target_date && expiryInstantMs(e) > nowMs);
        if (after.length === 0) return fail(`${symbol} has no options expiring on or after ${target_date}; the last is ${info.expirations.at(-1)}.`);
        // The first expiry at or after the target, and the next one for calendars.
        const expiries = after.slice(0, 2);
        const quote = await deps.ib.quote(symbol);
        const spot = quote.last ?? quote.mid ?? quote.close;
        if (spot === undefined) return fail(`No current price for ${symbol}.`);
        const between = info.strikes.filter((k) => (k - spot) * (k - target_price) <= 0).length;
        // The first expiry across the strikes from spot to the target; the next one near the money only (for
        // calendars and diagonals), which keeps the market-data lines asked for at once under TWS's limit.
        const onProgress = progressReporter(extra, `${symbol} option quotes`);
        const window = await deps.ib.optionChainWindow({ symbol, expiries: expiries.slice(0, 1), strikesEachSide: Math.min(14, Math.max(8, between + 3)), onProgress });
        const later = expiries[1] ? await deps.ib.optionChainWindow({ symbol, expiries: expiries.slice(1), strikesEachSide: 5, onProgress }) : null;
        const chain: ChainQuote[] = [...window.expiries, ...(later?.expiries ?? [])].flatMap((e) =>
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
          // Sized so that a suggestion can be proposed as it stands.
          maxContracts: deps.maxContracts ?? getConfig().SUMPPUMP_MAX_CONTRACTS,
          objective: objective as (typeof SUGGESTION_OBJECTIVES)[number],
          chain,
          market: { spot: window.spot, rate: deps.ib.riskFreeRate, dividendYield: 0, nowMs },
          limit,
        });
        const targetView = { price: result.view.price, date: `${target_date.slice(0, 4)}-${target_date.slice(4, 6)}-${target_date.slice(6)}`, vol: result.view.vol, two_sided: result.view.twoSided ?? false };
        return ok({
          symbol,
          spot: window.spot,
          view: targetView,
          suggestions: result.suggestions.map((s) => ({
            rank: s.rank,
            strategy: s.label,
            legs: s.legs.map((l) => ({ action: l.quantity > 0 ? "buy" : "sell", type: l.right, strike: l.strike, expiry: l.expiry, quantity: Math.abs(l.quantity), price: roundTo(l.price ?? 0, 4) })),
            net_debit: s.figures.netDebit,
            net_debit_natural: s.naturalDebit,
            max_loss: s.figures.maxLoss,
            max_profit: s.figures.maxProfit,
            breakevens: s.figures.breakevens,
            probability_of_profit: s.figures.probabilityOfProfit,
            pnl_at_target: s.figures.atTarget.pnl,
            expected_pnl: s.figures.atTarget.expectedPnl,
            return_on_risk: s.figures.atTarget.returnOnRisk,
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
        return failFrom(error);
      }
    },
  );
}
