/**
 * The strategy catalogue: every structure the recogniser can name, with what it is for, how its risk is
 * bounded, whether the default permission policy ("Level 2") lets it be opened and, if not, what to trade
 * instead, whether buildStrategy builds it and whether it needs shares. The permission policy, the builders,
 * the strategy page's templates, recognition and suggestions all read it; nothing else lists strategies.
 */
import type { Outlook } from "./types";

/** Every structure the recogniser can name, in catalogue order. */
export const STRATEGY_NAMES = [
  "long_call",
  "long_put",
  "bull_call_spread",
  "bear_put_spread",
  "covered_call",
  "protective_put",
  "collar",
  "long_calendar",
  "long_diagonal",
  "long_straddle",
  "long_strangle",
  "long_butterfly",
  "long_stock",
  "short_stock",
  "short_call",
  "short_put",
  "bear_call_spread",
  "bull_put_spread",
  "short_calendar",
  "short_diagonal",
  "short_straddle",
  "short_strangle",
  "short_butterfly",
  "iron_condor",
  "covered_put",
  "custom",
] as const;

export type StrategyName = (typeof STRATEGY_NAMES)[number];

/**
 * How the default policy treats opening it: "level_2" may be opened (loss capped: long premium, or covered);
 * "naked" sells options without cover; "credit" is a spread sold for a credit; "short_stock" sells shares
 * not owned; "unrecognised" is no named structure.
 */
export type PolicyClass = "level_2" | "naked" | "credit" | "short_stock" | "unrecognised";

/** A catalogue entry. */
export interface StrategyInfo {
  name: StrategyName;
  label: string;
  /** Views it suits. */
  outlook: readonly Outlook[];
  /** Legs, in words. */
  legs: string;
  policy: PolicyClass;
  /** When traders use it (openable strategies). */
  typicalUse?: string;
  /** How much can be lost (openable strategies). */
  maxLoss?: string;
  /** How much can be made (openable strategies). */
  maxProfit?: string;
  /** Paid for (debit) or not. */
  debit: boolean;
  /** Its loss is bounded by the debit only if a debit is actually paid (refused when priced for a credit). */
  debitRequired: boolean;
  /** buildStrategy builds it. */
  buildable: boolean;
  /** It holds, or needs held, 100 shares per contract. */
  needsShares: boolean;
  /** For a refused structure: the allowed trade that expresses the same view. */
  instead?: string;
}

export const CATALOGUE: Readonly<Record<StrategyName, StrategyInfo>> = {
  long_call: {
    name: "long_call",
    label: "Long call",
    outlook: ["bullish"],
    legs: "Buy 1 call.",
    policy: "level_2",
    typicalUse: "A leveraged bet on a rise, with the loss capped at the premium.",
    maxLoss: "The premium paid.",
    maxProfit: "Unlimited.",
    debit: true,
    debitRequired: false,
    buildable: true,
    needsShares: false,
  },
  long_put: {
    name: "long_put",
    label: "Long put",
    outlook: ["bearish"],
    legs: "Buy 1 put.",
    policy: "level_2",
    typicalUse: "A bet on a fall, or insurance for a portfolio, with the loss capped at the premium.",
    maxLoss: "The premium paid.",
    maxProfit: "Strike minus premium (the underlying can only fall to zero).",
    debit: true,
    debitRequired: false,
    buildable: true,
    needsShares: false,
  },
  bull_call_spread: {
    name: "bull_call_spread",
    label: "Bull call spread (debit)",
    outlook: ["bullish"],
    legs: "Buy 1 call at a lower strike, sell 1 call at a higher strike, same expiry.",
    policy: "level_2",
    typicalUse: "A moderate rise to about the upper strike, cheaper than a call alone.",
    maxLoss: "The net debit.",
    maxProfit: "Strike width minus the debit.",
    debit: true,
    debitRequired: true,
    buildable: true,
    needsShares: false,
  },
  bear_put_spread: {
    name: "bear_put_spread",
    label: "Bear put spread (debit)",
    outlook: ["bearish"],
    legs: "Buy 1 put at a higher strike, sell 1 put at a lower strike, same expiry.",
    policy: "level_2",
    typicalUse: "A moderate fall to about the lower strike, cheaper than a put alone.",
    maxLoss: "The net debit.",
    maxProfit: "Strike width minus the debit.",
    debit: true,
    debitRequired: true,
    buildable: true,
    needsShares: false,
  },
  covered_call: {
    name: "covered_call",
    label: "Covered call",
    outlook: ["neutral", "bullish"],
    legs: "Own 100 shares per contract, sell 1 call.",
    policy: "level_2",
    typicalUse: "Earn premium on shares you hold, giving up the rise above the strike.",
    maxLoss: "Share cost minus the premium (if the shares go to zero).",
    maxProfit: "Strike minus share cost plus the premium.",
    debit: false,
    debitRequired: false,
    buildable: true,
    needsShares: true,
  },
  protective_put: {
    name: "protective_put",
    label: "Protective put",
    outlook: ["bullish"],
    legs: "Own 100 shares per contract, buy 1 put.",
    policy: "level_2",
    typicalUse: "Insure shares against a fall below the strike.",
    maxLoss: "Share cost minus the strike plus the premium.",
    maxProfit: "Unlimited.",
    debit: true,
    debitRequired: false,
    buildable: true,
    needsShares: true,
  },
  collar: {
    name: "collar",
    label: "Collar",
    outlook: ["neutral", "bullish"],
    legs: "Own 100 shares per contract, buy 1 put below and sell 1 call above the price, same expiry.",
    policy: "level_2",
    typicalUse: "Protect shares cheaply, paying for the put with the call's premium.",
    maxLoss: "Share cost minus the put strike plus the net premium.",
    maxProfit: "Call strike minus share cost minus the net premium.",
    debit: false,
    debitRequired: false,
    buildable: true,
    needsShares: true,
  },
  long_calendar: {
    name: "long_calendar",
    label: "Long calendar (debit)",
    outlook: ["neutral"],
    legs: "Sell 1 option at a near expiry, buy 1 option of the same right and strike at a later expiry.",
    policy: "level_2",
    typicalUse: "The price stays near the strike while the near month decays faster; also long volatility.",
    maxLoss: "The net debit.",
    maxProfit: "Depends on volatility at the near expiry; largest near the strike.",
    debit: true,
    debitRequired: true,
    buildable: true,
    needsShares: false,
  },
  long_diagonal: {
    name: "long_diagonal",
    label: "Long diagonal (debit)",
    outlook: ["neutral", "bullish", "bearish"],
    legs: "Sell 1 near-expiry option, buy 1 later-expiry option of the same right at a strike that covers it.",
    policy: "level_2",
    typicalUse: "A calendar with a directional tilt towards the short strike.",
    maxLoss: "The net debit (the long option covers the short one).",
    maxProfit: "Depends on volatility at the near expiry; largest near the short strike.",
    debit: true,
    debitRequired: true,
    buildable: true,
    needsShares: false,
  },
  long_straddle: {
    name: "long_straddle",
    label: "Long straddle",
    outlook: ["volatile"],
    legs: "Buy 1 call and 1 put at the same strike and expiry.",
    policy: "level_2",
    typicalUse: "A big move either way (earnings, events), or rising volatility.",
    maxLoss: "The premium paid (if the price ends at the strike).",
    maxProfit: "Unlimited.",
    debit: true,
    debitRequired: false,
    buildable: true,
    needsShares: false,
  },
  long_strangle: {
    name: "long_strangle",
    label: "Long strangle",
    outlook: ["volatile"],
    legs: "Buy 1 put at a lower strike and 1 call at a higher strike, same expiry.",
    policy: "level_2",
    typicalUse: "A very big move either way, cheaper than a straddle.",
    maxLoss: "The premium paid.",
    maxProfit: "Unlimited.",
    debit: true,
    debitRequired: false,
    buildable: true,
    needsShares: false,
  },
  long_butterfly: {
    name: "long_butterfly",
    label: "Long butterfly (debit)",
    outlook: ["neutral"],
    legs: "Buy 1 lower, sell 2 middle, buy 1 upper strike (equal widths), same right and expiry.",
    policy: "level_2",
    typicalUse: "The price pins near the middle strike at expiry; cheap, with a high payoff ratio.",
    maxLoss: "The net debit.",
    maxProfit: "Wing width minus the debit, at the middle strike.",
    debit: true,
    debitRequired: true,
    buildable: true,
    needsShares: false,
  },
  long_stock: {
    name: "long_stock",
    label: "Long stock",
    outlook: ["bullish"],
    legs: "Buy shares.",
    policy: "level_2",
    typicalUse: "Own the underlying (for instance to write covered calls on it).",
    maxLoss: "The cost of the shares.",
    maxProfit: "Unlimited.",
    debit: true,
    debitRequired: false,
    buildable: false,
    needsShares: false,
  },
  short_stock: {
    name: "short_stock",
    label: "Short stock",
    outlook: ["bearish"],
    legs: "Sell shares you do not own.",
    policy: "short_stock",
    debit: false,
    debitRequired: false,
    buildable: false,
    needsShares: false,
    instead: "a long put or a bear put spread: a bet on a fall with the loss capped at the premium",
  },
  short_call: {
    name: "short_call",
    label: "Naked short call",
    outlook: ["bearish", "neutral"],
    legs: "Sell 1 call without shares or a long call to cover it.",
    policy: "naked",
    debit: false,
    debitRequired: false,
    buildable: false,
    needsShares: false,
    instead: "a covered call (own 100 shares per contract), or a bear put spread for a view on a fall",
  },
  short_put: {
    name: "short_put",
    label: "Naked short put",
    outlook: ["bullish", "neutral"],
    legs: "Sell 1 put without a long put to cover it.",
    policy: "naked",
    debit: false,
    debitRequired: false,
    buildable: false,
    needsShares: false,
    instead: "a bull call spread, which profits from the same rise with the loss capped at the debit",
  },
  bear_call_spread: {
    name: "bear_call_spread",
    label: "Bear call spread (credit)",
    outlook: ["bearish"],
    legs: "Sell 1 call at a lower strike, buy 1 call at a higher strike, same expiry.",
    policy: "credit",
    debit: false,
    debitRequired: false,
    buildable: false,
    needsShares: false,
    instead: "the debit version of the view: a bear put spread (buy the higher-strike put, sell the lower)",
  },
  bull_put_spread: {
    name: "bull_put_spread",
    label: "Bull put spread (credit)",
    outlook: ["bullish"],
    legs: "Sell 1 put at a higher strike, buy 1 put at a lower strike, same expiry.",
    policy: "credit",
    debit: false,
    debitRequired: false,
    buildable: false,
    needsShares: false,
    instead: "the debit version of the view: a bull call spread (buy the lower-strike call, sell the higher)",
  },
  short_calendar: {
    name: "short_calendar",
    label: "Short calendar (credit)",
    outlook: ["volatile"],
    legs: "Buy the near expiry, sell the later one, same strike.",
    policy: "credit",
    debit: false,
    debitRequired: false,
    buildable: false,
    needsShares: false,
    instead: "a long straddle or strangle for a big move, or a long calendar (sell the near, buy the later) for a quiet one",
  },
  short_diagonal: {
    name: "short_diagonal",
    label: "Short diagonal",
    outlook: ["volatile"],
    legs: "Buy a near-expiry option, sell a later-expiry one at another strike.",
    policy: "credit",
    debit: false,
    debitRequired: false,
    buildable: false,
    needsShares: false,
    instead: "a long diagonal: sell the near expiry and buy the later one at a strike that covers it",
  },
  short_straddle: {
    name: "short_straddle",
    label: "Short straddle",
    outlook: ["neutral"],
    legs: "Sell 1 call and 1 put at the same strike and expiry.",
    policy: "naked",
    debit: false,
    debitRequired: false,
    buildable: false,
    needsShares: false,
    instead: "a long butterfly centred on the strike: it profits if the price stays there, with the loss capped at the debit",
  },
  short_strangle: {
    name: "short_strangle",
    label: "Short strangle",
    outlook: ["neutral"],
    legs: "Sell 1 put at a lower strike and 1 call at a higher strike, same expiry.",
    policy: "naked",
    debit: false,
    debitRequired: false,
    buildable: false,
    needsShares: false,
    instead: "a long butterfly (or a long calendar) centred between the strikes: it profits in a range with the loss capped at the debit",
  },
  short_butterfly: {
    name: "short_butterfly",
    label: "Short butterfly (credit)",
    outlook: ["volatile"],
    legs: "Sell 1 lower, buy 2 middle, sell 1 upper strike, same right and expiry.",
    policy: "credit",
    debit: false,
    debitRequired: false,
    buildable: false,
    needsShares: false,
    instead: "a long straddle or strangle, which profits from the same big move for a debit",
  },
  iron_condor: {
    name: "iron_condor",
    label: "Iron condor (credit)",
    outlook: ["neutral"],
    legs: "Sell a put spread below and a call spread above the price, same expiry.",
    policy: "credit",
    debit: false,
    debitRequired: false,
    buildable: false,
    needsShares: false,
    instead: "a long butterfly centred on the price (or a long call calendar): it profits if the price stays in a range, with the loss capped at the debit",
  },
  covered_put: {
    name: "covered_put",
    label: "Covered put (short stock, short put)",
    outlook: ["bearish"],
    legs: "Short 100 shares per contract and sell 1 put.",
    policy: "naked",
    debit: false,
    debitRequired: false,
    buildable: false,
    needsShares: true,
    instead: "a bear put spread",
  },
  custom: {
    name: "custom",
    label: "Custom",
    outlook: [],
    legs: "Legs that form no named structure.",
    policy: "unrecognised",
    debit: false,
    debitRequired: false,
    buildable: false,
    needsShares: false,
    instead: "split the legs into strategies the policy allows (each leg or pair on its own)",
  },
};

const entries = STRATEGY_NAMES.map((n) => CATALOGUE[n]);

/** Strategies that open positions with a known, bounded loss: the default policy's allow-list. */
export const LEVEL_2_STRATEGIES: readonly StrategyName[] = entries.filter((s) => s.policy === "level_2").map((s) => s.name);

/** The openable strategies' entries. */
export const STRATEGY_CATALOGUE: Readonly<Partial<Record<StrategyName, StrategyInfo>>> = Object.fromEntries(
  entries.filter((s) => s.policy === "level_2").map((s) => [s.name, s]),
);

/** Human-readable names for every structure the recogniser knows. */
export const STRATEGY_LABELS: Readonly<Record<StrategyName, string>> = Object.fromEntries(entries.map((s) => [s.name, s.label])) as Record<StrategyName, string>;

/** Names of the strategies buildStrategy can build. */
export const BUILDABLE_STRATEGIES: readonly StrategyName[] = entries.filter((s) => s.buildable).map((s) => s.name);

/** Names in one policy class. */
export function strategiesIn(policy: PolicyClass): StrategyName[] {
  return entries.filter((s) => s.policy === policy).map((s) => s.name);
}
