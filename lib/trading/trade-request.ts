/**
 * What a caller asks to trade: the one schema behind execute_trade (MCP) and the strategy page's Propose
 * button (REST), so both take the same path and the same checks.
 */
import { z } from "zod";
import { legsInput } from "../analysis/legs";
import { symbolSchema } from "../analysis/symbol";

export const tradeRequestShape = {
  symbol: symbolSchema,
  legs: legsInput.describe("1–4 legs; quantity = ratio per unit (1 and 1 for a spread)"),
  quantity: z
    .number({ error: "quantity must be a number of units, e.g. 2 spreads" })
    .int("quantity must be a whole number")
    .min(1, "quantity must be at least 1")
    .max(500, "quantity is at most 500 units")
    .default(1)
    .describe("Units (spreads, contracts or shares); multiplies the legs' ratios"),
  order_type: z.enum(["LMT", "MKT"], { error: 'order_type must be "LMT" or "MKT"' }).default("LMT"),
  limit_price: z
    .number({ error: "limit_price must be a number such as 1.25" })
    .positive("limit_price must be positive: the price per unit (per share) you pay for a debit or receive for a credit")
    .max(100_000, "limit_price is too large")
    .multipleOf(0.01, "limit_price must be in cents, e.g. 1.25")
    .optional()
    .describe("Net per unit per share (1.25 = $125 a spread); for LMT"),
  tif: z.enum(["DAY", "GTC"], { error: 'tif must be "DAY" or "GTC"' }).default("DAY"),
  client_request_id: z
    .string()
    .trim()
    .min(8, "client_request_id must be 8–64 characters")
    .max(64, "client_request_id must be 8–64 characters")
    .regex(/^[A-Za-z0-9_.:-]+$/, "client_request_id may hold letters, digits and _ . : - only")
    .optional()
    .describe("A retry with the same id returns the same proposal"),
  reasoning: z.string().trim().max(2_000, "reasoning is at most 2,000 characters").optional().describe("Why; shown to the trader"),
  stop_loss_price: z
    .number({ error: "stop_loss_price must be a number such as 0.60" })
    .positive("stop_loss_price must be positive")
    .multipleOf(0.01, "stop_loss_price must be in cents")
    .optional()
    .describe("Bracket: a stop sent with the entry at this value per unit"),
};

export const tradeRequestSchema = z
  .object(tradeRequestShape)
  .strict()
  .superRefine((r, ctx) => {
    if (r.order_type === "LMT" && r.limit_price === undefined) {
      ctx.addIssue({ code: "custom", path: ["limit_price"], message: "a LMT order needs limit_price (net per unit per share, e.g. 1.25)" });
    }
    if (r.stop_loss_price !== undefined && r.limit_price !== undefined && r.stop_loss_price >= r.limit_price) {
      ctx.addIssue({ code: "custom", path: ["stop_loss_price"], message: "stop_loss_price must be below limit_price: it sells if the position loses value" });
    }
    if (r.order_type === "MKT" && r.limit_price !== undefined) {
      ctx.addIssue({ code: "custom", path: ["limit_price"], message: "a MKT order takes no limit_price; use order_type LMT to set one" });
    }
  });

export type TradeRequest = z.infer<typeof tradeRequestSchema>;

/** A proposal id (prp_…); checked by refinement so the pattern is not repeated in every published schema. */
export const proposalIdSchema = z
  .string({ error: "proposal_id must be a text id such as prp_…" })
  .trim()
  .refine((s) => /^prp_[A-Za-z0-9_-]{6,40}$/.test(s), "proposal_id looks like prp_… (from execute_trade or list_orders)");

export const stopLossRequestShape = {
  proposal_id: proposalIdSchema,
  stop_price: z
    .number({ error: "stop_price must be a number such as 0.60" })
    .positive("stop_price must be positive: the value per unit per share at which to exit")
    .max(100_000, "stop_price is too large")
    .multipleOf(0.01, "stop_price must be in cents, e.g. 0.60")
    .optional()
    .describe("Exit when a unit's value per share falls to this (default: suggested)"),
  reasoning: z.string().trim().max(2_000).optional(),
};

export const stopLossRequestSchema = z.object(stopLossRequestShape).strict();
export type StopLossRequest = z.infer<typeof stopLossRequestSchema>;
