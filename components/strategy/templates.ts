/**
 * Strategy templates: legs around the money for one expiry (a calendar also takes the next one), one per
 * catalogue strategy that has a template. Each says, before it is built, whether the account's permission
 * policy allows it and, if not, why.
 */
import { CATALOGUE, STRATEGY_NAMES, type StrategyName } from "@/lib/strategies/catalogue";
import { checkPermission } from "@/lib/strategies/permissions";
import type { Leg } from "@/lib/options/types";
import type { DraftLeg } from "./strategy-model";

export interface TemplateContext {
  spot: number;
  /** Strikes listed for the expiry, ascending. */
  strikes: readonly number[];
  expiry: string;
  nextExpiry?: string;
  /** One standard deviation of the price to the expiry (spot × ATM IV × √years), when known. */
  move?: number;
}

export interface Template {
  id: StrategyName;
  label: string;
  build: (c: TemplateContext) => DraftLeg[] | null;
}

/** The listed strike nearest spot + `sd` standard deviations (or `sd`×3 strike steps without a move). */
function strikeAt(c: TemplateContext, sd: number): number {
  const nearest = (level: number): number => c.strikes.reduce((best, k) => (Math.abs(k - level) < Math.abs(best - level) ? k : best), c.strikes[0]!);
  const atm = nearest(c.spot);
  if (sd === 0) return atm;
  if (c.move !== undefined && c.move > 0) {
    const k = nearest(c.spot + sd * c.move);
    if (k !== atm) return k;
  }
  const i = c.strikes.indexOf(atm) + Math.round(sd * 3);
  return c.strikes[Math.min(c.strikes.length - 1, Math.max(0, i))]!;
}

/** The listed strike after `k` in direction `dir` (+1 up, −1 down), or `k` at the end of the list. */
function beyond(c: TemplateContext, k: number, dir: 1 | -1): number {
  return c.strikes[Math.min(c.strikes.length - 1, Math.max(0, c.strikes.indexOf(k) + dir))]!;
}

/** Strike at `sd`, at least one listed strike past `from` in the direction of `sd`. */
function past(c: TemplateContext, from: number, sd: number): number {
  const k = strikeAt(c, sd);
  return sd > 0 ? (k > from ? k : beyond(c, from, 1)) : k < from ? k : beyond(c, from, -1);
}

const opt = (type: "call" | "put", action: "buy" | "sell", strike: number, expiry: string, quantity = 1): DraftLeg => ({ type, action, strike, expiry, quantity });

/** Legs of each template: the catalogue's strategies that make sense as a starting point. */
const BUILDS: Partial<Record<StrategyName, (c: TemplateContext) => DraftLeg[] | null>> = {
  long_call: (c) => [opt("call", "buy", strikeAt(c, 0), c.expiry)],
  long_put: (c) => [opt("put", "buy", strikeAt(c, 0), c.expiry)],
  bull_call_spread: (c) => [opt("call", "buy", strikeAt(c, 0), c.expiry), opt("call", "sell", past(c, strikeAt(c, 0), 1), c.expiry)],
  bear_put_spread: (c) => [opt("put", "buy", strikeAt(c, 0), c.expiry), opt("put", "sell", past(c, strikeAt(c, 0), -1), c.expiry)],
  long_straddle: (c) => [opt("call", "buy", strikeAt(c, 0), c.expiry), opt("put", "buy", strikeAt(c, 0), c.expiry)],
  long_strangle: (c) => [opt("call", "buy", past(c, strikeAt(c, 0), 1), c.expiry), opt("put", "buy", past(c, strikeAt(c, 0), -1), c.expiry)],
  long_butterfly: (c) => {
    const body = strikeAt(c, 0);
    const high = past(c, body, 1);
    const low = body - (high - body);
    return c.strikes.includes(low) ? [opt("call", "buy", low, c.expiry), opt("call", "sell", body, c.expiry, 2), opt("call", "buy", high, c.expiry)] : null;
  },
  iron_condor: (c) => {
    const putShort = past(c, strikeAt(c, 0), -1);
    const callShort = past(c, strikeAt(c, 0), 1);
    return [
      opt("put", "buy", past(c, putShort, -1.5), c.expiry),
      opt("put", "sell", putShort, c.expiry),
      opt("call", "sell", callShort, c.expiry),
      opt("call", "buy", past(c, callShort, 1.5), c.expiry),
    ];
  },
  covered_call: (c) => [{ type: "stock", action: "buy", quantity: 100 }, opt("call", "sell", past(c, strikeAt(c, 0), 1), c.expiry)],
  protective_put: (c) => [{ type: "stock", action: "buy", quantity: 100 }, opt("put", "buy", past(c, strikeAt(c, 0), -1), c.expiry)],
  long_calendar: (c) => (c.nextExpiry ? [opt("call", "sell", strikeAt(c, 0), c.expiry), opt("call", "buy", strikeAt(c, 0), c.nextExpiry)] : null),
};

export const TEMPLATES: Template[] = STRATEGY_NAMES.flatMap((name) => {
  const build = BUILDS[name];
  return build ? [{ id: name, label: CATALOGUE[name].label, build }] : [];
});

function asLegs(draft: readonly DraftLeg[]): Leg[] {
  return draft.map((l): Leg => {
    const sign = l.action === "buy" ? 1 : -1;
    return l.type === "stock" ? { kind: "stock", quantity: sign * l.quantity } : { kind: "option", right: l.type, strike: l.strike, expiry: l.expiry, quantity: sign * l.quantity };
  });
}

/**
 * Why the permission policy would refuse the template's legs in this context (holdings aside), or null when
 * it allows them or the template cannot be built here.
 */
export function templateRefusal(template: Template, context: TemplateContext): string | null {
  const legs = template.build(context);
  if (!legs) return null;
  const decision = checkPermission(asLegs(legs));
  return decision.allowed ? null : decision.reason;
}
