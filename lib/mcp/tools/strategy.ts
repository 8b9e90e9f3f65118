/** calculate_strategy: what a position would risk and earn, priced from the live market. */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { analyseStrategy } from "../../analysis/strategy";
import { legsInput } from "../../analysis/legs";
import { strategyUrl } from "../../analysis/strategy-url";
import type { Ib } from "../../ib";
import { watchRateLimit } from "../pacing-note";
import { failFrom, ok } from "../results";
import { symbolSchema } from "../schemas";
import { OptionsError } from "../../options/errors";
import { InputError } from "../../errors";

const inputSchema = {
  symbol: symbolSchema,
  legs: legsInput.describe("1–4 legs; quantity in contracts (options) or shares (stock)"),
  iv_shift: z
    .number({ error: "iv_shift must be a number such as 0.05" })
    .min(-0.5, "iv_shift must be between -0.5 and 0.5")
    .max(0.5, "iv_shift must be between -0.5 and 0.5")
    .default(0)
    .describe("Added to every leg's IV for greeks and probability (0.05 = +5 vol points)"),
};

const money = z.number().nullable();
const outputSchema = {
  symbol: z.string(),
  spot: z.number(),
  strategy: z.object({ name: z.string(), label: z.string() }),
  legs: z.array(
    z.object({
      type: z.string(),
      action: z.string(),
      quantity: z.number(),
      strike: z.number().optional(),
      expiry: z.string().optional(),
      price: z.number(),
      price_source: z.string(),
      bid: z.number().optional(),
      ask: z.number().optional(),
      iv: z.number().optional(),
      delta: z.number().optional(),
    }),
  ),
  net_debit: z.number().describe("> 0 debit paid, < 0 credit received, whole position in USD at the prices used"),
  net_debit_natural: money.describe("The same buying at the ask and selling at the bid"),
  max_loss: money.describe("USD; null when unlimited"),
  max_profit: money.describe("USD; null when unlimited or volatility-dependent"),
  unlimited_loss: z.boolean(),
  unlimited_profit: z.boolean(),
  breakevens: z.array(z.number()),
  probability_of_profit: money.describe("Risk-neutral probability of a profit at expiry, 0–1"),
  greeks: z.object({ delta: z.number(), gamma: z.number(), theta_per_day: z.number(), vega_per_point: z.number(), value: z.number() }).describe("Whole position, USD"),
  payoff_at_expiry: z.object({ points: z.array(z.object({ price: z.number(), pnl: z.number() })), slope_above: z.number() }),
  permission: z.object({ allowed: z.boolean(), reason: z.string().optional(), notes: z.array(z.string()).optional() }),
  what_if: z
    .object({
      init_margin_change: money,
      maint_margin_change: money,
      equity_with_loan_after: money,
      commission: money,
      commission_currency: z.string().nullable(),
      warning: z.string().nullable(),
    })
    .nullable()
    .describe("TWS's what-if margin and commission (null: unknown)"),
  notes: z.array(z.string()),
  pacing_note: z.string().optional(),
  simulated: z.boolean(),
  view_url: z.string().describe("Page showing this position to the trader"),
  as_of: z.string(),
};

export function registerStrategyTools(server: McpServer, deps: { ib: Ib; simulated: boolean; baseUrl?: string }): void {
  server.registerTool(
    "calculate_strategy",
    {
      title: "Calculate strategy",
      description:
        "Analyse option/stock legs at current prices: net debit, max loss/gain, breakevens, probability of profit, greeks, payoff, margin, and whether the account may trade it.",
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async ({ symbol, legs, iv_shift }) => {
      try {
        const pacing = watchRateLimit(deps.ib);
        const a = await analyseStrategy(deps.ib, symbol, legs, { ivShift: iv_shift });
        return ok({
          symbol: a.symbol,
          spot: a.spot,
          strategy: a.strategy,
          legs: a.legs.map(({ priceSource, ...leg }) => ({ ...leg, price_source: priceSource })),
          net_debit: a.netDebit,
          net_debit_natural: a.netDebitNatural,
          max_loss: a.maxLoss,
          max_profit: a.maxProfit,
          unlimited_loss: a.unlimitedLoss,
          unlimited_profit: a.unlimitedProfit,
          breakevens: a.breakevens,
          probability_of_profit: a.probabilityOfProfit,
          greeks: { delta: a.greeks.delta, gamma: a.greeks.gamma, theta_per_day: a.greeks.thetaPerDay, vega_per_point: a.greeks.vegaPerPoint, value: a.greeks.value },
          payoff_at_expiry: { points: a.payoff.points, slope_above: a.payoff.slopeAbove },
          permission: a.permission.allowed ? { allowed: true, notes: a.permission.notes } : { allowed: false, reason: a.permission.reason },
          what_if: a.whatIf && {
            init_margin_change: a.whatIf.initMarginChange,
            maint_margin_change: a.whatIf.maintMarginChange,
            equity_with_loan_after: a.whatIf.equityWithLoanAfter,
            commission: a.whatIf.commission,
            commission_currency: a.whatIf.commissionCurrency,
            warning: a.whatIf.warning,
          },
          notes: a.notes,
          ...pacing(),
          simulated: deps.simulated,
          view_url: strategyUrl(a.symbol, legs, deps.baseUrl),
          as_of: a.asOf,
        });
      } catch (error) {
        if (error instanceof OptionsError) return failFrom(new InputError(error.message));
        return failFrom(error);
      }
    },
  );
}
