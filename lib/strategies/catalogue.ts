/**
 * The catalogue of strategies that can be opened: what each is for, its legs, and how its risk is bounded.
 * Builders live in builders.ts; recognition of arbitrary legs in recognise.ts.
 */
import type { Outlook, StrategyName } from "./types";

/** A catalogue entry. */
export interface StrategyInfo {
  name: StrategyName;
  label: string;
  /** Views it suits. */
  outlook: readonly Outlook[];
  /** Legs, in words. */
  legs: string;
  /** When traders use it. */
  typicalUse: string;
  /** How much can be lost. */
  maxLoss: string;
  /** How much can be made. */
  maxProfit: string;
  /** Paid for (debit) or not. */
  debit: boolean;
}

/** Strategies that open positions with a known, bounded loss (and the share-based ones). */
export const STRATEGY_CATALOGUE: Readonly<Partial<Record<StrategyName, StrategyInfo>>> = {
  long_call: {
    name: "long_call",
    label: "Long call",
    outlook: ["bullish"],
    legs: "Buy 1 call.",
    typicalUse: "A leveraged bet on a rise, with the loss capped at the premium.",
    maxLoss: "The premium paid.",
    maxProfit: "Unlimited.",
    debit: true,
  },
  long_put: {
    name: "long_put",
    label: "Long put",
    outlook: ["bearish"],
    legs: "Buy 1 put.",
    typicalUse: "A bet on a fall, or insurance for a portfolio, with the loss capped at the premium.",
    maxLoss: "The premium paid.",
    maxProfit: "Strike minus premium (the underlying can only fall to zero).",
    debit: true,
  },
  bull_call_spread: {
    name: "bull_call_spread",
    label: "Bull call spread (debit)",
    outlook: ["bullish"],
    legs: "Buy 1 call at a lower strike, sell 1 call at a higher strike, same expiry.",
    typicalUse: "A moderate rise to about the upper strike, cheaper than a call alone.",
    maxLoss: "The net debit.",
    maxProfit: "Strike width minus the debit.",
    debit: true,
  },
  bear_put_spread: {
    name: "bear_put_spread",
    label: "Bear put spread (debit)",
    outlook: ["bearish"],
    legs: "Buy 1 put at a higher strike, sell 1 put at a lower strike, same expiry.",
    typicalUse: "A moderate fall to about the lower strike, cheaper than a put alone.",
    maxLoss: "The net debit.",
    maxProfit: "Strike width minus the debit.",
    debit: true,
  },
  covered_call: {
    name: "covered_call",
    label: "Covered call",
    outlook: ["neutral", "bullish"],
    legs: "Own 100 shares per contract, sell 1 call.",
    typicalUse: "Earn premium on shares you hold, giving up the rise above the strike.",
    maxLoss: "Share cost minus the premium (if the shares go to zero).",
    maxProfit: "Strike minus share cost plus the premium.",
    debit: false,
  },
  protective_put: {
    name: "protective_put",
    label: "Protective put",
    outlook: ["bullish"],
    legs: "Own 100 shares per contract, buy 1 put.",
    typicalUse: "Insure shares against a fall below the strike.",
    maxLoss: "Share cost minus the strike plus the premium.",
    maxProfit: "Unlimited.",
    debit: true,
  },
  collar: {
    name: "collar",
    label: "Collar",
    outlook: ["neutral", "bullish"],
    legs: "Own 100 shares per contract, buy 1 put below and sell 1 call above the price, same expiry.",
    typicalUse: "Protect shares cheaply, paying for the put with the call's premium.",
    maxLoss: "Share cost minus the put strike plus the net premium.",
    maxProfit: "Call strike minus share cost minus the net premium.",
    debit: false,
  },
  long_calendar: {
    name: "long_calendar",
    label: "Long calendar (debit)",
    outlook: ["neutral"],
    legs: "Sell 1 option at a near expiry, buy 1 option of the same right and strike at a later expiry.",
    typicalUse: "The price stays near the strike while the near month decays faster; also long volatility.",
    maxLoss: "The net debit.",
    maxProfit: "Depends on volatility at the near expiry; largest near the strike.",
    debit: true,
  },
  long_diagonal: {
    name: "long_diagonal",
    label: "Long diagonal (debit)",
    outlook: ["neutral", "bullish", "bearish"],
    legs: "Sell 1 near-expiry option, buy 1 later-expiry option of the same right at a strike that covers it.",
    typicalUse: "A calendar with a directional tilt towards the short strike.",
    maxLoss: "The net debit (the long option covers the short one).",
    maxProfit: "Depends on volatility at the near expiry; largest near the short strike.",
    debit: true,
  },
  long_straddle: {
    name: "long_straddle",
    label: "Long straddle",
    outlook: ["volatile"],
    legs: "Buy 1 call and 1 put at the same strike and expiry.",
    typicalUse: "A big move either way (earnings, events), or rising volatility.",
    maxLoss: "The premium paid (if the price ends at the strike).",
    maxProfit: "Unlimited.",
    debit: true,
  },
  long_strangle: {
    name: "long_strangle",
    label: "Long strangle",
    outlook: ["volatile"],
    legs: "Buy 1 put at a lower strike and 1 call at a higher strike, same expiry.",
    typicalUse: "A very big move either way, cheaper than a straddle.",
    maxLoss: "The premium paid.",
    maxProfit: "Unlimited.",
    debit: true,
  },
  long_butterfly: {
    name: "long_butterfly",
    label: "Long butterfly (debit)",
    outlook: ["neutral"],
    legs: "Buy 1 lower, sell 2 middle, buy 1 upper strike (equal widths), same right and expiry.",
    typicalUse: "The price pins near the middle strike at expiry; cheap, with a high payoff ratio.",
    maxLoss: "The net debit.",
    maxProfit: "Wing width minus the debit, at the middle strike.",
    debit: true,
  },
  long_stock: {
    name: "long_stock",
    label: "Long stock",
    outlook: ["bullish"],
    legs: "Buy shares.",
    typicalUse: "Own the underlying (for instance to write covered calls on it).",
    maxLoss: "The cost of the shares.",
    maxProfit: "Unlimited.",
    debit: true,
  },
};

/** Human-readable names for every structure the recogniser knows. */
export const STRATEGY_LABELS: Readonly<Record<StrategyName, string>> = {
  long_call: "Long call",
  long_put: "Long put",
  bull_call_spread: "Bull call spread (debit)",
  bear_put_spread: "Bear put spread (debit)",
  covered_call: "Covered call",
  protective_put: "Protective put",
  collar: "Collar",
  long_calendar: "Long calendar (debit)",
  long_diagonal: "Long diagonal (debit)",
  long_straddle: "Long straddle",
  long_strangle: "Long strangle",
  long_butterfly: "Long butterfly (debit)",
  long_stock: "Long stock",
  short_stock: "Short stock",
  short_call: "Naked short call",
  short_put: "Naked short put",
  bear_call_spread: "Bear call spread (credit)",
  bull_put_spread: "Bull put spread (credit)",
  short_calendar: "Short calendar (credit)",
  short_diagonal: "Short diagonal",
  short_straddle: "Short straddle",
  short_strangle: "Short strangle",
  short_butterfly: "Short butterfly (credit)",
  iron_condor: "Iron condor (credit)",
  covered_put: "Covered put (short stock, short put)",
  custom: "Custom",
};
