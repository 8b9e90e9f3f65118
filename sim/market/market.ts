import { nyTime } from "./calendar";
import type { SimClock } from "./clock";
import type { Instrument, OptionInstrument, RequestedContract, StockInstrument } from "./instruments";
import { type ExpiryKind, OptionChains } from "./option-chains";
import { OptionMarket } from "./option-quotes";
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
  readonly chains: OptionChains;
  readonly options: OptionMarket;

  constructor(
    readonly seed: number,
    readonly clock: SimClock,
  ) {
    for (const u of UNDERLYINGS) {
      this.stocks.set(u.symbol, new StockMarket(u, seed, clock.startTime));
      this.stockInstruments.set(u.symbol, { kind: "stock", conId: u.conId, symbol: u.symbol, underlying: u, minTick: 0.01, multiplier: 1 });
    }
    // Strikes are listed around the starting price and stay put for the run, as exchange listings do.
    this.chains = new OptionChains((u) => this.stock(u).path.originPrice);
    this.options = new OptionMarket(
      seed,
      (symbol) => {
        const s = this.stocks.get(symbol);
        if (!s) throw new Error(`no market for ${symbol}`);
        return s;
      },
      (inst) => this.expiryKind(inst),
    );
  }

  expiryKind(inst: OptionInstrument): ExpiryKind {
    return this.chains.chain(inst.underlying, this.today()).find((e) => e.day === inst.expiry)?.kind ?? "monthly";
  }

  /** Mid price per share or per option (not multiplied) at a simulated time. */
  mark(inst: Instrument, t: number): number {
    if (inst.kind === "stock") {
      const q = this.stock(inst.underlying).quote(t);
      return (q.bid + q.ask) / 2;
    }
    const q = this.options.quote(inst, t);
    return (q.bid + q.ask) / 2;
  }

  /** Previous session's closing mark. */
  priorClose(inst: Instrument, t: number): number {
    if (inst.kind === "stock") return this.stock(inst.underlying).quote(t).close;
    return this.options.quote(inst, t).close;
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
      if (secType !== "" && secType !== "OPT") return { ok: false, reason: "unknown" };
      return this.chains.resolve(req, this.today());
    }
    if (secType === "OPT") return this.chains.resolve(req, this.today());
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
