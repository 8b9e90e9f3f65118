import type { OptionComputation } from "../protocol/outbound";
import { Tick } from "../protocol/message-ids";
import type { StockQuote } from "../market/stock-quotes";

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
