/**
 * Legs as a caller (Claude, the strategy page) states them — buy/sell, positive quantities, dates — and their
 * translation to the signed legs lib/options computes with. Accepts an array or a JSON string holding one
 * (Claude Desktop sends arrays as strings).
 */
import { z } from "zod";

const expiry = z
  .string({ error: "expiry must be a date like \"20261218\" or \"2026-12-18\"" })
  .trim()
  .regex(/^\d{4}-?\d{2}-?\d{2}$/, "expiry must be a date like \"20261218\" or \"2026-12-18\"")
  .transform((s) => s.replace(/-/g, ""));

const quantity = z
  .number({ error: "quantity must be a number" })
  .int("quantity must be a whole number")
  .positive("quantity must be positive; use action \"sell\" for a short leg")
  .max(10_000, "quantity is at most 10,000");

const price = z
  .number({ error: "price must be a number" })
  .nonnegative("price must be 0 or more (the premium per share)")
  .max(1_000_000, "price is too large")
  .optional()
  .describe("Price per share; default: current mid");

export const optionLegInput = z.object({
  type: z.enum(["call", "put"]),
  action: z.enum(["buy", "sell"], { error: "action must be \"buy\" or \"sell\"" }),
  strike: z.number({ error: "strike must be a number" }).positive("strike must be positive").max(1_000_000, "strike is too large"),
  expiry: expiry.describe("Expiry, YYYYMMDD or YYYY-MM-DD"),
  quantity: quantity.describe("Contracts (each for 100 shares)"),
  price,
});

export const stockLegInput = z.object({
  type: z.literal("stock"),
  action: z.enum(["buy", "sell"], { error: "action must be \"buy\" or \"sell\"" }),
  quantity: quantity.describe("Shares"),
  price,
});

export const legInput = z.discriminatedUnion("type", [optionLegInput, stockLegInput], {
  error: "each leg needs type \"call\", \"put\" or \"stock\"",
});

export type LegInput = z.infer<typeof legInput>;

/** 1–4 legs, as an array or a JSON string holding one. */
export const legsInput = z.preprocess(
  (value) => {
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  },
  z
    .array(legInput, { error: "legs must be an array of legs (or a JSON string holding one), e.g. [{\"type\":\"call\",\"action\":\"buy\",\"strike\":600,\"expiry\":\"20261218\",\"quantity\":1}]" })
    .min(1, "give at least one leg")
    .max(4, "at most 4 legs"),
);
