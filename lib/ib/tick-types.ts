/** TWS tick type numbers (the TWS API's TickType list) for the fields SumpPump reads. */
export const Tick = {
  BID_SIZE: 0,
  BID: 1,
  ASK: 2,
  ASK_SIZE: 3,
  LAST: 4,
  LAST_SIZE: 5,
  HIGH: 6,
  LOW: 7,
  VOLUME: 8,
  CLOSE: 9,
  OPEN: 14,
  DELAYED_BID: 66,
  DELAYED_ASK: 67,
  DELAYED_LAST: 68,
  DELAYED_BID_SIZE: 69,
  DELAYED_ASK_SIZE: 70,
  DELAYED_LAST_SIZE: 71,
  DELAYED_HIGH: 72,
  DELAYED_LOW: 73,
  DELAYED_VOLUME: 74,
  DELAYED_CLOSE: 75,
  DELAYED_OPEN: 76,
} as const;

/** Quote fields by tick type; delayed ticks map onto the same fields. */
export const QUOTE_FIELD_BY_TICK: Readonly<Record<number, QuoteField>> = {
  [Tick.BID]: "bid",
  [Tick.ASK]: "ask",
  [Tick.LAST]: "last",
  [Tick.HIGH]: "high",
  [Tick.LOW]: "low",
  [Tick.CLOSE]: "close",
  [Tick.OPEN]: "open",
  [Tick.BID_SIZE]: "bidSize",
  [Tick.ASK_SIZE]: "askSize",
  [Tick.LAST_SIZE]: "lastSize",
  [Tick.VOLUME]: "volume",
  [Tick.DELAYED_BID]: "bid",
  [Tick.DELAYED_ASK]: "ask",
  [Tick.DELAYED_LAST]: "last",
  [Tick.DELAYED_HIGH]: "high",
  [Tick.DELAYED_LOW]: "low",
  [Tick.DELAYED_CLOSE]: "close",
  [Tick.DELAYED_OPEN]: "open",
  [Tick.DELAYED_BID_SIZE]: "bidSize",
  [Tick.DELAYED_ASK_SIZE]: "askSize",
  [Tick.DELAYED_LAST_SIZE]: "lastSize",
  [Tick.DELAYED_VOLUME]: "volume",
};

export type QuoteField =
  | "bid"
  | "ask"
  | "last"
  | "high"
  | "low"
  | "close"
  | "open"
  | "bidSize"
  | "askSize"
  | "lastSize"
  | "volume";

/** TWS's market data type numbers (reqMarketDataType / the MARKET_DATA_TYPE message). */
export const MARKET_DATA_KIND = { 1: "live", 2: "frozen", 3: "delayed", 4: "delayed-frozen" } as const;

/** Option-specific tick types. */
export const OptionTick = {
  OPTION_CALL_OPEN_INTEREST: 27,
  OPTION_PUT_OPEN_INTEREST: 28,
  OPTION_CALL_VOLUME: 29,
  OPTION_PUT_VOLUME: 30,
  /** tickOptionComputation types: computed from the bid, the ask, the last trade, and TWS's model. */
  BID_OPTION: 10,
  ASK_OPTION: 11,
  LAST_OPTION: 12,
  MODEL_OPTION: 13,
  DELAYED_BID_OPTION: 80,
  DELAYED_ASK_OPTION: 81,
  DELAYED_LAST_OPTION: 82,
  DELAYED_MODEL_OPTION: 83,
} as const;
