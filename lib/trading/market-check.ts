/**
 * Where an order's limit sits against the market: each leg's bid, ask and mid, the order's mid and natural price
 * per unit, the limit in ticks from the mid and as a percentage of the natural, and what a trader should be
 * warned of (paying more than the natural, a limit the market will not reach, zero bids, wide or stale quotes).
 * Pure: the desk feeds it the legs as quoted, at proposal and again at approval.
 *
 * Prices are per unit per share, as a limit is quoted. Internally a price is "paid": + for a debit, − for a
 * credit, so "more than the natural" means the same thing on both sides.
 */
import type { MarketDataKind } from "../ib/types";
import { roundTo } from "../options/rounding";

/** Options and combos are priced here in cents: a tick is 0.01 per share. */
export const TICK = 0.01;

export interface QuotedLeg {
  type: "call" | "put" | "stock";
  action: "buy" | "sell";
  /** Contracts or shares in the whole order. */
  quantity: number;
  strike?: number;
  expiry?: string;
  bid?: number;
  ask?: number;
  marketData?: MarketDataKind;
}

export interface LegMarket {
  label: string;
  action: "buy" | "sell";
  /** Contracts or shares per unit. */
  ratio: number;
  bid: number | null;
  ask: number | null;
  mid: number | null;
  zero_bid: boolean;
  wide: boolean;
  stale: boolean;
}

export type MarketWarningCode = "overpaying" | "unlikely_to_fill" | "outside_band" | "zero_bid" | "wide_market" | "stale_quote" | "no_market";

export interface MarketWarning {
  code: MarketWarningCode;
  message: string;
}

export interface MarketCheck {
  side: "debit" | "credit";
  legs: LegMarket[];
  /** The order per unit: at the legs' mids, and at the natural (buying at the ask, selling at the bid). Positive figures, read with `side`. */
  mid: number | null;
  natural: number | null;
  /** The other side of the market (buying at the bid, selling at the ask): a limit beyond it is unlikely to fill. */
  far: number | null;
  limit: number | null;
  /** + toward the natural (paying more), − away from it. */
  ticks_from_mid: number | null;
  /** The limit as a percentage of the natural. */
  pct_of_natural: number | null;
  /** Limits outside [low, high] are refused outright (SUMPPUMP_LIMIT_BAND_PCT). */
  band: { pct: number; low: number; high: number } | null;
  warnings: MarketWarning[];
  /** True when the limit is outside the band: the order is refused. */
  refused: boolean;
  as_of: string;
}

export interface MarketCheckInput {
  symbol: string;
  legs: readonly QuotedLeg[];
  /** Units of the order: leg quantity ÷ units is the leg's ratio. */
  units: number;
  /** Positive limit per unit, or null for a market order. */
  limit: number | null;
  /** Which way the order goes at the legs' mids (the analysis decides it). */
  side: "debit" | "credit";
  /** Percentage of the mid a limit may stray beyond the market before it is refused. */
  bandPct: number;
  asOf: string;
}

/** A leg's market counts as wide when its spread is over 10 cents and over a quarter of its mid. */
function isWide(bid: number, ask: number): boolean {
  const mid = (bid + ask) / 2;
  return ask - bid > Math.max(0.1, 0.25 * mid);
}

function legLabel(symbol: string, leg: QuotedLeg): string {
  return leg.type === "stock" ? `${leg.action} ${symbol} shares` : `${leg.action} ${symbol} ${leg.expiry} ${leg.strike} ${leg.type}`;
}

const money = (v: number): string => v.toFixed(2);

export function checkMarket(input: MarketCheckInput): MarketCheck {
  const { legs, units, limit, side } = input;
  const warnings: MarketWarning[] = [];
  let mid: number | null = 0;
  let natural: number | null = 0;
  let far: number | null = 0;
  const legMarkets = legs.map((leg): LegMarket => {
    const ratio = leg.quantity / units;
    const sign = leg.action === "buy" ? 1 : -1;
    const bid = leg.bid ?? null;
    const ask = leg.ask ?? null;
    const label = legLabel(input.symbol, leg);
    const quoted = bid !== null && ask !== null && ask >= bid;
    const legMid = quoted ? (bid + ask) / 2 : null;
    if (!quoted) {
      mid = natural = far = null;
      warnings.push({ code: "no_market", message: `No two-sided market on ${label}: the order's mid and natural cannot be known.` });
    } else {
      if (mid !== null) mid += sign * ratio * legMid!;
      if (natural !== null) natural += sign * ratio * (sign > 0 ? ask : bid);
      if (far !== null) far += sign * ratio * (sign > 0 ? bid : ask);
    }
    const zeroBid = leg.type !== "stock" && (bid === null || bid <= 0);
    if (zeroBid && quoted) warnings.push({ code: "zero_bid", message: `Zero bid on ${label}: nobody is buying it; ${leg.action === "buy" ? "what you pay for it may be unrecoverable" : "you may not be able to buy it back cheaply"}.` });
    const wide = quoted && isWide(bid, ask);
    if (wide) warnings.push({ code: "wide_market", message: `Wide market on ${label}: ${money(bid)} × ${money(ask)}.` });
    const stale = leg.marketData !== undefined && leg.marketData !== "live";
    if (stale) {
      warnings.push({
        code: "stale_quote",
        message:
          leg.marketData === "delayed"
            ? `Delayed quote on ${label} (about 15 minutes old): the market may be elsewhere now.`
            : `Stale quote on ${label} (${leg.marketData}: the last known price, the market is not quoting it live).`,
      });
    }
    return { label, action: leg.action, ratio, bid, ask, mid: legMid === null ? null : roundTo(legMid, 4), zero_bid: zeroBid, wide, stale };
  });

  const signOf = side === "debit" ? 1 : -1;
  const shown = (v: number | null): number | null => (v === null ? null : roundTo(v * signOf, 4));
  let ticks: number | null = null;
  let pct: number | null = null;
  let band: MarketCheck["band"] = null;
  let refused = false;
  if (limit !== null && mid !== null && natural !== null && far !== null) {
    const paid = signOf * limit;
    ticks = Math.round((paid - mid) / TICK);
    pct = natural !== 0 ? roundTo((limit / Math.abs(natural)) * 100, 1) : null;
    // The band reaches beyond the market (past the natural, past the far side) by a share of the mid, at least 5 ticks.
    const reach = Math.max((input.bandPct / 100) * Math.abs(mid), 5 * TICK);
    const low = Math.min(far, natural) - reach;
    const high = Math.max(far, natural) + reach;
    band = { pct: input.bandPct, low: roundTo(Math.max(0, Math.min(signOf * low, signOf * high)), 2), high: roundTo(Math.max(signOf * low, signOf * high), 2) };
    const where = `limit ${money(limit)} against mid ${money(Math.abs(mid))}, natural ${money(Math.abs(natural))}`;
    if (paid < low - 1e-9 || paid > high + 1e-9) {
      refused = true;
      warnings.unshift({
        code: "outside_band",
        message: `The ${where} is more than ${input.bandPct}% of the mid beyond the market: refused. A limit between ${money(band.low)} and ${money(band.high)} is accepted.`,
      });
    } else if (paid > natural + 1e-9) {
      const multiplier = legs.some((l) => l.type !== "stock") ? 100 : 1;
      const over = Math.abs(paid - natural) * multiplier * units;
      warnings.unshift({
        code: "overpaying",
        message: `Overpaying: the ${where}, ${side === "debit" ? "pays" : "gives up"} ${money(Math.abs(paid - natural))} per unit (${money(over)} USD in all) more than the natural.`,
      });
    } else if (paid < far - 1e-9) {
      warnings.unshift({ code: "unlikely_to_fill", message: `Unlikely to fill: the ${where}, is beyond the other side of the market (${money(Math.abs(far))}).` });
    }
  }
  return {
    side,
    legs: legMarkets,
    mid: shown(mid),
    natural: shown(natural),
    far: shown(far),
    limit,
    ticks_from_mid: ticks,
    pct_of_natural: pct,
    band,
    warnings,
    refused,
    as_of: input.asOf,
  };
}

/**
 * Whether the market moved enough since a card was shown that its statement of the limit against the market no
 * longer holds: a different verdict, or the mid or natural more than two ticks (and 2%) away.
 */
export function marketMoved(shown: MarketCheck, now: MarketCheck): boolean {
  const codes = (c: MarketCheck): string => c.warnings.map((w) => w.code).sort().join(",");
  if (codes(shown) !== codes(now)) return true;
  const apart = (a: number | null, b: number | null): boolean => {
    if (a === null || b === null) return a !== b;
    return Math.abs(a - b) > Math.max(2 * TICK, 0.02 * Math.abs(b)) + 1e-9;
  };
  return apart(shown.mid, now.mid) || apart(shown.natural, now.natural);
}
