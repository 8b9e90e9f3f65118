import type { Instrument } from "../market/instruments";

export interface Position {
  instrument: Instrument;
  /** Shares or contracts; negative when short. */
  quantity: number;
  /** Average cost per share or per contract (price x multiplier), commissions included, as TWS reports it. */
  avgCost: number;
  /** Mark at the previous close, for the daily P&L. */
  priorMark: number | undefined;
  /** Realised P&L of this position today. */
  realizedToday: number;
}

export interface AccountValues {
  netLiquidation: number;
  totalCash: number;
  stockValue: number;
  optionValue: number;
  grossPositionValue: number;
  equityWithLoan: number;
  initMargin: number;
  maintMargin: number;
  availableFunds: number;
  excessLiquidity: number;
  buyingPower: number;
  unrealizedPnl: number;
  realizedPnl: number;
  dailyPnl: number;
}

/** Marks and margin inputs the account needs from the market. */
export interface Valuation {
  /** Current mark per share or per option (not multiplied). */
  mark(inst: Instrument): number;
  /** Mark at the previous close. */
  priorClose(inst: Instrument): number;
  underlyingPrice(inst: Instrument): number;
}

/**
 * One simulated margin account: cash, positions and a Reg T style margin model
 * (stock 50% initial / 25% maintenance; long options paid in full; short options covered by stock or by a
 * long option of the same right and at least the same expiry are charged the spread width; naked short
 * options the exchange minimum: premium + max(20% of the underlying - out-of-the-money amount, 10%)).
 */
export class Account {
  cash: number;
  realizedToday = 0;
  readonly positions = new Map<number, Position>();

  constructor(
    readonly id: string,
    readonly initialCash: number,
  ) {
    this.cash = initialCash;
  }

  position(conId: number): Position | undefined {
    return this.positions.get(conId);
  }

  /** Books a fill: signed quantity (positive buys), price per share/option, commission in dollars. Returns realised P&L. */
  applyFill(inst: Instrument, signedQty: number, price: number, commission: number): number {
    const mult = inst.multiplier;
    this.cash -= signedQty * price * mult + commission;
    const existing = this.positions.get(inst.conId);
    let realized = 0;
    if (!existing || existing.quantity === 0) {
      this.positions.set(inst.conId, {
        instrument: inst,
        quantity: signedQty,
        avgCost: (signedQty * price * mult + commission) / signedQty,
        priorMark: price, // P&L of a position opened today runs from its entry
        realizedToday: existing?.realizedToday ?? 0,
      });
    } else if (Math.sign(existing.quantity) === Math.sign(signedQty)) {
      const total = existing.quantity + signedQty;
      existing.avgCost = (existing.avgCost * existing.quantity + signedQty * price * mult + commission) / total;
      existing.quantity = total;
    } else {
      const closing = Math.min(Math.abs(signedQty), Math.abs(existing.quantity));
      const sign = Math.sign(existing.quantity);
      // Realised = (exit - average entry) on the closed part, less this fill's commission share.
      realized = sign * closing * (price * mult - existing.avgCost) - commission * (closing / Math.abs(signedQty));
      const remaining = existing.quantity + signedQty;
      if (remaining === 0 || Math.sign(remaining) === sign) {
        existing.quantity = remaining;
      } else {
        // Flipped through zero: the rest opens a new position at this price.
        existing.quantity = remaining;
        existing.avgCost = price * mult + (commission * (Math.abs(remaining) / Math.abs(signedQty))) / Math.abs(remaining);
      }
      existing.realizedToday += realized;
      this.realizedToday += realized;
    }
    return realized;
  }

  /** Margin requirement of a set of positions (used for the account and for what-if orders). */
  static margin(positions: Iterable<Position>, valuation: Valuation): { init: number; maint: number } {
    let init = 0;
    let maint = 0;
    const byUnderlying = new Map<string, Position[]>();
    for (const p of positions) {
      if (p.quantity === 0) continue;
      const key = p.instrument.underlying.symbol;
      const list = byUnderlying.get(key) ?? [];
      list.push(p);
      byUnderlying.set(key, list);
    }
    for (const list of byUnderlying.values()) {
      let shares = 0;
      let stockPrice = 0;
      for (const p of list) {
        if (p.instrument.kind !== "stock") continue;
        shares += p.quantity;
        stockPrice = valuation.mark(p.instrument);
        const value = Math.abs(p.quantity) * stockPrice;
        init += 0.5 * value;
        maint += (p.quantity > 0 ? 0.25 : 0.3) * value;
      }
      // Long option contracts available to cover shorts, per right, as [strike, expiry, count] lots.
      const longs = list
        .filter((p) => p.instrument.kind === "option" && p.quantity > 0)
        .map((p) => ({ p, left: p.quantity }));
      for (const p of list) {
        const inst = p.instrument;
        if (inst.kind !== "option" || p.quantity >= 0) continue;
        let uncovered = -p.quantity;
        const und = valuation.underlyingPrice(inst);
        let req = 0;
        if (inst.right === "C" && shares >= 100) {
          const covered = Math.min(uncovered, Math.floor(shares / 100));
          shares -= covered * 100;
          uncovered -= covered;
        }
        for (const lot of longs) {
          if (uncovered === 0) break;
          const li = lot.p.instrument;
          if (li.kind !== "option" || li.right !== inst.right || li.expiry < inst.expiry || lot.left === 0) continue;
          const n = Math.min(uncovered, lot.left);
          const width = inst.right === "C" ? li.strike - inst.strike : inst.strike - li.strike;
          req += Math.max(0, width) * 100 * n;
          lot.left -= n;
          uncovered -= n;
        }
        if (uncovered > 0) {
          const premium = valuation.mark(inst);
          const otm = inst.right === "C" ? Math.max(0, inst.strike - und) : Math.max(0, und - inst.strike);
          const floor = inst.right === "C" ? 0.1 * und : 0.1 * inst.strike;
          req += (premium + Math.max(0.2 * und - otm, floor)) * 100 * uncovered;
        }
        init += req;
        maint += req;
      }
    }
    return { init, maint };
  }

  values(valuation: Valuation): AccountValues {
    let stockValue = 0;
    let optionValue = 0;
    let gross = 0;
    let unrealized = 0;
    let daily = this.realizedToday;
    for (const p of this.positions.values()) {
      if (p.quantity === 0) continue;
      const mark = valuation.mark(p.instrument);
      const value = p.quantity * mark * p.instrument.multiplier;
      if (p.instrument.kind === "stock") stockValue += value;
      else optionValue += value;
      gross += Math.abs(value);
      unrealized += value - p.quantity * p.avgCost;
      const prior = p.priorMark ?? mark;
      daily += p.quantity * (mark - prior) * p.instrument.multiplier;
    }
    const { init, maint } = Account.margin(this.positions.values(), valuation);
    const equityWithLoan = this.cash + stockValue;
    const netLiquidation = this.cash + stockValue + optionValue;
    const availableFunds = equityWithLoan - init;
    return {
      netLiquidation,
      totalCash: this.cash,
      stockValue,
      optionValue,
      grossPositionValue: gross,
      equityWithLoan,
      initMargin: init,
      maintMargin: maint,
      availableFunds,
      excessLiquidity: equityWithLoan - maint,
      buyingPower: Math.max(0, availableFunds * 4),
      unrealizedPnl: unrealized,
      realizedPnl: this.realizedToday,
      dailyPnl: daily,
    };
  }
}
