import { z } from "zod";
import { legsInput } from "@/lib/analysis/legs";
import { analyseStrategy } from "@/lib/analysis/strategy";
import { requireUser } from "@/lib/auth/session";
import { jsonFromError, jsonOk } from "@/lib/http/responses";
import { getIb } from "@/lib/ib";
import { symbolSchema } from "@/lib/mcp/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const body = z.object({
  symbol: symbolSchema,
  legs: legsInput,
});

/**
 * Prices legs from live quotes and analyses them (the same analysis as calculate_strategy), plus what the page
 * needs to redraw the payoff itself: the contract multiplier and the risk-free rate.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    await requireUser(request);
    const { symbol, legs } = body.parse(await request.json().catch(() => ({})));
    const ib = getIb();
    const [analysis, info] = await Promise.all([analyseStrategy(ib, symbol, legs), ib.optionChainInfo(symbol)]);
    return jsonOk({ analysis, multiplier: info.multiplier, rate: ib.riskFreeRate });
  } catch (error) {
    return jsonFromError(error);
  }
}
