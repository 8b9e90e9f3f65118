import { jsonFromError, jsonOk } from "@/lib/http/responses";
import { getIb } from "@/lib/ib";
import type { OptionQuote, Position, Quote } from "@/lib/ib/types";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

interface QuotedPosition {
  position: Position;
  /** The contract's current quote: an option quote for options, the stock quote otherwise; null if TWS had none. */
  option: OptionQuote | null;
  stock: Quote | null;
}

/** Account summaries and open positions, each with its contract's current quote and its underlying's. */
export async function GET(): Promise<Response> {
  try {
    const ib = getIb();
    const [accounts, positions] = await Promise.all([ib.accountSummaries(), ib.positions()]);
    const open = positions.filter((p) => p.quantity !== 0);
    const symbols = [...new Set(open.map((p) => p.symbol))];
    const underlyings = new Map<string, Quote | null>(
      await Promise.all(symbols.map(async (s) => [s, await ib.quote(s).catch(() => null)] as const)),
    );
    const quoted: QuotedPosition[] = await Promise.all(
      open.map(async (position) => {
        const stock = underlyings.get(position.symbol) ?? null;
        if (position.secType !== "OPT" || !position.expiry || position.strike === undefined || !position.right) return { position, option: null, stock };
        const spot = stock?.last ?? stock?.mid ?? stock?.close;
        const option = await ib.optionQuote(position.symbol, position.expiry, position.strike, position.right, spot).catch(() => null);
        return { position, option, stock };
      }),
    );
    return jsonOk({ accounts, positions: quoted, rate: ib.riskFreeRate, asOf: new Date().toISOString() });
  } catch (error) {
    return jsonFromError(error);
  }
}
