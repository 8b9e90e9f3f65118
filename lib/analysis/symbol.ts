/** The ticker every tool and route takes, validated the same way everywhere. */
import { z } from "zod";

const TICKER = /^[A-Za-z][A-Za-z0-9.\- ]*$/;

export const symbolSchema = z
  .string({ error: "symbol must be a text ticker such as \"SPY\"" })
  .trim()
  .min(1, "symbol must not be empty; give a ticker such as \"SPY\"")
  .max(12, "symbol is too long; give a ticker such as \"SPY\"")
  // A refinement rather than .regex(): the pattern would be repeated in every tool's published schema.
  .refine((s) => TICKER.test(s), "symbol must be a ticker of letters, digits, '.' or '-' such as \"SPY\" or \"BRK B\"")
  .transform((s) => s.toUpperCase())
  .describe("US stock/ETF ticker, e.g. SPY");
