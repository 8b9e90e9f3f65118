import type { DayNumber } from "./calendar";
import type { Underlying } from "./underlyings";

/** A tradable contract the simulator knows: a stock/ETF or one listed option. */
export type Instrument = StockInstrument | OptionInstrument;

export interface StockInstrument {
  kind: "stock";
  conId: number;
  symbol: string;
  underlying: Underlying;
  minTick: number;
  multiplier: 1;
}

export interface OptionInstrument {
  kind: "option";
  conId: number;
  symbol: string;
  underlying: Underlying;
  expiry: DayNumber;
  strike: number;
  right: "C" | "P";
  tradingClass: string;
  minTick: number;
  multiplier: 100;
}

/** The contract as a client describes it in a request (empty strings and undefined mean "any"). */
export interface RequestedContract {
  conId: number;
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth: string;
  strike: number | undefined;
  right: string;
  multiplier: string;
  exchange: string;
  primaryExch: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
}
