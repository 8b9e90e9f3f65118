/**
 * Analysis of a position against the live market: each leg priced from its quote (unless a price is given),
 * then exact expiry risk, breakevens, probability of profit, position greeks, the strategy's name and the
 * permission policy's verdict. Shared by calculate_strategy, trade proposals and the strategy page.
 */
import { InputError } from "../errors";
import type { Ib } from "../ib";
import type { MarketDataKind, OptionQuote, Position } from "../ib/types";
import type { Leg, OptionLeg } from "../options/types";
import { interpretWhatIf, type WhatIfResult } from "../risk/what-if";
import { checkPermission, type PermissionDecision } from "../strategies/permissions";
import { recogniseStrategy } from "../strategies/recognise";
import type { Holdings } from "../strategies/types";
import type { LegInput } from "./legs";
import { roundTo } from "../options/rounding";
import { fitLegsToNet } from "./net-price";
import { analysePosition, type PositionFigures } from "./position";

export interface PricedLeg {
  type: "call" | "put" | "stock";
  action: "buy" | "sell";
  quantity: number;
  strike?: number;
  expiry?: string;
  /** Premium per share used in the analysis. */
  price: number;
  priceSource: "given" | "mid" | "last" | "stock_quote" | "limit";
  bid?: number;
  ask?: number;
  /** Whether the quote was live, delayed or frozen (the last known price). */
  marketData?: MarketDataKind;
  iv?: number;
  delta?: number;
}

/** The expiry figures of the legs at their mids, beside those at an order's limit. */
export interface FiguresAtMid {
  netDebit: number;
  maxLoss: number | null;
  maxProfit: number | null;
  unlimitedLoss: boolean;
  unlimitedProfit: boolean;
  breakevens: number[];
  probabilityOfProfit: number | null;
}

export interface StrategyAnalysis extends Omit<PositionFigures, "notes"> {
  symbol: string;
  spot: number;
  strategy: { name: string; label: string };
  legs: PricedLeg[];
  /** The net debit at the natural price: buying at the ask, selling at the bid (what a marketable order pays). */
  netDebitNatural: number | null;
  /** When analysed at a limit: the same figures at the legs' mids, for comparison. */
  atMid?: FiguresAtMid;
  permission: PermissionDecision;
  /** TWS's what-if margin and commission for the whole order; null when TWS could not answer (see notes). */
  whatIf: WhatIfResult | null;
  /** Caveats a trader should read (e.g. a leg priced from a wide market). */
  notes: string[];
  asOf: string;
}

export interface AnalyseOptions {
  ivShift?: number;
  /**
   * Analyse at an order's limit per unit (e.g. a spread's, per share) instead of the legs' mids: paid when the
   * legs cost a debit at the market, received when they bring a credit. The option legs' prices are scaled
   * to net to it (see net-price.ts).
   */
  limitPerUnit?: number;
  now?: number;
}

export async function analyseStrategy(ib: Ib, symbol: string, inputs: readonly LegInput[], options: AnalyseOptions = {}): Promise<StrategyAnalysis> {
  const nowMs = options.now ?? Date.now();
  const notes: string[] = [];
  const info = await ib.optionChainInfo(symbol);
  for (const leg of inputs) {
    if (leg.type === "stock") continue;
    if (!info.expirations.includes(leg.expiry)) {
      throw new InputError(`${symbol} has no options expiring on ${leg.expiry}. Call get_options_chain without expiry to list the expiries.`);
    }
    if (!info.strikes.includes(leg.strike)) {
      const near = nearest(info.strikes, leg.strike);
      throw new InputError(`${symbol} has no ${leg.strike} strike; the nearest listed are ${near.join(" and ")}.`);
    }
  }

  const underlying = await ib.quote(symbol);
  const spot = underlying.last ?? underlying.mid ?? underlying.close;
  if (spot === undefined) throw new InputError(`No current price for ${symbol}; try again when it is trading.`);

  const quotes = await Promise.all(
    inputs.map((leg) => (leg.type === "stock" ? Promise.resolve(undefined) : ib.optionQuote(symbol, leg.expiry, leg.strike, leg.type === "call" ? "C" : "P", spot))),
  );

  const priced: PricedLeg[] = [];
  const legs: Leg[] = [];
  let natural: number | null = 0;
  inputs.forEach((input, i) => {
    const sign = input.action === "buy" ? 1 : -1;
    if (input.type === "stock") {
      const price = input.price ?? spot;
      priced.push({
        type: "stock",
        action: input.action,
        quantity: input.quantity,
        price,
        priceSource: input.price === undefined ? "stock_quote" : "given",
        bid: underlying.bid,
        ask: underlying.ask,
        marketData: underlying.marketData,
      });
      legs.push({ kind: "stock", quantity: sign * input.quantity, price });
      const fill = input.action === "buy" ? underlying.ask : underlying.bid;
      natural = natural === null || fill === undefined ? null : natural + sign * fill * input.quantity;
      return;
    }
    const quote = quotes[i] as OptionQuote;
    const label = `${input.action} ${input.quantity} ${symbol} ${input.expiry} ${input.strike} ${input.type}`;
    if (quote.missing) throw new InputError(`TWS lists no ${input.strike} ${input.type} expiring ${input.expiry} for ${symbol}; pick a strike listed for that expiry (get_options_chain).`);
    const price = input.price ?? quote.mid ?? quote.last;
    if (price === undefined) throw new InputError(`No market for ${label}: give its price.`);
    const source = input.price !== undefined ? "given" : quote.mid !== undefined ? "mid" : "last";
    if (quote.bid !== undefined && quote.ask !== undefined && quote.ask - quote.bid > Math.max(0.1, 0.25 * (quote.mid ?? 0))) {
      notes.push(`Wide market on ${label}: ${quote.bid.toFixed(2)} × ${quote.ask.toFixed(2)}.`);
    }
    priced.push({ type: input.type, action: input.action, quantity: input.quantity, strike: input.strike, expiry: input.expiry, price, priceSource: source, bid: quote.bid, ask: quote.ask, marketData: quote.marketData, iv: quote.iv, delta: quote.delta });
    const leg: OptionLeg = { kind: "option", right: input.type, strike: input.strike, expiry: input.expiry, quantity: sign * input.quantity, multiplier: info.multiplier, price, iv: quote.iv };
    legs.push(leg);
    const fill = input.action === "buy" ? quote.ask : quote.bid;
    natural = natural === null || fill === undefined ? null : natural + sign * fill * input.quantity * info.multiplier;
  });

  const legsAtMid = [...legs];
  if (options.limitPerUnit !== undefined) {
    const atMarket = legs.reduce((sum, l) => sum + l.quantity * (l.price ?? 0), 0);
    const fitted = fitLegsToNet(legs, atMarket >= 0 ? options.limitPerUnit : -options.limitPerUnit);
    fitted.forEach((leg, i) => {
      if (leg.price === legs[i]!.price) return;
      legs[i] = leg;
      priced[i] = { ...priced[i]!, price: roundTo(leg.price ?? 0, 4), priceSource: "limit" };
    });
  }

  const market = { spot, rate: ib.riskFreeRate, dividendYield: 0, nowMs };
  const { notes: figureNotes, ...figures } = analysePosition(legs, market, { ivShift: options.ivShift });
  notes.push(...figureNotes);
  const recognition = recogniseStrategy(legs);
  const positions = await ib.positions().catch(() => [] as Position[]);
  const permission = checkPermission(legs, holdingsOf(symbol, positions));
  const whatIf = await whatIfFor(ib, symbol, legs).catch((error: unknown) => {
    notes.push(`TWS what-if (margin, commission) unavailable: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });
  // TWS gives a commission range only when it cannot give the commission itself: no need to mention it then.
  const unknown = whatIf?.unknown.filter((f) => !(whatIf.commission !== null && (f === "minCommission" || f === "maxCommission"))) ?? [];
  if (unknown.length > 0) notes.push(`TWS left some what-if figures unknown: ${unknown.join(", ")}.`);

  let atMid: FiguresAtMid | undefined;
  if (options.limitPerUnit !== undefined) {
    const mid = analysePosition(legsAtMid, market, { ivShift: options.ivShift });
    atMid = {
      netDebit: mid.netDebit,
      maxLoss: mid.maxLoss,
      maxProfit: mid.maxProfit,
      unlimitedLoss: mid.unlimitedLoss,
      unlimitedProfit: mid.unlimitedProfit,
      breakevens: mid.breakevens,
      probabilityOfProfit: mid.probabilityOfProfit,
    };
  }
  return {
    symbol,
    spot,
    strategy: { name: recognition.name, label: permission.label },
    legs: priced,
    netDebitNatural: natural === null ? null : roundTo(natural, 2),
    ...figures,
    ...(atMid ? { atMid } : {}),
    permission,
    whatIf,
    notes,
    asOf: new Date(nowMs).toISOString(),
  };
}

/** What-if of the legs as one order at their analysed prices. */
async function whatIfFor(ib: Ib, symbol: string, legs: readonly Leg[]): Promise<WhatIfResult> {
  const raw = await ib.whatIf(
    symbol,
    legs.map((l) =>
      l.kind === "stock"
        ? { secType: "STK" as const, quantity: l.quantity, price: l.price ?? 0 }
        : { secType: "OPT" as const, quantity: l.quantity, price: l.price ?? 0, expiry: l.expiry, strike: l.strike, right: l.right === "call" ? ("C" as const) : ("P" as const) },
    ),
  );
  return interpretWhatIf(raw);
}

/** The shares and options on `symbol` that a proposal is checked against (a covered call needs the shares). */
export function holdingsOf(symbol: string, positions: readonly Position[]): Holdings {
  const mine = positions.filter((p) => p.symbol.toUpperCase() === symbol.toUpperCase());
  return {
    shares: mine.filter((p) => p.secType === "STK").reduce((a, p) => a + p.quantity, 0),
    options: mine
      .filter((p) => p.secType === "OPT" && p.expiry && p.strike && p.right)
      .map((p) => ({ kind: "option" as const, right: p.right === "C" ? ("call" as const) : ("put" as const), strike: p.strike!, expiry: p.expiry!, quantity: p.quantity, multiplier: p.multiplier })),
  };
}

function nearest(values: readonly number[], target: number): number[] {
  const below = [...values].reverse().find((v) => v < target);
  const above = values.find((v) => v > target);
  return [below, above].filter((v): v is number => v !== undefined);
}

