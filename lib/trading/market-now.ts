/**
 * The market check of a proposal against the quotes the analysis took (at proposal) or fresh ones (at approval).
 */
import type { PricedLeg, StrategyAnalysis } from "../analysis/strategy";
import type { Ib } from "../ib";
import { checkMarket, type MarketCheck, type QuotedLeg } from "./market-check";
import { sideOf } from "./views";

export interface MarketCheckOrder {
  quantity: number;
  orderType: string;
  limitPrice: number | null;
}

/** The order's side at the legs' mids (an analysis at a limit keeps the mids beside it). */
function sideAtMid(analysis: Pick<StrategyAnalysis, "netDebit" | "atMid">): "debit" | "credit" {
  return sideOf({ netDebit: analysis.atMid?.netDebit ?? analysis.netDebit });
}

export function marketCheckOf(
  analysis: Pick<StrategyAnalysis, "symbol" | "legs" | "netDebit" | "atMid">,
  order: MarketCheckOrder,
  bandPct: number,
  asOf: string,
  legs: readonly QuotedLeg[] = analysis.legs,
): MarketCheck {
  return checkMarket({
    symbol: analysis.symbol,
    legs,
    units: order.quantity,
    limit: order.orderType === "LMT" ? order.limitPrice : null,
    side: sideAtMid(analysis),
    bandPct,
    asOf,
  });
}

/** The legs quoted again now (bid, ask, live or not), for the check at approval. */
export async function quoteLegsNow(ib: Ib, symbol: string, legs: readonly PricedLeg[]): Promise<QuotedLeg[]> {
  const underlying = legs.some((l) => l.type === "stock") ? await ib.quote(symbol) : undefined;
  return Promise.all(
    legs.map(async (leg): Promise<QuotedLeg> => {
      if (leg.type === "stock") return { ...leg, bid: underlying?.bid, ask: underlying?.ask, marketData: underlying?.marketData };
      // Streamed while the proposal is pending (underlying-streams.ts): no wait for TWS when it is live.
      const q = await ib.liveOptionQuote(symbol, leg.expiry!, leg.strike!, leg.type === "call" ? "C" : "P");
      return { ...leg, bid: q.bid, ask: q.ask, marketData: q.marketData };
    }),
  );
}
