import type { NextRequest } from "next/server";
import { z } from "zod";
import { InputError } from "@/lib/errors";
import { jsonFromError, jsonOk } from "@/lib/http/responses";
import { getIb } from "@/lib/ib";
import { priorityOfPageRequest, withPriority } from "@/lib/ib/priority";
import { symbolSchema } from "@/lib/mcp/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const query = z.object({
  expiries: z
    .string({ error: "expiries must list dates like 20261218, separated by commas" })
    .transform((s) => [...new Set(s.split(",").map((e) => e.trim().replace(/-/g, "")).filter(Boolean))])
    .pipe(
      z
        .array(z.string().regex(/^\d{8}$/, "each expiry must be a date like 20261218"))
        .min(1, "give at least one expiry")
        .max(6, "at most 6 expiries per request; ask again for the others"),
    ),
  strikesEachSide: z.coerce
    .number({ error: "strikesEachSide must be a number" })
    .int("strikesEachSide must be a whole number")
    .min(1, "strikesEachSide must be at least 1")
    .max(40, "strikesEachSide is at most 40")
    .default(10),
});

/** Quotes and greeks of the strikes around the money for up to 6 expiries (calls and puts). */
export async function GET(request: NextRequest, { params }: { params: Promise<{ symbol: string }> }): Promise<Response> {
  try {
    const symbol = symbolSchema.parse((await params).symbol);
    const search = request.nextUrl.searchParams;
    const { expiries, strikesEachSide } = query.parse({ expiries: search.get("expiries") ?? "", strikesEachSide: search.get("strikesEachSide") ?? undefined });
    const ib = getIb();
    // A page's periodic refresh says so and waits behind everything else; a closed page stops its quotes.
    const window = await withPriority(priorityOfPageRequest(request.headers), async () => {
      const info = await ib.optionChainInfo(symbol);
      const unknown = expiries.filter((e) => !info.expirations.includes(e));
      if (unknown.length > 0) throw new InputError(`${symbol} has no options expiring on ${unknown.join(", ")}.`);
      return ib.optionChainWindow({ symbol, expiries, strikesEachSide, signal: request.signal });
    });
    return jsonOk({ ...window, rate: ib.riskFreeRate });
  } catch (error) {
    return jsonFromError(error);
  }
}
