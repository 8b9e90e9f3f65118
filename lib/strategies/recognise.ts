/**
 * Naming a set of legs. Legs on the same contract are netted first; the structure is then matched by its
 * shape (rights, strikes, expiries, signs and ratios), whatever order the legs came in. Anything else is
 * "custom".
 */
import { DEFAULT_MULTIPLIER, type Leg, type OptionLeg } from "../options";
import { STRATEGY_LABELS } from "./catalogue";
import type { StrategyName } from "./types";

/** A recognised structure. */
export interface Recognition {
  name: StrategyName;
  label: string;
  /** How many units of the structure (e.g. 3 for three bull call spreads); 0 for custom. */
  units: number;
  /** The netted legs the name was read from (options sorted by expiry, right, strike; stock first). */
  legs: Leg[];
}

function contractKey(leg: OptionLeg): string {
  return `${leg.expiry}|${leg.right}|${leg.strike}|${leg.multiplier ?? DEFAULT_MULTIPLIER}`;
}

/** Sums quantities per contract (and shares), dropping what nets to zero. Prices are not kept. */
export function netLegs(legs: readonly Leg[]): Leg[] {
  let shares = 0;
  const options = new Map<string, OptionLeg>();
  for (const leg of legs) {
    if (leg.kind === "stock") {
      shares += leg.quantity;
      continue;
    }
    const key = contractKey(leg);
    const existing = options.get(key);
    if (existing) existing.quantity += leg.quantity;
    else {
      const copy: OptionLeg = { kind: "option", right: leg.right, strike: leg.strike, expiry: leg.expiry, quantity: leg.quantity };
      if (leg.multiplier !== undefined) copy.multiplier = leg.multiplier;
      options.set(key, copy);
    }
  }
  const sorted = [...options.values()]
    .filter((l) => l.quantity !== 0)
    .sort((a, b) => (a.expiry < b.expiry ? -1 : a.expiry > b.expiry ? 1 : a.right < b.right ? -1 : a.right > b.right ? 1 : a.strike - b.strike));
  return shares !== 0 ? [{ kind: "stock", quantity: shares }, ...sorted] : sorted;
}

function result(name: StrategyName, units: number, legs: Leg[]): Recognition {
  return { name, label: STRATEGY_LABELS[name], units: name === "custom" ? 0 : units, legs };
}

/** Recognise legs as a named strategy, or "custom". */
export function recogniseStrategy(input: readonly Leg[]): Recognition {
  const legs = netLegs(input);
  const stock = legs.find((l) => l.kind === "stock");
  const shares = stock?.quantity ?? 0;
  const options = legs.filter((l): l is OptionLeg => l.kind === "option");
  const custom = result("custom", 0, legs);

  if (options.length === 0) {
    if (shares > 0) return result("long_stock", shares, legs);
    if (shares < 0) return result("short_stock", -shares, legs);
    return custom;
  }
  const multiplier = options[0]?.multiplier ?? DEFAULT_MULTIPLIER;
  if (options.some((o) => (o.multiplier ?? DEFAULT_MULTIPLIER) !== multiplier)) return custom;
  const n = Math.abs(options[0]?.quantity ?? 0);
  const size = (o: OptionLeg | undefined): number => (o ? o.quantity / n : 0);
  const covered = (contracts: number): boolean => shares === contracts * multiplier;

  if (stock) {
    const calls = options.filter((o) => o.right === "call");
    const puts = options.filter((o) => o.right === "put");
    if (options.length === 1) {
      const o = options[0];
      if (!o) return custom;
      if (o.right === "call" && o.quantity < 0 && covered(-o.quantity)) return result("covered_call", n, legs);
      if (o.right === "put" && o.quantity > 0 && covered(o.quantity)) return result("protective_put", n, legs);
      if (o.right === "put" && o.quantity < 0 && shares === o.quantity * multiplier) return result("covered_put", n, legs);
      return custom;
    }
    if (options.length === 2 && calls.length === 1 && puts.length === 1) {
      const c = calls[0];
      const p = puts[0];
      if (c && p && c.quantity === -n && p.quantity === n && c.expiry === p.expiry && p.strike < c.strike && covered(n)) {
        return result("collar", n, legs);
      }
    }
    return custom;
  }

  if (options.some((o) => Math.abs(o.quantity) % n !== 0)) return custom;

  if (options.length === 1) {
    const o = options[0];
    if (!o) return custom;
    if (o.quantity > 0) return result(o.right === "call" ? "long_call" : "long_put", n, legs);
    return result(o.right === "call" ? "short_call" : "short_put", n, legs);
  }

  if (options.length === 2) {
    const [a, b] = options;
    if (!a || !b || Math.abs(a.quantity) !== Math.abs(b.quantity)) return custom;
    if (a.expiry === b.expiry) {
      if (a.right === b.right && size(a) * size(b) < 0) {
        const low = a.strike < b.strike ? a : b;
        const long = low.quantity > 0;
        if (a.right === "call") return result(long ? "bull_call_spread" : "bear_call_spread", n, legs);
        return result(long ? "bull_put_spread" : "bear_put_spread", n, legs);
      }
      if (a.right !== b.right && size(a) === size(b)) {
        const call = a.right === "call" ? a : b;
        const put = a.right === "put" ? a : b;
        const long = call.quantity > 0;
        if (call.strike === put.strike) return result(long ? "long_straddle" : "short_straddle", n, legs);
        return result(long ? "long_strangle" : "short_strangle", n, legs);
      }
      return custom;
    }
    // Different expiries (a is the nearer one): calendars and diagonals.
    if (a.right !== b.right || size(a) * size(b) >= 0) return custom;
    const longFar = b.quantity > 0;
    if (a.strike === b.strike) return result(longFar ? "long_calendar" : "short_calendar", n, legs);
    if (!longFar) return result("short_diagonal", n, legs);
    // The long later option covers the short nearer one only from the better strike.
    const covers = a.right === "call" ? b.strike < a.strike : b.strike > a.strike;
    return covers ? result("long_diagonal", n, legs) : custom;
  }

  if (options.length === 3) {
    const [low, mid, high] = options;
    if (!low || !mid || !high) return custom;
    if (low.expiry !== high.expiry || mid.expiry !== low.expiry) return custom;
    if (low.right !== mid.right || mid.right !== high.right) return custom;
    const equalWings = Math.abs(mid.strike - low.strike - (high.strike - mid.strike)) <= 1e-9 * mid.strike;
    if (!equalWings) return custom;
    const wing = Math.abs(low.quantity);
    if (high.quantity !== low.quantity || mid.quantity !== -2 * low.quantity) return custom;
    return result(low.quantity > 0 ? "long_butterfly" : "short_butterfly", wing, legs);
  }

  if (options.length === 4) {
    const puts = options.filter((o) => o.right === "put");
    const calls = options.filter((o) => o.right === "call");
    const [p1, p2] = puts;
    const [c1, c2] = calls;
    if (p1 && p2 && c1 && c2 && options.every((o) => o.expiry === p1.expiry) && Math.abs(p1.quantity) === n) {
      // Short iron condor: long lowest put, short higher put, short lower call, long highest call.
      if (p1.quantity === n && p2.quantity === -n && c1.quantity === -n && c2.quantity === n && p2.strike <= c1.strike) {
        return result("iron_condor", n, legs);
      }
    }
  }
  return custom;
}
