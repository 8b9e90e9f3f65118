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
