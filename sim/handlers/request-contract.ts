import type { RequestedContract } from "../market/instruments";
import type { FieldReader } from "../protocol/field-reader";

/** conId, symbol, secType, expiry, strike, right, multiplier, exchange, primaryExch, currency, localSymbol, tradingClass. */
export function readContract(r: FieldReader): RequestedContract {
  return {
    conId: r.int(),
    symbol: r.str(),
    secType: r.str(),
    lastTradeDateOrContractMonth: r.str(),
    strike: r.floatOrUndefined(),
    right: r.str(),
    multiplier: r.str(),
    exchange: r.str(),
    primaryExch: r.str(),
    currency: r.str(),
    localSymbol: r.str(),
    tradingClass: r.str(),
  };
}

export interface RequestedLeg {
  conId: number;
  ratio: number;
  action: string;
  exchange: string;
}

/** A short description for error texts, the way TWS names a contract. */
export function describe(c: RequestedContract): string {
  return c.symbol || c.localSymbol || (c.conId ? String(c.conId) : "the request");
}
