import { describe, expect, it } from "vitest";
import { bsmPrice, expiryInstantMs, yearFraction, type OptionLeg } from "../options";
import { StrategyError } from "../strategies/errors";
import { checkPermission, LEVEL_2_STRATEGIES } from "../strategies/permissions";
import { recogniseStrategy } from "../strategies/recognise";
import type { ChainQuote, Outlook, StrategyName } from "../strategies/types";
import { analysePosition, type PositionFigures, type TargetView } from "./position";
import { suggestStrategies, type Suggestion, type SuggestionRequest, type SuggestionResult } from "./suggest";

// A Monday mid-session; the clock is always given, never read.
const NOW = Date.UTC(2026, 0, 5, 15);
const EXPIRIES = ["20260116", "20260220", "20260320"];
const market = { spot: 100, rate: 0.04, dividendYield: 0, nowMs: NOW };

/** A chain with a smile, 2% wide markets, strikes 80–120 every 2.5, and two illiquid quotes. */
function chain(): ChainQuote[] {
  const quotes: ChainQuote[] = [];
  for (const expiry of EXPIRIES) {
    const t = yearFraction(NOW, expiry);
    for (let strike = 80; strike <= 120; strike += 2.5) {
      for (const right of ["call", "put"] as const) {
        const iv = Math.round((0.22 + 0.4 * Math.log(strike / 100) ** 2 - 0.05 * Math.log(strike / 100)) * 1e4) / 1e4;
        const mid = Math.max(0.02, Math.round(bsmPrice(right, 100, strike, t, 0.04, 0, iv) * 100) / 100);
        const half = Math.max(0.01, Math.round(mid * 1) / 100);
        const quote: ChainQuote = { expiry, strike, right, bid: mid - half, ask: mid + half, iv, openInterest: 500 };
        if (strike === 115 && right === "call" && expiry === "20260220") quote.openInterest = 0;
        if (strike === 85 && right === "put" && expiry === "20260220") {
          quote.bid = mid * 0.5;
          quote.ask = mid * 1.5;
        }
        quotes.push(quote);
      }
    }
  }
  return quotes;
}

const CHAIN = chain();
const day = (y: number, m: number, d: number): number => expiryInstantMs(`${y}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}`);

interface Case {
  name: string;
  view: Outlook;
  targetPrice: number;
  targetDateMs: number;
  maxRisk?: number;
  maxDebit?: number;
}

const CASES: Case[] = [
  { name: "bullish, near target, small budget", view: "bullish", targetPrice: 105, targetDateMs: day(2026, 1, 15), maxRisk: 500 },
  { name: "bullish, far target, large budget", view: "bullish", targetPrice: 112, targetDateMs: day(2026, 2, 13), maxRisk: 5000 },
  { name: "bearish, near target, small budget", view: "bearish", targetPrice: 95, targetDateMs: day(2026, 1, 14), maxRisk: 300 },
  { name: "bearish, far target, large debit budget", view: "bearish", targetPrice: 88, targetDateMs: day(2026, 2, 20), maxDebit: 4000 },
  { name: "neutral, near target, small budget", view: "neutral", targetPrice: 100, targetDateMs: day(2026, 1, 16), maxRisk: 400 },
  { name: "neutral, far target, no budget", view: "neutral", targetPrice: 101, targetDateMs: day(2026, 2, 10) },
  { name: "volatile, far target, large budget", view: "volatile", targetPrice: 112, targetDateMs: day(2026, 2, 13), maxRisk: 3000 },
];

const request = (c: Case): SuggestionRequest => ({ ...c, chain: CHAIN, market });

/** The analysis calculate_strategy runs on the same legs and view. */
const analyse = (legs: readonly OptionLeg[], view: TargetView): PositionFigures => analysePosition(legs, market, { target: view });

/** Every number a reason may quote for one suggestion: its analysis, its legs, its size and the view. */
function figuresOf(s: Suggestion, view: TargetView, rank: number): number[] {
  const f = analyse(s.legs, view);
  const t = f.atTarget!;
  const percent = (x: number | null): number[] => (x === null ? [] : [Math.round(x * 1e6) / 1e4]);
  return [
    rank,
    s.units,
    view.price,
    ...percent(view.vol),
    ...s.legs.flatMap((l) => [l.strike, Number(l.expiry)]),
    f.netDebit,
    f.maxLoss ?? NaN,
    f.maxProfit ?? NaN,
    ...f.breakevens,
    ...percent(f.probabilityOfProfit),
    t.pnl,
    -t.pnl,
    t.expectedPnl,
    -t.expectedPnl,
    ...percent(t.returnOnRisk),
  ].flatMap((x) => [x, Math.abs(x)]);
}

const NUMBER = /(?<![\d.])[+-]?\d+(?:\.\d+)?/g;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/g;

function checkReasons(result: SuggestionResult): number {
  let checked = 0;
  const targetDay = new Date(result.view.atMs).toISOString().slice(0, 10);
  result.suggestions.forEach((s, i) => {
    const allowed = figuresOf(s, result.view, i + 1);
    const next = result.suggestions[i + 1];
    if (next) allowed.push(...figuresOf(next, result.view, i + 2));
    for (const reason of s.why) {
      for (const date of reason.match(ISO_DATE) ?? []) expect(date, reason).toBe(targetDay);
      for (const token of reason.replace(ISO_DATE, "").match(NUMBER) ?? []) {
        const value = Number(token);
        expect(allowed.some((a) => Math.abs(a - value) < 1e-9), `${token} in "${reason}" (${s.label})`).toBe(true);
        checked++;
      }
    }
  });
  return checked;
}

/** Structures allowed for a view: Level 2 without shares, without the opposite direction. */
function allowedFor(view: Outlook): StrategyName[] {
  const against: StrategyName[] = view === "bullish" ? ["long_put", "bear_put_spread"] : view === "bearish" ? ["long_call", "bull_call_spread"] : [];
  return LEVEL_2_STRATEGIES.filter((s) => !["covered_call", "protective_put", "collar", "long_stock"].includes(s) && !against.includes(s));
}

/** Brute force: every long option, every pair of contracts either way round, every 1–2–1 butterfly. */
function bruteForceBest(c: Case, expiries: readonly string[], view: TargetView): { gains: number; best: number } {
  const liquid = CHAIN.filter((q) => expiries.includes(q.expiry) && q.openInterest !== 0 && (q.ask - q.bid) / ((q.ask + q.bid) / 2) <= 0.25);
  const leg = (q: ChainQuote, quantity: number): OptionLeg => ({ kind: "option", right: q.right, strike: q.strike, expiry: q.expiry, quantity, price: (q.bid + q.ask) / 2, iv: q.iv });
  const units: OptionLeg[][] = [];
  for (const q of liquid) units.push([leg(q, 1)]);
  for (let i = 0; i < liquid.length; i++) {
    for (let j = i + 1; j < liquid.length; j++) {
      for (const [a, b] of [[1, 1], [1, -1], [-1, 1]] as const) units.push([leg(liquid[i]!, a), leg(liquid[j]!, b)]);
    }
  }
  for (const body of liquid) {
    for (const high of liquid) {
      const low = liquid.find((q) => q.expiry === body.expiry && q.right === body.right && q.strike === 2 * body.strike - high.strike);
      if (high.expiry === body.expiry && high.right === body.right && high.strike > body.strike && low) units.push([leg(low, 1), leg(body, -2), leg(high, 1)]);
    }
  }
  const allowed = allowedFor(c.view);
  let best = -Infinity;
  let bestGaining = -Infinity;
  for (const unit of units) {
    if (!allowed.includes(recogniseStrategy(unit).name) || !checkPermission(unit).allowed) continue;
    const one = analyse(unit, view);
    if (one.maxLoss === null || !(one.netDebit > 0)) continue;
    const budget = Math.min(c.maxRisk ?? Infinity, c.maxDebit ?? Infinity);
    // Sized as a proposal may be: at most 20 contracts (the default limit).
    const most = Math.floor(20 / unit.reduce((sum, l) => sum + Math.abs(l.quantity), 0));
    let n = Math.min(most, budget === Infinity ? 1 : Math.floor(budget / Math.max(one.maxLoss, one.netDebit)));
    for (; n >= 1; n--) {
      const sized = unit.map((l) => ({ ...l, quantity: l.quantity * n }));
      const f = analyse(sized, view);
      if (f.maxLoss! > budget || f.netDebit > budget) continue;
      best = Math.max(best, f.atTarget!.expectedPnl);
      if (f.atTarget!.pnl >= 0) bestGaining = Math.max(bestGaining, f.atTarget!.expectedPnl);
      break;
    }
  }
  return { gains: bestGaining, best };
}

describe("strategy suggestions", () => {
  describe.each(CASES)("$name", (c) => {
    const result = suggestStrategies(request(c));

    it("ranks by expected P&L within the budget, the top within 1% of a brute-force search", () => {
      expect(result.objective).toBe("expected_pnl");
      expect(result.suggestions.length).toBe(5);
      const { gains, best } = bruteForceBest(c, result.expiries, result.view);
      const top = result.suggestions[0]!;
      // Whenever something gains at the target, the best of those is the one to beat.
      const target = gains > -Infinity ? gains : best;
      expect(top.figures.atTarget.expectedPnl).toBeGreaterThanOrEqual(target - 0.01 * Math.abs(target));
      for (const s of result.suggestions) {
        const budget = Math.min(c.maxRisk ?? Infinity, c.maxDebit ?? Infinity);
        expect(s.figures.maxLoss!).toBeLessThanOrEqual(budget);
        expect(s.figures.netDebit).toBeLessThanOrEqual(budget);
        expect(checkPermission(s.legs).allowed).toBe(true);
        expect(s.legs.reduce((sum, l) => sum + Math.abs(l.quantity), 0)).toBeLessThanOrEqual(20);
      }
    });

    it("quotes in every reason only figures of calculate_strategy's analysis", () => {
      expect(checkReasons(result)).toBeGreaterThan(40);
      result.suggestions.forEach((s, i) => {
        expect(s.figures).toEqual(analyse(s.legs, result.view));
        if (i + 1 < result.suggestions.length) expect(s.why.at(-1)).toMatch(/^Ranks above #\d/);
      });
    });

    it("never puts a loser at the target above a gainer, and offers a diverse list", () => {
      const pnl = result.suggestions.map((s) => s.figures.atTarget.pnl);
      pnl.forEach((p, i) => {
        if (p < 0) for (const later of pnl.slice(i + 1)) expect(later).toBeLessThan(0);
      });
      const kinds = new Set(result.suggestions.map((s) => s.strategy));
      expect(kinds.size).toBeGreaterThanOrEqual(3);
      for (const kind of kinds) expect(result.suggestions.filter((s) => s.strategy === kind).length).toBeLessThanOrEqual(2);
    });
  });

  it("a bullish view's leader gains at the target and says so in the analysis' own figures", () => {
    const result = suggestStrategies({ ...request(CASES[0]!), maxRisk: 1500 });
    const top = result.suggestions[0]!;
    expect(top.figures.atTarget.pnl).toBeGreaterThan(0);
    expect(top.why[0]).toBe(`At 105 on 2026-01-15: +${top.figures.atTarget.pnl.toFixed(2)} USD.`);
  });

  it("each objective ranks by its own figure among trades that gain at the target", () => {
    const pick: Record<string, (s: Suggestion) => number> = {
      pnl_at_target: (s) => s.figures.atTarget.pnl,
      probability_of_profit: (s) => s.figures.probabilityOfProfit ?? -Infinity,
      return_on_risk: (s) => s.figures.atTarget.returnOnRisk ?? -Infinity,
    };
    for (const [objective, value] of Object.entries(pick)) {
      const result = suggestStrategies({ ...request(CASES[1]!), objective: objective as keyof typeof pick & SuggestionRequest["objective"] });
      const gaining = result.suggestions.filter((s) => s.figures.atTarget.pnl >= 0);
      for (let i = 1; i < gaining.length; i++) expect(value(gaining[i]!)).toBeLessThanOrEqual(value(gaining[i - 1]!));
      expect(checkReasons(result)).toBeGreaterThan(0);
    }
  });

  it("never offers an expiry that has stopped trading", () => {
    const afterClose = expiryInstantMs("20260116") + 60_000;
    const result = suggestStrategies({ ...request(CASES[4]!), targetDateMs: day(2026, 1, 30), market: { ...market, nowMs: afterClose } });
    for (const s of result.suggestions) for (const l of s.legs) expect(l.expiry).not.toBe("20260116");
    expect(result.skipped.some((q) => q.expiry === "20260116" && /expired/.test(q.reason))).toBe(true);
  });

  it("sizes to the budget unless a quantity is given, and skips illiquid quotes with the reason", () => {
    const fixed = suggestStrategies({ ...request(CASES[1]!), quantity: 1 });
    for (const s of fixed.suggestions) expect(s.units).toBe(1);
    const reasons = fixed.skipped.map((s) => `${s.expiry} ${s.strike} ${s.right}: ${s.reason}`);
    expect(reasons).toContain("20260220 115 call: no open interest");
    expect(reasons.some((r) => r.startsWith("20260220 85 put: spread"))).toBe(true);
  });

  it("respects the permission policy and refuses impossible requests", () => {
    const onlyCalls = suggestStrategies({ ...request(CASES[1]!), policy: { allowed: ["long_call"] } });
    for (const s of onlyCalls.suggestions) expect(s.strategy).toBe("long_call");
    expect(() => suggestStrategies({ ...request(CASES[0]!), targetDateMs: Date.UTC(2026, 5, 1) })).toThrow(StrategyError);
    expect(() => suggestStrategies({ ...request(CASES[0]!), targetPrice: -1 })).toThrow(StrategyError);
    expect(() => suggestStrategies({ ...request(CASES[0]!), quantity: 1.5 })).toThrow(StrategyError);
  });
});
