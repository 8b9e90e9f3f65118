/** App-facing shapes of what TWS returns. Wire types from @stoqey/ib never leave lib/ib. */

export type MarketDataKind = "live" | "frozen" | "delayed" | "delayed-frozen";

export interface StockContract {
  conId: number;
  symbol: string;
  secType: "STK";
  exchange: string;
  primaryExchange?: string;
  currency: string;
  longName?: string;
  minTick?: number;
  timeZoneId?: string;
  tradingHours?: string;
  liquidHours?: string;
}

export interface Quote {
  symbol: string;
  conId: number;
  currency: string;
  bid?: number;
  ask?: number;
  last?: number;
  /** Previous session's close. */
  close?: number;
  open?: number;
  high?: number;
  low?: number;
  bidSize?: number;
  askSize?: number;
  lastSize?: number;
  volume?: number;
  /** Midpoint of bid and ask when both are present. */
  mid?: number;
  /** last (or mid) − close, and the same as a percentage of close. */
  change?: number;
  changePercent?: number;
  /** "live" unless TWS fell back to delayed or frozen data for this request. */
  marketData: MarketDataKind;
  /** When the quote was taken (ISO 8601). */
  asOf: string;
}

export interface AccountSummary {
  account: string;
  currency: string;
  accountType?: string;
  netLiquidation?: number;
  totalCash?: number;
  buyingPower?: number;
  availableFunds?: number;
  excessLiquidity?: number;
  grossPositionValue?: number;
  initMarginReq?: number;
  maintMarginReq?: number;
  equityWithLoan?: number;
  asOf: string;
}

/** Profit and loss in the account's currency; undefined where TWS had no figure. */
export interface AccountPnl {
  daily?: number;
  unrealized?: number;
  realized?: number;
}

export interface PositionPnl extends AccountPnl {
  /** Market value of the position now (currency). */
  value?: number;
}

export interface Position {
  account: string;
  conId: number;
  symbol: string;
  secType: string;
  /** Option fields, when secType is OPT. */
  expiry?: string;
  strike?: number;
  right?: "C" | "P";
  multiplier?: number;
  currency: string;
  /** Signed: negative for a short position. */
  quantity: number;
  /** Average cost per unit including commissions, as TWS reports it (per contract for options, i.e. ×multiplier). */
  averageCost: number;
}

/** What TWS lists as tradable for an underlying's options (reqSecDefOptParams), SMART-routed. */
export interface OptionChainInfo {
  symbol: string;
  underlyingConId: number;
  tradingClass: string;
  multiplier: number;
  /** Expiry dates, YYYYMMDD, ascending. */
  expirations: string[];
  /** The union of strikes over all expiries, ascending: a given expiry may lack some of them. */
  strikes: number[];
}

export interface OptionContractSpec {
  symbol: string;
  expiry: string;
  strike: number;
  right: "C" | "P";
  tradingClass?: string;
  multiplier?: number;
}

/** Greeks per share; theta per calendar day, vega per vol point (0.01), as traders read them. */
export interface OptionGreeks {
  iv?: number;
  delta?: number;
  gamma?: number;
  vega?: number;
  theta?: number;
}

export interface OptionQuote extends OptionGreeks {
  expiry: string;
  strike: number;
  right: "C" | "P";
  bid?: number;
  ask?: number;
  last?: number;
  mid?: number;
  bidSize?: number;
  askSize?: number;
  volume?: number;
  openInterest?: number;
  /** TWS's model price and the underlying price its greeks used. */
  modelPrice?: number;
  underlyingPrice?: number;
  /** "tws": from TWS's model ticks; "computed": by SumpPump from the quote's implied volatility; "none": neither. */
  greeksSource: "tws" | "computed" | "none";
  marketData: MarketDataKind;
  /** Set when TWS has no such contract (the strike is not listed for this expiry). */
  missing?: boolean;
}
