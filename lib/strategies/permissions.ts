/**
 * The permission policy: which strategies the account may open. By default exactly the option level the
 * project calls "Level 2": long calls and puts, debit spreads, covered calls, protective puts and collars,
 * calendars and diagonals bought for a debit, long straddles, strangles and butterflies (all long premium,
 * loss limited to the debit), and buying shares. Never naked short options, credit spreads or short stock.
 *
 * A proposal is checked against current holdings: legs that reduce an existing position are closing and
 * always allowed; a short call is covered by shares held (100 per contract, not already covering other
 * short calls) or by a long call held that covers it; a short put by a long put held that covers it.
 */
import { DEFAULT_MULTIPLIER, netDebit, type Leg, type OptionLeg } from "../options";
import { CATALOGUE, LEVEL_2_STRATEGIES, STRATEGY_LABELS } from "./catalogue";
import { netLegs, recogniseStrategy, type Recognition } from "./recognise";
import type { Holdings, StrategyName } from "./types";

/** Why a proposal is refused. */
export enum PermissionRefusalCode {
  /** Legs are malformed (quantity not a whole non-zero number, bad strike or expiry). */
  InvalidLegs = "invalid_legs",
  /** A short option without cover (no shares or long option that covers it). */
  NakedShortOption = "naked_short_option",
  /** A spread, calendar or condor sold for a credit. */
  CreditSpread = "credit_spread",
  /** Selling shares short. */
  ShortStock = "short_stock",
  /** A known strategy that the configured allow-list leaves out. */
  NotAllowed = "not_allowed",
  /** A structure the policy cannot name (split it into allowed strategies). */
  Unrecognised = "unrecognised",
}

/** The configurable policy. */
export interface PermissionPolicy {
  /** Strategies that may be opened. */
  allowed: readonly StrategyName[];
  /** Whether trades that only reduce existing positions are allowed whatever they are (default true). */
  allowClosing?: boolean;
}

/** The default allow-list (the account's "Level 2"): read from the catalogue. */
export { LEVEL_2_STRATEGIES };

export const DEFAULT_PERMISSION_POLICY: PermissionPolicy = { allowed: LEVEL_2_STRATEGIES, allowClosing: true };

/** The verdict on a proposal. */
export type PermissionDecision =
  | {
      allowed: true;
      strategy: StrategyName;
      label: string;
      /** True when every leg only reduces an existing position. */
      closing: boolean;
      /** How holdings were used (e.g. "covered by 200 shares held"). */
      notes: string[];
    }
  | {
      allowed: false;
      strategy: StrategyName;
      label: string;
      code: PermissionRefusalCode;
      reason: string;
    };

function refuse(strategy: StrategyName, code: PermissionRefusalCode, reason: string): PermissionDecision {
  return { allowed: false, strategy, label: STRATEGY_LABELS[strategy], code, reason };
}

function allow(strategy: StrategyName, closing: boolean, notes: string[]): PermissionDecision {
  return { allowed: true, strategy, label: STRATEGY_LABELS[strategy], closing, notes };
}

function invalidLeg(leg: Leg): string | null {
  if (!Number.isInteger(leg.quantity) || leg.quantity === 0) return "every leg needs a whole, non-zero quantity";
  if (leg.kind === "option") {
    if (!(leg.strike > 0) || !Number.isFinite(leg.strike)) return "every option needs a strike > 0";
    if (!/^\d{8}$/.test(leg.expiry)) return `expiry "${leg.expiry}" is not YYYYMMDD`;
    if (leg.right !== "call" && leg.right !== "put") return "an option's right must be call or put";
  }
  return null;
}

const sameContract = (a: OptionLeg, b: OptionLeg): boolean =>
  a.right === b.right &&
  a.strike === b.strike &&
  a.expiry === b.expiry &&
  (a.multiplier ?? DEFAULT_MULTIPLIER) === (b.multiplier ?? DEFAULT_MULTIPLIER);

/** Splits netted legs into the part that reduces holdings (closing) and the rest (opening). */
function splitClosing(legs: readonly Leg[], holdings: Holdings): { opening: Leg[]; closing: Leg[] } {
  const opening: Leg[] = [];
  const closing: Leg[] = [];
  const held = netLegs(holdings.options);
  for (const leg of legs) {
    const have =
      leg.kind === "stock"
        ? holdings.shares
        : (held.find((h): h is OptionLeg => h.kind === "option" && sameContract(h, leg))?.quantity ?? 0);
    const reduces = have !== 0 && Math.sign(have) !== Math.sign(leg.quantity);
    const closed = reduces ? Math.sign(leg.quantity) * Math.min(Math.abs(leg.quantity), Math.abs(have)) : 0;
    if (closed !== 0) closing.push({ ...leg, quantity: closed });
    if (leg.quantity - closed !== 0) opening.push({ ...leg, quantity: leg.quantity - closed });
  }
  return { opening, closing };
}

/** Shares held that do not already cover short calls held. */
function freeShares(holdings: Holdings): number {
  let used = 0;
  for (const o of netLegs(holdings.options)) {
    if (o.kind === "option" && o.right === "call" && o.quantity < 0) used += -o.quantity * (o.multiplier ?? DEFAULT_MULTIPLIER);
  }
  return Math.max(0, holdings.shares - used);
}

/** Long options held that could cover a short option of the proposal (calls: lower strike; puts: higher). */
function coveringOption(short: OptionLeg, holdings: Holdings): OptionLeg | undefined {
  return netLegs(holdings.options).find(
    (h): h is OptionLeg =>
      h.kind === "option" &&
      h.quantity >= -short.quantity &&
      h.right === short.right &&
      h.expiry >= short.expiry &&
      (h.multiplier ?? DEFAULT_MULTIPLIER) === (short.multiplier ?? DEFAULT_MULTIPLIER) &&
      (short.right === "call" ? h.strike <= short.strike : h.strike >= short.strike),
  );
}

/** Tries to name the opening legs together with the holdings that cover their short options. */
function withCover(opening: Leg[], holdings: Holdings): { recognition: Recognition; note: string } | null {
  const shortCalls = opening.filter((l): l is OptionLeg => l.kind === "option" && l.right === "call" && l.quantity < 0);
  const longPuts = opening.filter((l): l is OptionLeg => l.kind === "option" && l.right === "put" && l.quantity > 0);
  const hasStock = opening.some((l) => l.kind === "stock");
  // Shares held: covered call, collar, protective put.
  if (!hasStock && (shortCalls.length > 0 || longPuts.length > 0)) {
    const contracts = Math.max(
      shortCalls.reduce((s, l) => s - l.quantity, 0),
      longPuts.reduce((s, l) => s + l.quantity, 0),
    );
    const multiplier = (shortCalls[0] ?? longPuts[0])?.multiplier ?? DEFAULT_MULTIPLIER;
    const needed = contracts * multiplier;
    const available = shortCalls.length > 0 ? freeShares(holdings) : holdings.shares;
    if (needed > 0 && available >= needed) {
      const recognition = recogniseStrategy([{ kind: "stock", quantity: needed }, ...opening]);
      if (recognition.name !== "custom") return { recognition, note: `covered by ${needed} shares held` };
    }
  }
  // A long option held: turns a short option into a debit spread, calendar or diagonal.
  const shorts = opening.filter((l): l is OptionLeg => l.kind === "option" && l.quantity < 0);
  if (shorts.length === 1 && opening.length === 1) {
    const short = shorts[0];
    const cover = short ? coveringOption(short, holdings) : undefined;
    if (short && cover) {
      const recognition = recogniseStrategy([{ ...cover, quantity: -short.quantity }, short]);
      if (recognition.name !== "custom") {
        return {
          recognition,
          note: `covered by the ${cover.strike} ${cover.right} ${cover.expiry} held`,
        };
      }
    }
  }
  return null;
}

function explain(recognition: Recognition, policy: PermissionPolicy): PermissionDecision {
  const name = recognition.name;
  const entry = CATALOGUE[name];
  const label = entry.label;
  const instead = entry.instead ? ` Instead: ${entry.instead}.` : "";
  switch (entry.policy) {
    case "naked":
      return refuse(
        name,
        PermissionRefusalCode.NakedShortOption,
        `${label}: selling options without cover (100 shares per call, or a long option that covers the short one) is never allowed.${instead}`,
      );
    case "credit":
      return refuse(name, PermissionRefusalCode.CreditSpread, `${label}: structures sold for a credit are not allowed.${instead}`);
    case "short_stock":
      return refuse(name, PermissionRefusalCode.ShortStock, `Short stock: selling shares you do not own is not allowed.${instead}`);
    case "unrecognised":
      return refuse(name, PermissionRefusalCode.Unrecognised, `These legs do not form a strategy the policy knows.${instead}`);
    case "level_2":
      return refuse(
        name,
        PermissionRefusalCode.NotAllowed,
        `${label} is not in this account's allowed strategies (${policy.allowed.map((n) => STRATEGY_LABELS[n]).join(", ")}).`,
      );
  }
}

/**
 * Whether a proposed set of legs may be traded under the policy, given the holdings on the same underlying.
 * Returns the strategy name either way, and on refusal a code and a reason a person can act on.
 */
export function checkPermission(
  legs: readonly Leg[],
  holdings: Holdings = { shares: 0, options: [] },
  policy: PermissionPolicy = DEFAULT_PERMISSION_POLICY,
): PermissionDecision {
  if (legs.length === 0) return refuse("custom", PermissionRefusalCode.InvalidLegs, "A proposal needs at least one leg.");
  for (const leg of legs) {
    const problem = invalidLeg(leg);
    if (problem) return refuse("custom", PermissionRefusalCode.InvalidLegs, `Invalid leg: ${problem}.`);
  }
  const netted = netLegs(legs);
  if (netted.length === 0) return refuse("custom", PermissionRefusalCode.InvalidLegs, "The legs cancel each other out.");
  const { opening } = splitClosing(netted, holdings);
  if (opening.length === 0) {
    const name = recogniseStrategy(netted).name;
    if (policy.allowClosing !== false) return allow(name, true, ["closes or reduces positions held"]);
    return refuse(name, PermissionRefusalCode.NotAllowed, "Closing trades are disabled by the policy.");
  }

  const own = recogniseStrategy(opening);
  const covered = policy.allowed.includes(own.name) && own.name !== "long_put" ? null : withCover(opening, holdings);
  const recognition = covered && policy.allowed.includes(covered.recognition.name) ? covered.recognition : own;
  const notes = recognition === own ? [] : [covered?.note ?? ""];
  if (opening.length < netted.length) notes.push("part of the trade closes positions held");

  if (!policy.allowed.includes(recognition.name)) return explain(recognition, policy);

  // Loss bounded by the debit only if there is one: refuse these structures when priced for a credit.
  const fullyPriced = legs.every((l) => l.price !== undefined);
  if (CATALOGUE[recognition.name].debitRequired && recognition === own && opening.length === netted.length && fullyPriced) {
    const debit = netDebit(legs);
    if (debit <= 0) {
      return refuse(
        recognition.name,
        PermissionRefusalCode.CreditSpread,
        `${STRATEGY_LABELS[recognition.name]} priced for a credit (${(-debit).toFixed(2)} received): only debits are allowed.`,
      );
    }
  }
  return allow(recognition.name, false, notes);
}
