/** Strategy templates: legs around the money for one expiry (a calendar also takes the next one). */
import type { DraftLeg } from "./strategy-model";

export interface TemplateContext {
  spot: number;
  /** Strikes listed for the expiry, ascending. */
  strikes: readonly number[];
  expiry: string;
  nextExpiry?: string;
}

export interface Template {
  id: string;
  label: string;
  build: (c: TemplateContext) => DraftLeg[] | null;
}

/** The strike `offset` listed strikes away from the one nearest spot (clamped to the list). */
function strikeAt(c: TemplateContext, offset: number): number {
  let atm = 0;
  c.strikes.forEach((k, i) => {
    if (Math.abs(k - c.spot) < Math.abs(c.strikes[atm]! - c.spot)) atm = i;
  });
  const step = Math.max(1, Math.round(c.strikes.length / 30));
  return c.strikes[Math.min(c.strikes.length - 1, Math.max(0, atm + offset * step))]!;
}

const opt = (type: "call" | "put", action: "buy" | "sell", strike: number, expiry: string, quantity = 1): DraftLeg => ({ type, action, strike, expiry, quantity });

export const TEMPLATES: Template[] = [
  { id: "long-call", label: "Long call", build: (c) => [opt("call", "buy", strikeAt(c, 0), c.expiry)] },
  { id: "long-put", label: "Long put", build: (c) => [opt("put", "buy", strikeAt(c, 0), c.expiry)] },
  { id: "bull-call", label: "Bull call spread", build: (c) => [opt("call", "buy", strikeAt(c, 0), c.expiry), opt("call", "sell", strikeAt(c, 3), c.expiry)] },
  { id: "bear-put", label: "Bear put spread", build: (c) => [opt("put", "buy", strikeAt(c, 0), c.expiry), opt("put", "sell", strikeAt(c, -3), c.expiry)] },
  { id: "straddle", label: "Long straddle", build: (c) => [opt("call", "buy", strikeAt(c, 0), c.expiry), opt("put", "buy", strikeAt(c, 0), c.expiry)] },
  { id: "strangle", label: "Long strangle", build: (c) => [opt("call", "buy", strikeAt(c, 3), c.expiry), opt("put", "buy", strikeAt(c, -3), c.expiry)] },
  {
    id: "iron-condor",
    label: "Iron condor",
    build: (c) => [opt("put", "buy", strikeAt(c, -6), c.expiry), opt("put", "sell", strikeAt(c, -3), c.expiry), opt("call", "sell", strikeAt(c, 3), c.expiry), opt("call", "buy", strikeAt(c, 6), c.expiry)],
  },
  { id: "covered-call", label: "Covered call", build: (c) => [{ type: "stock", action: "buy", quantity: 100 }, opt("call", "sell", strikeAt(c, 3), c.expiry)] },
  { id: "protective-put", label: "Protective put", build: (c) => [{ type: "stock", action: "buy", quantity: 100 }, opt("put", "buy", strikeAt(c, -3), c.expiry)] },
  {
    id: "calendar",
    label: "Call calendar",
    build: (c) => (c.nextExpiry ? [opt("call", "sell", strikeAt(c, 0), c.expiry), opt("call", "buy", strikeAt(c, 0), c.nextExpiry)] : null),
  },
];
