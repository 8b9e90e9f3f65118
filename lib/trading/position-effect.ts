/**
 * What an order does to what is already held: which legs close or reduce a held position, the realised P&L that
 * closing would book at the order's prices, what remains held, and the risk it removes. A closing trade is not
 * new risk: its card shows these instead of a "max loss". Pure: the desk passes TWS's positions.
 */
import type { PricedLeg } from "../analysis/strategy";
import type { Position } from "../ib/types";
import { riskProfile } from "../risk/max-loss";
import { roundTo } from "../options/rounding";
import type { Leg } from "../options/types";

export interface HeldLeg {
  label: string;
  /** Signed contracts or shares held now. */
  held: number;
  /** Average cost per share (TWS's per-contract average ÷ multiplier). */
  avg_cost: number;
  /** Signed quantity the order takes off (opposite sign to held), 0 when it adds or opens. */
  closes: number;
  /** Signed quantity held after the order fills. */
  remains: number;
}

export interface PositionEffect {
  /** Every leg only reduces a held position: the order opens nothing. */
  closes_only: boolean;
  /** Some leg closes or reduces a held position. */
  reduces: boolean;
  legs: HeldLeg[];
  /** Estimated P&L booked by the closing part, at the order's prices, before commission (USD). */
  realised_pnl: number | null;
  /** What the closed part could still lose, valued at the market now (USD): the risk the order removes. */
  risk_removed: number | null;
  /** Order legs that would open more than is held (e.g. selling 5 when 2 are held). */
  over_close: string[];
}

export interface PositionEffectInput {
  symbol: string;
  /** The order's legs, whole-order quantities, at the prices the order is analysed at (the limit's). */
  legs: readonly PricedLeg[];
  positions: readonly Position[];
  multiplier: number;
}

function matches(p: Position, symbol: string, leg: PricedLeg): boolean {
  if (p.symbol.toUpperCase() !== symbol.toUpperCase() || p.quantity === 0) return false;
  if (leg.type === "stock") return p.secType === "STK";
  return p.secType === "OPT" && p.expiry === leg.expiry && p.strike === leg.strike && p.right === (leg.type === "call" ? "C" : "P");
}

function labelOf(symbol: string, leg: PricedLeg): string {
  return leg.type === "stock" ? `${symbol} shares` : `${symbol} ${leg.expiry} ${leg.strike} ${leg.type}`;
}

/** The market mid of a leg (bid/ask), or its analysed price when the market is one-sided. */
function midOf(leg: PricedLeg): number {
  return leg.bid !== undefined && leg.ask !== undefined ? (leg.bid + leg.ask) / 2 : leg.price;
}

export function positionEffect(input: PositionEffectInput): PositionEffect {
  const { symbol, legs, positions, multiplier } = input;
  const held: HeldLeg[] = [];
  const closedAsHeld: Leg[] = [];
  const overClose: string[] = [];
  let realised = 0;
  let closesOnly = true;
  for (const leg of legs) {
    const signed = (leg.action === "buy" ? 1 : -1) * leg.quantity;
    const position = positions.find((p) => matches(p, symbol, leg));
    const have = position?.quantity ?? 0;
    const reduces = have !== 0 && Math.sign(have) !== Math.sign(signed);
    const closes = reduces ? Math.sign(signed) * Math.min(Math.abs(signed), Math.abs(have)) : 0;
    if (closes === 0 || Math.abs(closes) < Math.abs(signed)) closesOnly = false;
    if (reduces && Math.abs(signed) > Math.abs(have)) overClose.push(`${leg.action} ${leg.quantity} ${labelOf(symbol, leg)}: only ${Math.abs(have)} held, the other ${Math.abs(signed) - Math.abs(have)} would open a new position`);
    if (!position) continue;
    const m = leg.type === "stock" ? 1 : (position.multiplier ?? multiplier);
    const avgCost = position.averageCost / m;
    held.push({ label: labelOf(symbol, leg), held: have, avg_cost: roundTo(avgCost, 4), closes, remains: have + signed });
    if (closes !== 0) {
      // Held long, sold at p: (p − cost) per share; held short, bought back at p: (cost − p).
      realised += -closes * (leg.price - avgCost) * m;
      const asHeld = -closes;
      closedAsHeld.push(
        leg.type === "stock"
          ? { kind: "stock", quantity: asHeld, price: midOf(leg) }
          : { kind: "option", right: leg.type, strike: leg.strike!, expiry: leg.expiry!, quantity: asHeld, multiplier: m, price: midOf(leg) },
      );
    }
  }
  const reduces = closedAsHeld.length > 0;
  let riskRemoved: number | null = null;
  if (reduces) {
    // The closed part as if bought now at the mid: its max loss is what it could still lose from here.
    const risk = riskProfile(closedAsHeld);
    riskRemoved = risk.unlimitedLoss || risk.maxLoss === null || !Number.isFinite(risk.maxLoss) ? null : roundTo(risk.maxLoss, 2);
  }
  return {
    closes_only: reduces && closesOnly,
    reduces,
    legs: held,
    realised_pnl: reduces ? roundTo(realised, 2) : null,
    risk_removed: riskRemoved,
    over_close: overClose,
  };
}
