import { nyTime } from "./calendar";
import type { SimClock } from "./clock";
import type { Instrument, RequestedContract, StockInstrument } from "./instruments";
import { StockMarket } from "./stock-quotes";
import { UNDERLYINGS, type Underlying, underlyingByConId, underlyingBySymbol } from "./underlyings";

/** Exchanges a stock request may name; anything else is not a venue the simulator lists. */
const STOCK_VENUES = new Set(["", "SMART", "ISLAND", "NASDAQ", "ARCA", "NYSE", "AMEX", "BATS", "IEX"]);

export type Resolution = { ok: true; matches: Instrument[] } | { ok: false; reason: "unknown" | "ambiguous" };

/**
 * The whole synthetic market: one StockMarket per underlying, contract lookup, and (from option-chains) the
 * listed options. Everything is a pure function of the seed and the simulated time.
 */
export class Market {
  readonly stocks = new Map<string, StockMarket>();
  private readonly stockInstruments = new Map<string, StockInstrument>();
  /** Option support plugs in here: resolves an OPT request or a conId outside the stock list. */
  optionResolver: ((req: RequestedContract) => Resolution) | undefined;

  constructor(
    readonly seed: number,
    readonly clock: SimClock,
  ) {
    for (const u of UNDERLYINGS) {
      this.stocks.set(u.symbol, new StockMarket(u, seed, clock.startTime));
      this.stockInstruments.set(u.symbol, { kind: "stock", conId: u.conId, symbol: u.symbol, underlying: u, minTick: 0.01, multiplier: 1 });
    }
  }

  now(): number {
    return this.clock.now();
  }

  today(): number {
    return nyTime(this.clock.now()).day;
  }

  stock(u: Underlying): StockMarket {
    const s = this.stocks.get(u.symbol);
    if (!s) throw new Error(`no market for ${u.symbol}`);
    return s;
  }

  stockInstrument(u: Underlying): StockInstrument {
    const s = this.stockInstruments.get(u.symbol);
    if (!s) throw new Error(`no instrument for ${u.symbol}`);
    return s;
  }

  /** Finds the contracts a request describes (several for a partial option description). */
  resolve(req: RequestedContract): Resolution {
    const secType = req.secType.toUpperCase();
    if (req.currency !== "" && req.currency.toUpperCase() !== "USD") return { ok: false, reason: "unknown" };
    if (req.conId > 0) {
      const u = underlyingByConId(req.conId);
      if (u) {
        if (secType !== "" && secType !== "STK") return { ok: false, reason: "unknown" };
        return { ok: true, matches: [this.stockInstrument(u)] };
      }
      return this.optionResolver ? this.optionResolver(req) : { ok: false, reason: "unknown" };
    }
    if (secType === "OPT") return this.optionResolver ? this.optionResolver(req) : { ok: false, reason: "unknown" };
    if (secType !== "STK" && secType !== "") return { ok: false, reason: "unknown" };
    const symbol = req.symbol !== "" ? req.symbol : req.localSymbol;
    const u = underlyingBySymbol(symbol);
    if (!u) return { ok: false, reason: "unknown" };
    if (!STOCK_VENUES.has(req.exchange.toUpperCase())) return { ok: false, reason: "unknown" };
    if (req.primaryExch !== "" && req.primaryExch.toUpperCase() !== u.primaryExch) {
      // TWS accepts a wrong primary exchange for a SMART request only if it still identifies one listing.
      if (req.exchange.toUpperCase() !== "SMART") return { ok: false, reason: "unknown" };
    }
    return { ok: true, matches: [this.stockInstrument(u)] };
  }
}
