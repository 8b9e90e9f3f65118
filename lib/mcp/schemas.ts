/** Input pieces shared by several tools, each with a description a model can act on. */
export { symbolSchema } from "../analysis/symbol";

import { z } from "zod";

/**
 * An object in a tool's output, described by its keys instead of a full nested schema: output schemas are
 * part of tools/list, which every conversation pays for in context, and nested objects are most of their size.
 */
export function record(keys: string): z.ZodObject<Record<string, never>, z.core.$loose> {
  return z.looseObject({}).describe(keys);
}

/** A date like 2026-12-18 (or 20261218), as YYYYMMDD. */
export const dateInput = z
  .string({ error: "the date must be like \"2026-12-18\"" })
  .trim()
  .regex(/^\d{4}-?\d{2}-?\d{2}$/, "the date must be like \"2026-12-18\"")
  .transform((s) => s.replace(/-/g, ""));
