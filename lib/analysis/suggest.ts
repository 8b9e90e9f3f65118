/**
 * Strategy suggestions: from a view (a target price and date), a budget and the option chain, every
 * structure of the allowed catalogue across the listed strikes of the first expiries on or after the target,
 * each sized to the budget (net debit and max loss within it, and no more contracts than a proposal may
 * trade), measured by the same analysis as calculate_strategy (analysePosition) and
 * ranked by a stated objective.
 *
 * The view is a distribution: the underlying lognormal on the target date with its median at the target
 * price and the market's at-the-money implied volatility (of the first expiry on or after the target) over
 * the time from now; a volatile view puts half of it around the same move down.
 *
 * Objectives (the caller picks one; the default is expected P&L):
 * - expected_pnl: expected P&L on the target date under the view's distribution, in USD for the budget;
 * - pnl_at_target: P&L with the underlying exactly at the target on the target date;
 * - probability_of_profit: the market-implied chance of profit at expiry, as calculate_strategy gives it;
 * - return_on_risk: expected P&L ÷ max loss.
 * Whatever the objective, a trade that gains at the target ranks above every trade that loses there (a
 * reason says so when it decides a rank). The list is diverse: at most two of one strategy in the first
 * pass, never two of one strategy and expiry whose strikes are all within two strike steps of each other.
 */
import { legMultiplier } from "../options/leg-value";
import { analyzePayoff } from "../options/payoff";
import { roundTo } from "../options/rounding";
import { expiryInstantMs, yearFraction } from "../options/time";
import type { OptionLeg, OptionRight } from "../options/types";
import { STRATEGY_LABELS } from "../strategies/catalogue";
import { StrategyError, StrategyErrorCode } from "../strategies/errors";
import { checkPermission, DEFAULT_PERMISSION_POLICY, type PermissionPolicy } from "../strategies/permissions";
import type { ChainQuote, Outlook, StrategyName } from "../strategies/types";
import {
  analysePosition,
  probabilityFigure,
  riskFigures,
  targetFigures,
  type AnalysisMarket,
  type AtTarget,
  type PositionFigures,
  type RiskFigures,
  type TargetView,
} from "./position";

/** What a suggestion list is ranked by. */
export type SuggestionObjective = "expected_pnl" | "pnl_at_target" | "probability_of_profit" | "return_on_risk";

export const SUGGESTION_OBJECTIVES: readonly SuggestionObjective[] = ["expected_pnl", "pnl_at_target", "probability_of_profit", "return_on_risk"];

/** The default objective: expected P&L on the target date under the view's distribution. */
export const DEFAULT_OBJECTIVE: SuggestionObjective = "expected_pnl";

const OBJECTIVE_WORDS: Record<SuggestionObjective, string> = {
  expected_pnl: "expected P&L",
  pnl_at_target: "P&L at the target",
  probability_of_profit: "chance of profit",
  return_on_risk: "return on risk",
};

/** Liquidity filter. */
export interface LiquidityRules {
  /** Largest (ask − bid)/mid accepted; default 0.25. */
  maxSpreadFraction?: number;
  /** Smallest open interest accepted when it is known; default 1 (none is refused). */
  minOpenInterest?: number;
}

/** What to suggest for. */
export interface SuggestionRequest {
  view: Outlook;
  /** Where the underlying is expected to be (currency). */
  targetPrice: number;
  /** When, epoch milliseconds (the close of the target day). */
  targetDateMs: number;
  /**
   * The budget is the smaller of these two (currency, whole position): both the net debit and the max loss
   * must fit in it, so the money put up never exceeds it even where the loss is smaller than the debit.
   */
  maxDebit?: number;
  maxRisk?: number;
  /**
   * Units per strategy. Without it each candidate is sized to the most whole units the budget and
   * `maxContracts` allow (1 with no budget).
   */
  quantity?: number;
  /** Most option contracts one position may hold (the proposal limit; default 20). */
  maxContracts?: number;
  chain: readonly ChainQuote[];
  /** Spot, rates and the current instant. */
  market: AnalysisMarket;
  /** Only strategies it allows are suggested (default Level 2). */
  policy?: PermissionPolicy;
  liquidity?: LiquidityRules;
  objective?: SuggestionObjective;
  /** Number of suggestions returned (default 5). */
  limit?: number;
  /** How many expiries on or after the target to draw from (default 2). */
  expiries?: number;
}

/** One ranked suggestion; amounts in currency for the whole position. */
export interface Suggestion {
  rank: number;
  strategy: StrategyName;
  /** Units, strategy, strikes and expiries, e.g. "3 × Bull call spread (debit) 100/110 20260220". */
  label: string;
  units: number;
  /** Legs priced at mid with their implied volatility; quantities for the whole position. */
  legs: OptionLeg[];
  /** The figures calculate_strategy gives for these legs under the same view. */
  figures: PositionFigures & { atTarget: NonNullable<PositionFigures["atTarget"]> };
  /** Net debit paying the ask and receiving the bid. */
  naturalDebit: number;
  /** The value ranked by (see the objective). */
  score: number;
  /** Why it ranks where it does; every figure is one of `figures` (or of the suggestion it is compared with). */
  why: string[];
}

/** A quote left out and why. */
export interface SkippedQuote {
  expiry: string;
  strike: number;
  right: OptionRight;
  reason: string;
}

export interface SuggestionResult {
  suggestions: Suggestion[];
  objective: SuggestionObjective;
  /** The view's distribution every expected figure uses (pass it to calculate_strategy as its target). */
  view: TargetView;
  /** Candidates built and measured. */
  considered: number;
  skipped: SkippedQuote[];
  /** Expiries drawn from. */
  expiries: string[];
}

interface Usable extends ChainQuote {
  mid: number;
  iv: number;
}

/** Structures a view rules out: its opposite direction. */
const AGAINST_VIEW: Record<Outlook, readonly StrategyName[]> = {
  bullish: ["long_put", "bear_put_spread"],
  bearish: ["long_call", "bull_call_spread"],
  neutral: [],
  volatile: [],
};

/** Option-only structures suggestions are drawn from (those needing shares are for holders, not views). */
const OPTION_STRUCTURES: readonly StrategyName[] = [
  "long_call",
  "long_put",
  "bull_call_spread",
  "bear_put_spread",
  "long_straddle",
  "long_strangle",
  "long_butterfly",
  "long_calendar",
  "long_diagonal",
];

/** The default limit on option contracts per proposal (SUMPPUMP_MAX_CONTRACTS). */
const DEFAULT_MAX_CONTRACTS = 20;

/**
 * Ranked strategy suggestions for a view.
 * @throws StrategyError(InvalidParameters) for a bad target, budget or market; (MissingQuote) when no
 * expiry on or after the target date has usable quotes
 */
export function suggestStrategies(request: SuggestionRequest): SuggestionResult {
  const { market } = request;
  if (!(request.targetPrice > 0) || !(market.spot > 0) || !(request.targetDateMs > market.nowMs)) {
    throw new StrategyError(StrategyErrorCode.InvalidParameters, "Need a target price > 0, a spot > 0 and a target date after now.");
  }
  if (request.quantity !== undefined && (!Number.isInteger(request.quantity) || request.quantity < 1)) {
    throw new StrategyError(StrategyErrorCode.InvalidParameters, "Quantity must be a whole number ≥ 1.");
  }
  const objective = request.objective ?? DEFAULT_OBJECTIVE;
  const policy = request.policy ?? DEFAULT_PERMISSION_POLICY;
  const skipped: SkippedQuote[] = [];
  const usable = filterQuotes(request, skipped);
  const expiries = [...new Set(usable.map((q) => q.expiry))]
    .filter((e) => expiryInstantMs(e) >= request.targetDateMs)
    .sort()
    .slice(0, request.expiries ?? 2);
  const first = expiries[0];
  if (first === undefined) throw new StrategyError(StrategyErrorCode.MissingQuote, "No liquid expiry on or after the target date.");
  const view: TargetView = {
    price: request.targetPrice,
    atMs: request.targetDateMs,
    vol: roundTo(atmVolatility(usable, first, market), 4),
    twoSided: request.view === "volatile",
  };
  const structures = OPTION_STRUCTURES.filter((s) => policy.allowed.includes(s) && !AGAINST_VIEW[request.view].includes(s));
  const candidates = buildCandidates(usable, expiries, structures);

  const measured: Measured[] = [];
  for (const candidate of candidates) {
    const m = measure(candidate, request, view, objective);
    if (m) measured.push(m);
  }
  const keys = new Map(measured.map((m, i) => [m, ranked(m, i)]));
  measured.sort((a, b) => compare(keys.get(a)!, keys.get(b)!));
  const top = diverse(measured, request.limit ?? 5, strikeSteps(usable), policy).map((m) => complete(m, request, view));
  top.forEach((s, i) => {
    s.rank = i + 1;
    s.why = reasons(s, view);
    const next = top[i + 1];
    if (next) s.why.push(aheadOf(s, next, i + 2, objective));
  });
  return { suggestions: top, objective, view, considered: candidates.length, skipped, expiries };
}

/** Quotes with a two-sided, reasonably tight market, open interest, a live expiry and an implied volatility. */
function filterQuotes(request: SuggestionRequest, skipped: SkippedQuote[]): Usable[] {
  const maxSpread = request.liquidity?.maxSpreadFraction ?? 0.25;
  const minOpenInterest = request.liquidity?.minOpenInterest ?? 1;
  const out: Usable[] = [];
  for (const q of request.chain) {
    const skip = (reason: string): void => {
      skipped.push({ expiry: q.expiry, strike: q.strike, right: q.right, reason });
    };
    if (expiryInstantMs(q.expiry) <= request.market.nowMs) {
      skip("expired: its last trading day has closed");
      continue;
    }
    if (!(q.bid > 0) || !(q.ask >= q.bid)) {
      skip(!(q.bid > 0) ? "no bid" : "ask below bid");
      continue;
    }
    const mid = 0.5 * (q.bid + q.ask);
    if ((q.ask - q.bid) / mid > maxSpread) {
      skip(`spread ${Math.round((100 * (q.ask - q.bid)) / mid)}% of mid (over ${Math.round(100 * maxSpread)}%)`);
      continue;
    }
    if (q.openInterest !== undefined && q.openInterest < minOpenInterest) {
      skip(q.openInterest === 0 ? "no open interest" : `open interest ${q.openInterest} below ${minOpenInterest}`);
      continue;
    }
    // calculate_strategy values each leg at the market's own IV, so a quote without one is left out.
    if (q.iv === undefined || !(q.iv > 0)) {
      skip("no implied volatility from the market");
      continue;
    }
    out.push({ ...q, mid, iv: q.iv });
  }
  return out;
}

/** The implied volatility at the money of one expiry: the strike nearest the forward, call and put averaged. */
function atmVolatility(quotes: readonly Usable[], expiry: string, market: AnalysisMarket): number {
  const years = yearFraction(market.nowMs, expiry);
  const forward = market.spot * Math.exp((market.rate - market.dividendYield) * years);
  let best = Infinity;
  let vols: number[] = [];
  for (const q of quotes) {
    if (q.expiry !== expiry) continue;
    const distance = Math.abs(Math.log(q.strike / forward));
    if (distance < best - 1e-12) {
      best = distance;
      vols = [q.iv];
    } else if (Math.abs(distance - best) <= 1e-12) vols.push(q.iv);
  }
  // Called only for an expiry with usable quotes, so there is at least one.
  return vols.reduce((a, b) => a + b, 0) / vols.length;
}

interface Candidate {
  strategy: StrategyName;
  /** One unit: [quote, signed quantity]. */
  parts: [Usable, number][];
}

/** Every structure of `structures` on the listed strikes of `expiries`, one unit each. */
function buildCandidates(usable: readonly Usable[], expiries: readonly string[], structures: readonly StrategyName[]): Candidate[] {
  const out: Candidate[] = [];
  const want = (s: StrategyName): boolean => structures.includes(s);
  const side = (expiry: string, right: OptionRight): Usable[] =>
    usable.filter((q) => q.expiry === expiry && q.right === right).sort((a, b) => a.strike - b.strike);
  for (const expiry of expiries) {
    const calls = side(expiry, "call");
    const puts = side(expiry, "put");
    if (want("long_call")) for (const c of calls) out.push({ strategy: "long_call", parts: [[c, 1]] });
    if (want("long_put")) for (const p of puts) out.push({ strategy: "long_put", parts: [[p, 1]] });
    for (let i = 0; i < calls.length; i++) {
      for (let j = i + 1; j < calls.length; j++) {
        if (want("bull_call_spread")) out.push({ strategy: "bull_call_spread", parts: [[calls[i]!, 1], [calls[j]!, -1]] });
      }
    }
    for (let i = 0; i < puts.length; i++) {
      for (let j = i + 1; j < puts.length; j++) {
        if (want("bear_put_spread")) out.push({ strategy: "bear_put_spread", parts: [[puts[j]!, 1], [puts[i]!, -1]] });
      }
    }
    for (const p of puts) {
      for (const c of calls) {
        if (p.strike === c.strike && want("long_straddle")) out.push({ strategy: "long_straddle", parts: [[c, 1], [p, 1]] });
        if (p.strike < c.strike && want("long_strangle")) out.push({ strategy: "long_strangle", parts: [[p, 1], [c, 1]] });
      }
    }
    if (want("long_butterfly")) {
      for (const wing of [calls, puts]) {
        const byStrike = new Map(wing.map((q) => [q.strike, q]));
        for (let m = 1; m < wing.length; m++) {
          const body = wing[m]!;
          for (let h = m + 1; h < wing.length; h++) {
            const high = wing[h]!;
            const low = byStrike.get(roundTo(2 * body.strike - high.strike, 6));
            if (low) out.push({ strategy: "long_butterfly", parts: [[low, 1], [body, -2], [high, 1]] });
          }
        }
      }
    }
  }
  // Calendars and diagonals: short the nearer expiry, long the later one of the same right.
  for (let n = 0; n < expiries.length; n++) {
    for (let f = n + 1; f < expiries.length; f++) {
      for (const right of ["call", "put"] as const) {
        const near = side(expiries[n]!, right);
        const far = side(expiries[f]!, right);
        for (const short of near) {
          for (const long of far) {
            if (long.strike === short.strike) {
              if (want("long_calendar")) out.push({ strategy: "long_calendar", parts: [[short, -1], [long, 1]] });
            } else if ((right === "call" ? long.strike < short.strike : long.strike > short.strike) && want("long_diagonal")) {
              out.push({ strategy: "long_diagonal", parts: [[short, -1], [long, 1]] });
            }
          }
        }
      }
    }
  }
  return out;
}

function legsOf(candidate: Candidate, units: number): OptionLeg[] {
  return candidate.parts.map(([q, sign]) => {
    const leg: OptionLeg = { kind: "option", right: q.right, strike: q.strike, expiry: q.expiry, quantity: sign * units, price: q.mid, iv: q.iv };
    if (q.multiplier !== undefined) leg.multiplier = q.multiplier;
    return leg;
  });
}

/** The budget: the smaller of max debit and max risk; both the net debit and the max loss must fit in it. */
function budgetOf(request: SuggestionRequest): number {
  return Math.min(request.maxDebit ?? Infinity, request.maxRisk ?? Infinity);
}

/** Units of one candidate: the request's quantity, or as many whole units as the budget allows (1 without one). */
function unitsFor(candidate: Candidate, request: SuggestionRequest): number {
  const contracts = candidate.parts.reduce((sum, [, sign]) => sum + Math.abs(sign), 0);
  const most = Math.floor((request.maxContracts ?? DEFAULT_MAX_CONTRACTS) / contracts);
  if (request.quantity !== undefined) return request.quantity <= most ? request.quantity : 0;
  const budget = budgetOf(request);
  if (budget === Infinity) return Math.min(1, most);
  const one = legsOf(candidate, 1);
  const debit = one.reduce((sum, l) => sum + l.quantity * legMultiplier(l) * (l.price ?? 0), 0);
  const payoff = analyzePayoff(one);
  // Calendars and diagonals bought for a debit lose at most the debit (see lib/risk/max-loss.ts).
  const loss = payoff.mixedExpiries ? debit : payoff.maxLoss;
  return Math.min(most, Math.floor(budget / Math.max(debit, loss)));
}

/** A candidate sized and measured by the figures it is ranked on; the full analysis waits until it is picked. */
interface Measured {
  candidate: Candidate;
  units: number;
  legs: OptionLeg[];
  risk: RiskFigures;
  atTarget: AtTarget;
  probabilityOfProfit: number | null;
  score: number;
}

function measure(candidate: Candidate, request: SuggestionRequest, view: TargetView, objective: SuggestionObjective): Measured | null {
  let units = unitsFor(candidate, request);
  if (!(units >= 1) || !Number.isFinite(units)) return null;
  const budget = budgetOf(request);
  for (;;) {
    const legs = legsOf(candidate, units);
    const risk = riskFigures(legs);
    if (risk.maxLoss === null || !(risk.netDebit > 0)) return null;
    if (risk.maxLoss > budget || risk.netDebit > budget) {
      // Rounding of the whole position can tip it over a budget the unit fitted: one unit fewer.
      if (request.quantity !== undefined || units <= 1) return null;
      units -= 1;
      continue;
    }
    const atTarget = targetFigures(legs, request.market, view, risk.maxLoss);
    const probabilityOfProfit = objective === "probability_of_profit" ? probabilityFigure(legs, request.market) : null;
    return { candidate, units, legs, risk, atTarget, probabilityOfProfit, score: scoreOf(objective, probabilityOfProfit, atTarget) };
  }
}

/** The full suggestion of a picked candidate: calculate_strategy's analysis of its legs under the view. */
function complete(m: Measured, request: SuggestionRequest, view: TargetView): Suggestion {
  const figures = analysePosition(m.legs, request.market, { target: view });
  const naturalDebit = m.candidate.parts.reduce((sum, [q, sign]) => sum + sign * m.units * (q.multiplier ?? 100) * (sign > 0 ? q.ask : q.bid), 0);
  return {
    rank: 0,
    strategy: m.candidate.strategy,
    label: describe(m.candidate.strategy, m.legs, m.units),
    units: m.units,
    legs: m.legs,
    figures: { ...figures, atTarget: figures.atTarget ?? m.atTarget },
    naturalDebit: roundTo(naturalDebit, 2),
    score: m.score,
    why: [],
  };
}

function scoreOf(objective: SuggestionObjective, probabilityOfProfit: number | null, atTarget: AtTarget): number {
  switch (objective) {
    case "expected_pnl":
      return atTarget.expectedPnl;
    case "pnl_at_target":
      return atTarget.pnl;
    case "probability_of_profit":
      return probabilityOfProfit ?? -Infinity;
    case "return_on_risk":
      return atTarget.returnOnRisk ?? -Infinity;
  }
}

interface Ranked {
  score: number;
  atTarget: AtTarget;
  maxLoss: number | null;
  order: number;
}

const gains = (s: { atTarget: AtTarget }): boolean => s.atTarget.pnl >= 0;
const suggestionGains = (s: Suggestion): boolean => s.figures.atTarget.pnl >= 0;

/** Gainers at the target first, then the objective, then return on risk, then the smaller max loss. */
function compare(a: Ranked, b: Ranked): number {
  if (gains(a) !== gains(b)) return gains(a) ? -1 : 1;
  if (a.score !== b.score) return b.score - a.score;
  const ra = a.atTarget.returnOnRisk ?? -Infinity;
  const rb = b.atTarget.returnOnRisk ?? -Infinity;
  if (ra !== rb) return rb - ra;
  if (a.maxLoss !== b.maxLoss) return (a.maxLoss ?? 0) - (b.maxLoss ?? 0);
  return a.order - b.order;
}

const ranked = (m: Measured, order: number): Ranked => ({ score: m.score, atTarget: m.atTarget, maxLoss: m.risk.maxLoss, order });

/** The typical gap between listed strikes of each expiry. */
function strikeSteps(quotes: readonly Usable[]): Map<string, number> {
  const byExpiry = new Map<string, number[]>();
  for (const q of quotes) byExpiry.set(q.expiry, [...(byExpiry.get(q.expiry) ?? []), q.strike]);
  const out = new Map<string, number>();
  for (const [expiry, strikes] of byExpiry) {
    const sorted = [...new Set(strikes)].sort((a, b) => a - b);
    const gaps = sorted.slice(1).map((k, i) => k - sorted[i]!).sort((a, b) => a - b);
    out.set(expiry, gaps[Math.floor(gaps.length / 2)] ?? 1);
  }
  return out;
}

/** Same strategy, rights and expiries, and every strike within two strike steps of the other's. */
function neighbours(a: Measured, b: Measured, steps: Map<string, number>): boolean {
  if (a.candidate.strategy !== b.candidate.strategy || a.legs.length !== b.legs.length) return false;
  return a.legs.every((leg, i) => {
    const other = b.legs[i]!;
    const step = steps.get(leg.expiry) ?? 1;
    return leg.expiry === other.expiry && leg.right === other.right && Math.abs(leg.strike - other.strike) <= 2 * step + 1e-9;
  });
}

/**
 * The best `limit` in order that the policy allows, skipping neighbours of a pick and, in a first pass, a
 * third of one strategy.
 */
function diverse(sorted: readonly Measured[], limit: number, steps: Map<string, number>, policy: PermissionPolicy): Measured[] {
  const picked: Measured[] = [];
  const refused = new Set<Measured>();
  for (const perStrategy of [2, Infinity]) {
    for (const m of sorted) {
      if (picked.length >= limit) break;
      if (refused.has(m) || picked.includes(m) || picked.some((p) => neighbours(p, m, steps))) continue;
      if (picked.filter((p) => p.candidate.strategy === m.candidate.strategy).length >= perStrategy) continue;
      if (!checkPermission(m.legs, undefined, policy).allowed) {
        refused.add(m);
        continue;
      }
      picked.push(m);
    }
  }
  const order = new Map(sorted.map((m, i) => [m, i]));
  return picked.sort((a, b) => order.get(a)! - order.get(b)!);
}

function describe(strategy: StrategyName, legs: readonly OptionLeg[], units: number): string {
  const strikes = [...new Set(legs.map((l) => l.strike))].sort((a, b) => a - b).join("/");
  const expiries = [...new Set(legs.map((l) => l.expiry))].sort().join("/");
  return `${units} × ${STRATEGY_LABELS[strategy]} ${strikes} ${expiries}`;
}

const signed = (x: number): string => `${x >= 0 ? "+" : "-"}${Math.abs(x).toFixed(2)} USD`;
const usd = (x: number): string => `${x.toFixed(2)} USD`;
const pct = (x: number): string => `${roundTo(100 * x, 2).toFixed(2)}%`;
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The suggestion's figures in words: each number is one of its figures or of the view. */
function reasons(s: Suggestion, view: TargetView): string[] {
  const f = s.figures;
  const t = f.atTarget;
  const distribution = `lognormal, median ${view.price}, volatility ${pct(view.vol)}${view.twoSided ? ", or the same move down" : ""}`;
  const out = [
    `At ${view.price} on ${day(view.atMs)}: ${signed(t.pnl)}.`,
    `Expected P&L on ${day(view.atMs)}: ${signed(t.expectedPnl)} (${distribution})${t.returnOnRisk === null ? "" : `, ${pct(t.returnOnRisk)} of the ${usd(f.maxLoss ?? 0)} at risk`}.`,
  ];
  const profit = f.maxProfit !== null ? usd(f.maxProfit) : f.unlimitedProfit ? "unlimited" : "depends on volatility (legs expire on different dates)";
  const breakevens = f.breakevens.length > 0 ? `breakevens ${f.breakevens.join(" and ")}` : "breakevens depend on volatility";
  out.push(`Net debit ${usd(f.netDebit)}; max loss ${usd(f.maxLoss ?? 0)}, max profit ${profit}; ${breakevens}.`);
  out.push(
    f.probabilityOfProfit === null
      ? "No market-implied chance of profit: the legs expire on different dates."
      : `Market-implied chance of profit at expiry: ${pct(f.probabilityOfProfit)}.`,
  );
  return out;
}

function objectiveFigure(objective: SuggestionObjective, s: Suggestion): string {
  if (objective === "probability_of_profit" || objective === "return_on_risk") return Number.isFinite(s.score) ? pct(s.score) : "none";
  return signed(s.score);
}

/** Why `a` ranks directly above `b` (ranked `rankB`). */
function aheadOf(a: Suggestion, b: Suggestion, rankB: number, objective: SuggestionObjective): string {
  const other = `#${rankB} (${b.label})`;
  if (suggestionGains(a) !== suggestionGains(b)) {
    return `Ranks above ${other}: it gains at the target (${signed(a.figures.atTarget.pnl)}) where that one loses (${signed(b.figures.atTarget.pnl)}).`;
  }
  if (a.score !== b.score) {
    return `Ranks above ${other} on ${OBJECTIVE_WORDS[objective]}: ${objectiveFigure(objective, a)} vs ${objectiveFigure(objective, b)}.`;
  }
  const ra = a.figures.atTarget.returnOnRisk;
  const rb = b.figures.atTarget.returnOnRisk;
  if (ra !== rb && ra !== null && rb !== null) {
    return `Ranks above ${other}: equal ${OBJECTIVE_WORDS[objective]}, higher return on risk (${pct(ra)} vs ${pct(rb)}).`;
  }
  return `Ranks above ${other}: equal ${OBJECTIVE_WORDS[objective]}, smaller max loss (${usd(a.figures.maxLoss ?? 0)} vs ${usd(b.figures.maxLoss ?? 0)}).`;
}
