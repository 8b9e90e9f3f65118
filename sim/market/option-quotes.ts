import { RTH_CLOSE_MIN, RTH_OPEN_MIN, nyToUtc, previousTradingDay, type DayNumber } from "./calendar";
import type { OptionInstrument } from "./instruments";
import { type ExpiryKind } from "./option-chains";
import { bsm, type Greeks, impliedVol } from "./pricing";
import { roundTo } from "./price-path";
import { hashString, intBetween, uniform } from "./rng";
import { StockMarket } from "./stock-quotes";
import { impliedVolAt } from "./vol-surface";

/** The risk-free rate used for every option (a 3-month T-bill yield level). */
export const RISK_FREE_RATE = 0.043;
const YEAR_MS = 365 * 86_400_000;

/** Price-based computation for one side of the quote (what tickOptionComputation carries). */
export interface SideComputation {
  price: number;
  iv: number | undefined;
  greeks: Greeks | undefined;
}

export interface OptionQuote {
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  last: number;
  lastSize: number;
  volume: number;
  openInterest: number;
  open: number;
  high: number;
  low: number;
  close: number;
  lastTime: number;
  underlyingPrice: number;
  pvDividend: number;
  model: { iv: number; greeks: Greeks };
  bidSide: SideComputation;
  askSide: SideComputation;
  lastSide: SideComputation;
}

export function yearsToExpiry(expiry: DayNumber, t: number): number {
  return Math.max(0, nyToUtc(expiry, RTH_CLOSE_MIN) - t) / YEAR_MS;
}

/** Quoting increment: ETF options quote in pennies, single-stock options in pennies below $3 and nickels above. */
function quoteTick(inst: OptionInstrument, price: number): number {
  return inst.underlying.stockType === "ETF" || price < 3 ? 0.01 : 0.05;
}

/**
 * Quotes of listed options: the model price from the volatility surface, a spread that widens away from the
 * money and with maturity, sizes, a last trade near the mid, and volume and open interest that concentrate near
 * the money and in the front expiries.
 */
export class OptionMarket {
  private readonly stream: number;
  private cache = new Map<number, { second: number; quote: OptionQuote }>();

  constructor(
    private readonly seed: number,
    private readonly stocks: (symbol: string) => StockMarket,
    private readonly expiryKind: (inst: OptionInstrument) => ExpiryKind,
  ) {
    this.stream = hashString("options");
  }

  /** Model price and greeks at a given underlying price and time. */
  model(inst: OptionInstrument, s: number, t: number): { iv: number; greeks: Greeks; years: number } {
    const u = inst.underlying;
    const years = yearsToExpiry(inst.expiry, t);
    const forward = s * Math.exp((RISK_FREE_RATE - u.dividendYield) * years);
    const iv = impliedVolAt(u, years, inst.strike, forward);
    return { iv, greeks: bsm(inst.right, s, inst.strike, years, RISK_FREE_RATE, u.dividendYield, iv), years };
  }

  /** Theoretical value at a past session's close (for the close tick and daily P&L). */
  closeValue(inst: OptionInstrument, day: DayNumber): number {
    const stock = this.stocks(inst.symbol);
    const closeT = nyToUtc(day, RTH_CLOSE_MIN);
    return this.model(inst, stock.sessionClose(day), closeT).greeks.price;
  }

  quote(inst: OptionInstrument, t: number): OptionQuote {
    const second = Math.floor(t / 1000);
    const hit = this.cache.get(inst.conId);
    if (hit && hit.second === second) return hit.quote;
    const q = this.compute(inst, t, second);
    if (this.cache.size > 20_000) this.cache.clear();
    this.cache.set(inst.conId, { second, quote: q });
    return q;
  }

  private compute(inst: OptionInstrument, t: number, second: number): OptionQuote {
    const u = inst.underlying;
    const stock = this.stocks(inst.symbol);
    const s = stock.mid(t);
    const { iv, greeks, years } = this.model(inst, s, t);
    const theo = greeks.price;
    const atmStd = iv * Math.sqrt(Math.max(years, 1 / 365));
    const x = Math.log(inst.strike / s) / atmStd;
    const tick = quoteTick(inst, theo);
    const etf = u.stockType === "ETF";
    const base = etf ? 0.01 + 0.006 * theo : 0.02 + 0.012 * theo;
    const spread = Math.max(tick, base * (1 + 0.15 * x * x) * (1 + 1.2 * years));
    let bid = Math.floor((theo - spread / 2) / tick + 1e-9) * tick;
    let ask = Math.ceil((theo + spread / 2) / tick - 1e-9) * tick;
    if (bid < 0 || theo < tick / 2) bid = 0;
    if (ask <= bid) ask = bid + tick;
    bid = roundTo(bid, 0.01);
    ask = roundTo(ask, 0.01);
    const cid = inst.conId;
    const depth = Math.max(0.05, Math.exp(-(x * x) / 8));
    const sizeCap = Math.max(1, Math.round((etf ? 400 : 150) * depth));
    const bidSize = bid > 0 ? intBetween(this.seed, this.stream ^ cid, second * 4, 1, sizeCap) : 0;
    const askSize = intBetween(this.seed, this.stream ^ cid, second * 4 + 1, 1, sizeCap);

    // The last trade printed within the current minute, on the bid or the ask.
    const minute = Math.floor(t / 60_000);
    const lastT = minute * 60_000;
    const lastQuoteMid = (() => {
      const sm = stock.mid(lastT);
      return this.model(inst, sm, lastT).greeks.price;
    })();
    const lastOnAsk = uniform(this.seed, this.stream ^ cid, minute * 4 + 2) < 0.5;
    const half = Math.max(tick, base) / 2;
    const last = roundTo(Math.max(0.01, Math.round((lastQuoteMid + (lastOnAsk ? half : -half)) / tick) * tick), 0.01);
    const lastSize = intBetween(this.seed, this.stream ^ cid, minute * 4 + 3, 1, 20);

    const day = StockMarket.sessionDay(t);
    const openT = nyToUtc(day, RTH_OPEN_MIN);
    const closeT = nyToUtc(day, RTH_CLOSE_MIN);
    const elapsed = Math.min(1, Math.max(0, (t - openT) / (closeT - openT)));
    const days = Math.max(0, years * 365);
    const kind = this.expiryKind(inst);
    const contractWeight = Math.exp(-(x * x) / 2) * (Math.exp(-days / 20) + 0.05);
    const fullDay = (u.dailyVolume / 2500) * contractWeight * (0.7 + 0.6 * uniform(this.seed, this.stream ^ cid, day));
    const volume = Math.round(fullDay * (elapsed + 0.25 * ((2 * elapsed - 1) ** 3 + 1)) / 1.5);
    // Open interest is fixed for the day (it is published once, overnight), so it uses the reference price.
    const openX = Math.log(inst.strike / stock.path.originPrice) / atmStd;
    const kindWeight = kind === "monthly" ? 3 : kind === "leap" ? 2 : kind === "weekly" ? 1 : 0.4;
    const openInterest = Math.round(
      (u.dailyVolume / 800) * Math.exp(-(openX * openX) / 3) * kindWeight * Math.min(2, 0.3 + Math.floor(days) / 60) * (0.7 + 0.6 * uniform(this.seed, this.stream ^ cid, 7)),
    );

    const close = roundTo(this.closeValue(inst, previousTradingDay(day)), 0.01);
    const open = t >= openT ? roundTo(this.model(inst, stock.mid(openT), openT).greeks.price, 0.01) : close;
    const side = (price: number): SideComputation => {
      const v = impliedVol(inst.right, price, s, inst.strike, years, RISK_FREE_RATE, u.dividendYield);
      return { price, iv: v, greeks: v === undefined ? undefined : bsm(inst.right, s, inst.strike, years, RISK_FREE_RATE, u.dividendYield, v) };
    };
    return {
      bid,
      ask,
      bidSize,
      askSize,
      last,
      lastSize,
      volume,
      openInterest,
      open,
      high: Math.max(open, last, roundTo(theo, 0.01)),
      low: Math.min(open, last, roundTo(theo, 0.01)),
      close,
      lastTime: Math.floor(lastT / 1000),
      underlyingPrice: s,
      pvDividend: s * (1 - Math.exp(-u.dividendYield * years)),
      model: { iv, greeks },
      bidSide: side(bid),
      askSide: side(ask),
      lastSide: side(last),
    };
  }
}
