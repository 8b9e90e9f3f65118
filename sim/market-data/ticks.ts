import type { OptionComputation } from "../protocol/outbound";
import { Tick } from "../protocol/message-ids";
import type { StockQuote } from "../market/stock-quotes";
import type { OptionQuote, SideComputation } from "../market/option-quotes";

/** One value in a market-data stream, before it is encoded (and before delayed tick types are applied). */
export type TickValue =
  | { kind: "price"; type: number; price: number; size: number | undefined }
  | { kind: "size"; type: number; size: number }
  | { kind: "string"; type: number; value: string }
  | { kind: "generic"; type: number; value: number }
  | { kind: "option"; type: number; comp: OptionComputation };

/** A stock's ticks in the order TWS sends them: bid, ask, last (each price then size), then the day's figures. */
export function stockTicks(q: StockQuote): TickValue[] {
  return [
    { kind: "price", type: Tick.BID, price: q.bid, size: q.bidSize },
    { kind: "size", type: Tick.BID_SIZE, size: q.bidSize },
    { kind: "price", type: Tick.ASK, price: q.ask, size: q.askSize },
    { kind: "size", type: Tick.ASK_SIZE, size: q.askSize },
    { kind: "price", type: Tick.LAST, price: q.last, size: q.lastSize },
    { kind: "size", type: Tick.LAST_SIZE, size: q.lastSize },
    { kind: "string", type: Tick.LAST_TIMESTAMP, value: String(q.lastTime) },
    { kind: "size", type: Tick.VOLUME, size: q.volume },
    { kind: "price", type: Tick.HIGH, price: q.high, size: 0 },
    { kind: "price", type: Tick.LOW, price: q.low, size: 0 },
    { kind: "price", type: Tick.CLOSE, price: q.close, size: 0 },
    { kind: "price", type: Tick.OPEN, price: q.open, size: 0 },
  ];
}

/** A key that changes when the value changes, so streams send only what moved (as TWS does). */
export function tickFingerprint(t: TickValue): string {
  switch (t.kind) {
    case "price":
      return `${t.price}|${t.size ?? ""}`;
    case "size":
      return String(t.size);
    case "string":
      return t.value;
    case "generic":
      return String(t.value);
    case "option": {
      const c = t.comp;
      return `${c.impliedVol}|${c.delta}|${c.optPrice}|${c.undPrice}`;
    }
  }
}

/** Option ticks: quote, day figures, then the four option computations (bid, ask, last, model) TWS sends. */
export function optionTicks(q: OptionQuote, right: "C" | "P", generic: Set<number>): TickValue[] {
  const comp = (side: SideComputation | undefined, model: boolean): OptionComputation => {
    const g = model ? q.model.greeks : side?.greeks;
    const iv = model ? q.model.iv : side?.iv;
    return {
      tickAttrib: model ? 0 : 1,
      impliedVol: iv,
      delta: g?.delta,
      optPrice: model ? q.model.greeks.price : side?.price,
      pvDividend: q.pvDividend,
      gamma: g?.gamma,
      vega: g?.vega,
      theta: g?.theta,
      undPrice: q.underlyingPrice,
    };
  };
  const ticks: TickValue[] = [
    { kind: "price", type: Tick.BID, price: q.bid, size: q.bidSize },
    { kind: "size", type: Tick.BID_SIZE, size: q.bidSize },
    { kind: "price", type: Tick.ASK, price: q.ask, size: q.askSize },
    { kind: "size", type: Tick.ASK_SIZE, size: q.askSize },
    { kind: "option", type: Tick.BID_OPTION, comp: comp(q.bidSide, false) },
    { kind: "option", type: Tick.ASK_OPTION, comp: comp(q.askSide, false) },
    { kind: "price", type: Tick.LAST, price: q.last, size: q.lastSize },
    { kind: "size", type: Tick.LAST_SIZE, size: q.lastSize },
    { kind: "string", type: Tick.LAST_TIMESTAMP, value: String(q.lastTime) },
    { kind: "option", type: Tick.LAST_OPTION, comp: comp(q.lastSide, false) },
    { kind: "size", type: Tick.VOLUME, size: q.volume },
    { kind: "price", type: Tick.HIGH, price: q.high, size: 0 },
    { kind: "price", type: Tick.LOW, price: q.low, size: 0 },
    { kind: "price", type: Tick.CLOSE, price: q.close, size: 0 },
    { kind: "price", type: Tick.OPEN, price: q.open, size: 0 },
    { kind: "option", type: Tick.MODEL_OPTION, comp: comp(undefined, true) },
  ];
  if (generic.has(101)) {
    ticks.push({ kind: "size", type: right === "C" ? Tick.OPTION_CALL_OPEN_INTEREST : Tick.OPTION_PUT_OPEN_INTEREST, size: q.openInterest });
  }
  if (generic.has(100)) {
    ticks.push({ kind: "size", type: right === "C" ? Tick.OPTION_CALL_VOLUME : Tick.OPTION_PUT_VOLUME, size: q.volume });
  }
  if (generic.has(106)) ticks.push({ kind: "generic", type: Tick.OPTION_IMPLIED_VOL, value: q.model.iv });
  return ticks;
}

/** What an underlying's generic ticks report, from its option market and realised volatility. */
export interface UnderlyingStats {
  callVolume: number;
  putVolume: number;
  callOpenInterest: number;
  putOpenInterest: number;
  historicalVol: number;
  impliedVol: number;
  markPrice: number;
}

/** Generic ticks on a stock request: 100 option volume, 101 open interest, 104/106 vols, 221 mark, 236 shortable. */
export function underlyingGenericTicks(stats: UnderlyingStats, generic: Set<number>): TickValue[] {
  const ticks: TickValue[] = [];
  if (generic.has(100)) {
    ticks.push({ kind: "size", type: Tick.OPTION_CALL_VOLUME, size: stats.callVolume });
    ticks.push({ kind: "size", type: Tick.OPTION_PUT_VOLUME, size: stats.putVolume });
  }
  if (generic.has(101)) {
    ticks.push({ kind: "size", type: Tick.OPTION_CALL_OPEN_INTEREST, size: stats.callOpenInterest });
    ticks.push({ kind: "size", type: Tick.OPTION_PUT_OPEN_INTEREST, size: stats.putOpenInterest });
  }
  if (generic.has(104)) ticks.push({ kind: "generic", type: Tick.OPTION_HISTORICAL_VOL, value: stats.historicalVol });
  if (generic.has(106)) ticks.push({ kind: "generic", type: Tick.OPTION_IMPLIED_VOL, value: stats.impliedVol });
  if (generic.has(221)) ticks.push({ kind: "price", type: Tick.MARK_PRICE, price: stats.markPrice, size: undefined });
  if (generic.has(236)) ticks.push({ kind: "generic", type: Tick.SHORTABLE, value: 3 });
  return ticks;
}
