/** The ticker every tool and route takes, validated the same way everywhere. */
import { z } from "zod";

export const symbolSchema = z
  .string({ error: "symbol must be a text ticker such as \"SPY\"" })
  .trim()
  .min(1, "symbol must not be empty; give a ticker such as \"SPY\"")
  .max(12, "symbol is too long; give a ticker such as \"SPY\"")
  .regex(/^[A-Za-z][A-Za-z0-9.\- ]*$/, "symbol must be a ticker of letters, digits, '.' or '-' such as \"SPY\" or \"BRK B\"")
  .transform((s) => s.toUpperCase())
  .describe("Ticker of a US stock or ETF, e.g. SPY, QQQ, AAPL");
