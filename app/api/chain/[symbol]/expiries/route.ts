import { jsonFromError, jsonOk } from "@/lib/http/responses";
import { getIb } from "@/lib/ib";
import { daysUntil } from "@/lib/ib/ib";
import { symbolSchema } from "@/lib/mcp/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The expiries and strikes TWS lists for a symbol's options (no quotes). */
export async function GET(_request: Request, { params }: { params: Promise<{ symbol: string }> }): Promise<Response> {
  try {
    const symbol = symbolSchema.parse((await params).symbol);
    const info = await getIb().optionChainInfo(symbol);
    const now = Date.now();
    return jsonOk({
      symbol: info.symbol,
      multiplier: info.multiplier,
      tradingClass: info.tradingClass,
      strikes: info.strikes,
      expiries: info.expirations.map((expiry) => ({ expiry, daysToExpiry: daysUntil(now, expiry) })),
      asOf: new Date(now).toISOString(),
    });
  } catch (error) {
    return jsonFromError(error);
  }
}
