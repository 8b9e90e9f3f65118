/**
 * Strike suggestion: from a view (bullish, bearish, neutral, volatile), a target price and date, a budget
 * and the option chain, build the allowed strategies the view calls for on liquid strikes, and rank them.
 *
 * Each candidate is priced at the quotes' mid and measured three ways:
 * - expected return: the expected P&L at the first usable expiry (for calendars, the nearer expiry) if the
 *   underlying is lognormal around the trader's target (median at the target, the market's at-the-money
 *   volatility), divided by the max loss;
 * - probability of profit: risk-neutral, from the exact breakevens (calendars: model breakevens at the near
 *   expiry), with the volatility chosen in the request;
 * - reward/risk: max profit over max loss (calendars: model estimate).
 * The score is w₁·R/(1 + |R|) + w₂·probability of profit + w₃·min(reward/risk, 5)/5 with R the expected
 * return: R/(1 + |R|) gives diminishing weight to very large expected returns, which otherwise favour
 * cheap far out-of-the-money lottery tickets. Every suggestion says in words where its rank comes from. Quotes with no bid, a wide spread or no open
 * interest are skipped, and listed with the reason.
 */
import {
  analyzePayoff,
  expiryInstantMs,
  horizonAnalysis,
  impliedVolatility,
  inverseNormCdf,
  positionValue,
  probabilityOfProfit,
  yearFraction,
  type LognormalMarket,
  type OptionLeg,
  type OptionRight,
  type PositionMarket,
  type VolatilityChoice,
} from "../options";
import { STRATEGY_LABELS } from "./catalogue";
import { StrategyError, StrategyErrorCode } from "./errors";
import { DEFAULT_PERMISSION_POLICY, type PermissionPolicy } from "./permissions";
import type { ChainQuote, Outlook, StrategyName } from "./types";

/** Liquidity filter. */
export interface LiquidityRules {
  /** Largest (ask − bid)/mid accepted; default 0.25. */
  maxSpreadFraction?: number;
  /** Smallest open interest accepted when it is known; default 1 (none is refused). */
  minOpenInterest?: number;
}

/** Weights of the score. */
export interface ScoreWeights {
  expectedReturn: number;
  probabilityOfProfit: number;
  rewardRisk: number;
}

export const DEFAULT_SCORE_WEIGHTS: ScoreWeights = { expectedReturn: 1, probabilityOfProfit: 1, rewardRisk: 0.1 };

/** What to suggest for. */
export interface SuggestionRequest {
  view: Outlook;
  /** Where the underlying is expected to be (currency). */
  targetPrice: number;
  /** When, epoch milliseconds. */
  targetDateMs: number;
  /** Largest net debit for the whole position (currency). */
  maxDebit?: number;
  /** Largest max loss for the whole position (currency). */
  maxRisk?: number;
  /** Units per strategy (default 1). */
  quantity?: number;
  chain: readonly ChainQuote[];
  /** Spot, rates and the current instant. */
  market: PositionMarket;
  /** Only strategies it allows are suggested (default Level 2). */
  policy?: PermissionPolicy;
  liquidity?: LiquidityRules;
  /** "atm" (default): one at-the-money volatility per expiry; "per_strike": each strike's own. */
  volatility?: "atm" | "per_strike";
  weights?: ScoreWeights;
  /** Number of suggestions returned (default 10). */
  limit?: number;
}

/** One ranked suggestion; amounts in currency per position. */
export interface Suggestion {
  rank: number;
  strategy: StrategyName;
  label: string;
  /** Legs priced at mid, with their implied volatility. */
  legs: OptionLeg[];
  /** Net debit at mid. */
  debit: number;
  /** Net debit paying the ask and receiving the bid. */
  naturalDebit: number;
  maxLoss: number;
  /** Infinity when unlimited; an estimate for calendars. */
  maxProfit: number;
  breakevens: number[];
  probabilityOfProfit: number;
  /** Expected P&L around the target ÷ max loss. */
  expectedReturn: number;
  /** P&L if the underlying is exactly at the target on the target date (model value). */
  pnlAtTarget: number;
  /** maxProfit ÷ maxLoss (Infinity when the profit is unlimited). */
  rewardRisk: number;
  score: number;
  /** Why it ranks where it does. */
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
  /** Candidates built and measured (before the budget and ranking cut). */
  considered: number;
  skipped: SkippedQuote[];
  /** Expiries used. */
  expiries: string[];
}

interface Usable extends ChainQuote {
  mid: number;
  vol: number;
}

const VIEW_STRATEGIES: Record<Outlook, readonly StrategyName[]> = {
  bullish: ["long_call", "bull_call_spread"],
  bearish: ["long_put", "bear_put_spread"],
  neutral: ["long_butterfly", "long_calendar"],
  volatile: ["long_straddle", "long_strangle"],
};

/** Nodes of the view distribution: equal-probability quantiles of a standard normal. */
const NODES = 96;
const NORMAL_NODES = Float64Array.from({ length: NODES }, (_, i) => inverseNormCdf((i + 0.5) / NODES));

function percent(x: number): string {
  return `${(100 * x).toFixed(0)}%`;
}

function money(x: number): string {
  return x === Infinity ? "unlimited" : x.toFixed(2);
}

/**
 * Ranked strategy suggestions for a view.
 * @throws StrategyError(InvalidParameters) for a bad target, budget or market; (MissingQuote) when no
 * expiry on or after the target date has usable quotes
 */
export function suggestStrategies(request: SuggestionRequest): SuggestionResult {
  const { market, view } = request;
  if (!(request.targetPrice > 0) || !(market.spot > 0) || !(request.targetDateMs > market.nowMs)) {
    throw new StrategyError(StrategyErrorCode.InvalidParameters, "Need a target price > 0, a spot > 0 and a target date after now.");
  }
  const quantity = request.quantity ?? 1;
  if (!Number.isInteger(quantity) || quantity < 1) {
    throw new StrategyError(StrategyErrorCode.InvalidParameters, "Quantity must be a whole number ≥ 1.");
  }
  const policy = request.policy ?? DEFAULT_PERMISSION_POLICY;
  const weights = request.weights ?? DEFAULT_SCORE_WEIGHTS;
  const close = market.closeHourUtc;
  const skipped: SkippedQuote[] = [];
  const usable = filterQuotes(request, skipped);

  const expiries = [...new Set(usable.map((q) => q.expiry))]
    .filter((e) => expiryInstantMs(e, close) >= request.targetDateMs)
    .sort();
  if (expiries.length === 0) {
    throw new StrategyError(StrategyErrorCode.MissingQuote, "No liquid expiry on or after the target date.");
  }
  const allExpiries = [...new Set(usable.map((q) => q.expiry))].sort();
  const chosen = expiries.slice(0, 2);
  const strategies = VIEW_STRATEGIES[view].filter((s) => policy.allowed.includes(s));

  const candidates: { strategy: StrategyName; legs: OptionLeg[]; quotes: Usable[] }[] = [];
  for (const expiry of chosen) {
    const calls = usable.filter((q) => q.expiry === expiry && q.right === "call").sort((a, b) => a.strike - b.strike);
    const puts = usable.filter((q) => q.expiry === expiry && q.right === "put").sort((a, b) => a.strike - b.strike);
    const later = allExpiries.find((e) => e > expiry);
    const make = (strategy: StrategyName, parts: [Usable, number][]): void => {
      candidates.push({
        strategy,
        quotes: parts.map(([q]) => q),
        legs: parts.map(([q, sign]) => {
          const leg: OptionLeg = { kind: "option", right: q.right, strike: q.strike, expiry: q.expiry, quantity: sign * quantity, price: q.mid, iv: q.vol };
          if (q.multiplier !== undefined) leg.multiplier = q.multiplier;
          return leg;
        }),
      });
    };
    for (const strategy of strategies) {
      if (strategy === "long_call") for (const c of calls) make(strategy, [[c, 1]]);
      if (strategy === "long_put") for (const p of puts) make(strategy, [[p, 1]]);
      if (strategy === "bull_call_spread") {
        for (let i = 0; i < calls.length; i++) for (let j = i + 1; j < calls.length; j++) make(strategy, [[calls[i]!, 1], [calls[j]!, -1]]);
      }
      if (strategy === "bear_put_spread") {
        for (let i = 0; i < puts.length; i++) for (let j = i + 1; j < puts.length; j++) make(strategy, [[puts[j]!, 1], [puts[i]!, -1]]);
      }
      if (strategy === "long_straddle") {
        for (const c of calls) {
          const p = puts.find((x) => x.strike === c.strike);
          if (p) make(strategy, [[c, 1], [p, 1]]);
        }
      }
      if (strategy === "long_strangle") {
        for (const p of puts) for (const c of calls) if (p.strike < c.strike) make(strategy, [[p, 1], [c, 1]]);
      }
      if (strategy === "long_butterfly") {
        for (let m = 1; m + 1 < calls.length; m++) {
          const body = calls[m]!;
          for (let w = 1; m - w >= 0 && m + w < calls.length; w++) {
            const low = calls.find((q) => Math.abs(q.strike - (2 * body.strike - calls[m + w]!.strike)) < 1e-9 * body.strike);
            const high = calls[m + w]!;
            if (low) make(strategy, [[low, 1], [body, -2], [high, 1]]);
          }
        }
      }
      if (strategy === "long_calendar" && later) {
        for (const near of [...calls, ...puts]) {
          const far = usable.find((q) => q.expiry === later && q.right === near.right && q.strike === near.strike);
          if (far) make(strategy, [[near, -1], [far, 1]]);
        }
      }
    }
  }

  const atm = atmVolatilities(usable, market);
  const measured: Suggestion[] = [];
  for (const candidate of candidates) {
    const s = measure(candidate.strategy, candidate.legs, candidate.quotes, request, atm, weights);
    if (!s) continue;
    if (request.maxDebit !== undefined && s.debit > request.maxDebit) continue;
    if (request.maxRisk !== undefined && s.maxLoss > request.maxRisk) continue;
    measured.push(s);
  }
  measured.sort((a, b) => b.score - a.score);
  const top = measured.slice(0, request.limit ?? 10);
  top.forEach((s, i) => {
    s.rank = i + 1;
    const next = top[i + 1];
    if (next) s.why.push(aheadOf(s, next));
    else if (i === 0) s.why.push("The only candidate within the budget.");
  });
  return { suggestions: top, considered: candidates.length, skipped, expiries: chosen };
}

function filterQuotes(request: SuggestionRequest, skipped: SkippedQuote[]): Usable[] {
  const maxSpread = request.liquidity?.maxSpreadFraction ?? 0.25;
  const minOpenInterest = request.liquidity?.minOpenInterest ?? 1;
  const { market } = request;
  const close = market.closeHourUtc;
  const out: Usable[] = [];
  for (const q of request.chain) {
    const skip = (reason: string): void => {
      skipped.push({ expiry: q.expiry, strike: q.strike, right: q.right, reason });
    };
    if (!(q.bid > 0) || !(q.ask >= q.bid)) {
      skip(!(q.bid > 0) ? "no bid" : "ask below bid");
      continue;
    }
    const mid = 0.5 * (q.bid + q.ask);
    if ((q.ask - q.bid) / mid > maxSpread) {
      skip(`spread ${percent((q.ask - q.bid) / mid)} of mid (over ${percent(maxSpread)})`);
      continue;
    }
    if (q.openInterest !== undefined && q.openInterest < minOpenInterest) {
      skip(q.openInterest === 0 ? "no open interest" : `open interest ${q.openInterest} below ${minOpenInterest}`);
      continue;
    }
    const years = yearFraction(market.nowMs, q.expiry, close);
    let vol = q.iv;
    if (vol === undefined || !(vol > 0)) {
      const iv = years > 0 ? impliedVolatility(q.right, mid, market.spot, q.strike, years, market.rate, market.dividendYield) : null;
      if (!iv || !iv.ok) {
        skip(iv ? `no implied volatility (${iv.error.code})` : "expired");
        continue;
      }
      vol = iv.vol;
    }
    out.push({ ...q, mid, vol });
  }
  return out;
}

/** At-the-money volatility per expiry: the quote nearest the forward (call and put averaged). */
function atmVolatilities(quotes: readonly Usable[], market: PositionMarket): Map<string, number> {
  const best = new Map<string, { distance: number; vols: number[] }>();
  for (const q of quotes) {
    const years = yearFraction(market.nowMs, q.expiry, market.closeHourUtc);
    const forward = market.spot * Math.exp((market.rate - market.dividendYield) * years);
    const distance = Math.abs(Math.log(q.strike / forward));
    const current = best.get(q.expiry);
    if (!current || distance < current.distance - 1e-12) best.set(q.expiry, { distance, vols: [q.vol] });
    else if (Math.abs(distance - current.distance) <= 1e-12) current.vols.push(q.vol);
  }
  const out = new Map<string, number>();
  for (const [expiry, { vols }] of best) out.set(expiry, vols.reduce((a, b) => a + b, 0) / vols.length);
  return out;
}

/** Volatility per level for one expiry: linear in strike between the listed strikes' IVs. */
function smile(quotes: readonly Usable[], expiry: string, fallback: number): (level: number) => number {
  const points = quotes
    .filter((q) => q.expiry === expiry)
    .map((q) => [q.strike, q.vol] as const)
    .sort((a, b) => a[0] - b[0]);
  return (level: number): number => {
    if (points.length === 0) return fallback;
    const first = points[0]!;
    const last = points[points.length - 1]!;
    if (level <= first[0]) return first[1];
    if (level >= last[0]) return last[1];
    for (let i = 1; i < points.length; i++) {
      const [k1, v1] = points[i]!;
      const [k0, v0] = points[i - 1]!;
      if (level <= k1) return k1 === k0 ? v1 : v0 + ((v1 - v0) * (level - k0)) / (k1 - k0);
    }
    return last[1];
  };
}

function measure(
  strategy: StrategyName,
  legs: OptionLeg[],
  quotes: readonly Usable[],
  request: SuggestionRequest,
  atm: Map<string, number>,
  weights: ScoreWeights,
): Suggestion | null {
  const { market } = request;
  const close = market.closeHourUtc;
  const expiry = legs.reduce((e, l) => (l.expiry < e ? l.expiry : e), legs[0]?.expiry ?? "");
  const atExpiry = expiryInstantMs(expiry, close);
  const years = yearFraction(market.nowMs, expiry, close);
  const atmVol = atm.get(expiry);
  if (!(years > 0) || atmVol === undefined) return null;
  const vol: VolatilityChoice = request.volatility === "per_strike" ? smile(quotes, expiry, atmVol) : atmVol;
  let debit = 0;
  let naturalDebit = 0;
  legs.forEach((leg, i) => {
    const m = leg.multiplier ?? 100;
    const q = quotes[i]!;
    debit += leg.quantity * m * (leg.price ?? 0);
    naturalDebit += leg.quantity * m * (leg.quantity > 0 ? q.ask : q.bid);
  });
  if (!(debit > 0)) return null;

  let maxLoss: number;
  let maxProfit: number;
  let breakevens: number[];
  let pop: number;
  const lognormal: LognormalMarket = { spot: market.spot, years, rate: market.rate, dividendYield: market.dividendYield };
  const single = legs.every((l) => l.expiry === expiry);
  if (single) {
    const payoff = analyzePayoff(legs);
    maxLoss = payoff.maxLoss;
    maxProfit = payoff.maxProfit;
    breakevens = payoff.breakevens;
    pop = probabilityOfProfit(payoff, lognormal, vol);
  } else {
    const horizon = horizonAnalysis(legs, market, atExpiry, vol, { points: 240 });
    maxLoss = debit;
    maxProfit = horizon.maxProfitEstimate;
    breakevens = horizon.breakevens;
    pop = horizon.probabilityOfProfit;
  }
  if (!(maxLoss > 0) || !Number.isFinite(maxLoss)) return null;

  // Expected P&L at the first expiry with the underlying lognormal around the target (median = target).
  const s = atmVol * Math.sqrt(years);
  let expected = 0;
  for (let i = 0; i < NODES; i++) {
    const price = request.targetPrice * Math.exp(s * (NORMAL_NODES[i] ?? 0));
    expected += positionValue(legs, market, price, atExpiry);
  }
  expected = expected / NODES - debit;
  const expectedReturn = expected / maxLoss;
  const pnlAtTarget = positionValue(legs, market, request.targetPrice, request.targetDateMs) - debit;
  const rewardRisk = maxProfit / maxLoss;
  const score =
    (weights.expectedReturn * expectedReturn) / (1 + Math.abs(expectedReturn)) +
    weights.probabilityOfProfit * pop +
    (weights.rewardRisk * Math.min(rewardRisk, 5)) / 5;
  const label = describe(strategy, legs);
  const why = [
    `Expected return ${expectedReturn >= 0 ? "+" : ""}${percent(expectedReturn)} of the ${money(maxLoss)} at risk if the price settles around ${request.targetPrice} by ${expiry}.`,
    `${percent(pop)} chance of profit at ${expiry} (market-implied, ${request.volatility === "per_strike" ? "per-strike" : "at-the-money"} volatility).`,
    `Reward/risk ${rewardRisk === Infinity ? "unlimited" : rewardRisk.toFixed(2)}: max profit ${money(maxProfit)}${single ? "" : " (model estimate)"}, max loss ${money(maxLoss)}.`,
    `At ${request.targetPrice} on the target date: ${pnlAtTarget >= 0 ? "+" : ""}${money(pnlAtTarget)}.`,
  ];
  return {
    rank: 0,
    strategy,
    label,
    legs,
    debit,
    naturalDebit,
    maxLoss,
    maxProfit,
    breakevens,
    probabilityOfProfit: pop,
    expectedReturn,
    pnlAtTarget,
    rewardRisk,
    score,
    why,
  };
}

function describe(strategy: StrategyName, legs: readonly OptionLeg[]): string {
  const strikes = [...new Set(legs.map((l) => l.strike))].sort((a, b) => a - b).join("/");
  const expiries = [...new Set(legs.map((l) => l.expiry))].sort().join("/");
  return `${STRATEGY_LABELS[strategy]} ${strikes} ${expiries}`;
}

function aheadOf(a: Suggestion, b: Suggestion): string {
  const reasons: string[] = [];
  if (a.expectedReturn > b.expectedReturn) reasons.push(`higher expected return (${percent(a.expectedReturn)} vs ${percent(b.expectedReturn)})`);
  if (a.probabilityOfProfit > b.probabilityOfProfit) {
    reasons.push(`better chance of profit (${percent(a.probabilityOfProfit)} vs ${percent(b.probabilityOfProfit)})`);
  }
  if (a.rewardRisk > b.rewardRisk) reasons.push("better reward/risk");
  const because = reasons.length > 0 ? reasons.join(", ") : "a higher combined score";
  return `Ranks above ${b.label} (score ${a.score.toFixed(3)} vs ${b.score.toFixed(3)}): ${because}.`;
}
