/** calculate_strategy: what a position would risk and earn, priced from the live market. */
import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { analyseStrategy } from "../../analysis/strategy";
import { legsInput } from "../../analysis/legs";
import { strategyUrl } from "../../analysis/strategy-url";
import type { Ib } from "../../ib";
import { watchRateLimit } from "../pacing-note";
import { failFrom, ok } from "../results";
import { record, symbolSchema } from "../schemas";

const inputSchema = {
  symbol: symbolSchema,
  legs: legsInput.describe("1–4 legs; quantity in contracts (options) or shares (stock)"),
  iv_shift: z
    .number({ error: "iv_shift must be a number such as 0.05" })
    .min(-0.5, "iv_shift must be between -0.5 and 0.5")
    .max(0.5, "iv_shift must be between -0.5 and 0.5")
    .default(0)
    .describe("Added to each leg's IV (0.05 = +5 vol points)"),
};

const money = z.number().nullable();
const outputSchema = {
  symbol: z.string(),
  spot: z.number(),
  strategy: z.object({ name: z.string(), label: z.string() }),
  legs: z.array(record("type, action, quantity, strike, expiry, price (per share), price_source, bid, ask, iv, delta")),
  net_debit: z.number().describe("USD, whole position; < 0 is a credit"),
  net_debit_natural: money.describe("At the ask/bid"),
  max_loss: money.describe("USD; null: unlimited"),
  max_profit: money.describe("USD; null: unlimited or vol-dependent"),
  unlimited_loss: z.boolean(),
  unlimited_profit: z.boolean(),
  breakevens: z.array(z.number()),
  probability_of_profit: money.describe("At expiry, risk-neutral, 0–1"),
  greeks: record("delta, gamma, theta_per_day, vega_per_point, value: whole position, USD"),
  payoff_at_expiry: record("points [{price, pnl}] at each kink, slope_above: P&L per $1 above the last point"),
  permission: record("allowed, reason (when refused), notes"),
  what_if: record("TWS's what-if: init_margin_change, maint_margin_change, equity_with_loan_after, commission, commission_currency, warning (null: unknown)").nullable(),
  notes: z.array(z.string()),
  pacing_note: z.string().optional(),
  simulated: z.boolean(),
  view_url: z.string().describe("The strategy page"),
  as_of: z.string(),
};

export function registerStrategyTools(server: McpServer, deps: { ib: Ib; simulated: boolean; baseUrl?: string }): void {
  server.registerTool(
    "calculate_strategy",
    {
      description:
        "Analyse option/stock legs at current prices: net debit, max loss/gain, breakevens, probability of profit, greeks, payoff, margin, and whether the account may trade it.",
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, openWorldHint: true },
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
        return failFrom(error);
      }
    },
  );
}
