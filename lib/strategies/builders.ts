/**
 * Builders for the catalogue's strategies. Each returns the legs (quantities signed, prices left for the
 * caller to fill from quotes) after checking the parameters: whole positive quantities, strikes in the
 * order the strategy needs, expiries in order, and, when a chain index is given, that every expiry and
 * strike is listed.
 */
import type { Leg, OptionLeg, OptionRight } from "../options";
import { StrategyError, StrategyErrorCode } from "./errors";
import type { ChainIndex } from "./types";

/** Options common to every builder. */
export interface BuildOptions {
  /** When given, expiries and strikes must be listed in it. */
  chain?: ChainIndex;
  /** Shares per contract (default 100). */
  multiplier?: number;
}

/** The parameters of each buildable strategy. `quantity` is the number of units (default 1). */
export type StrategyRequest =
  | { name: "long_call" | "long_put"; expiry: string; strike: number; quantity?: number }
  | { name: "bull_call_spread" | "bear_put_spread"; expiry: string; lowerStrike: number; upperStrike: number; quantity?: number }
  | { name: "covered_call" | "protective_put"; expiry: string; strike: number; quantity?: number; includeShares?: boolean }
  | { name: "collar"; expiry: string; putStrike: number; callStrike: number; quantity?: number; includeShares?: boolean }
  | { name: "long_calendar"; right: OptionRight; strike: number; nearExpiry: string; farExpiry: string; quantity?: number }
  | {
      name: "long_diagonal";
      right: OptionRight;
      nearStrike: number;
      farStrike: number;
      nearExpiry: string;
      farExpiry: string;
      quantity?: number;
    }
  | { name: "long_straddle"; expiry: string; strike: number; quantity?: number }
  | { name: "long_strangle"; expiry: string; putStrike: number; callStrike: number; quantity?: number }
  | {
      name: "long_butterfly";
      right: OptionRight;
      expiry: string;
      lowerStrike: number;
      middleStrike: number;
      upperStrike: number;
      quantity?: number;
    };

function fail(code: StrategyErrorCode, message: string): never {
  throw new StrategyError(code, message);
}

function units(quantity: number | undefined): number {
  const q = quantity ?? 1;
  if (!Number.isInteger(q) || q < 1) fail(StrategyErrorCode.InvalidParameters, `Quantity must be a whole number ≥ 1 (got ${q}).`);
  return q;
}

function checkExpiry(expiry: string, chain: ChainIndex | undefined): void {
  if (!/^\d{8}$/.test(expiry)) fail(StrategyErrorCode.UnknownExpiry, `Expiry "${expiry}" is not YYYYMMDD.`);
  if (chain && !chain.expiries.includes(expiry)) {
    fail(StrategyErrorCode.UnknownExpiry, `Expiry ${expiry} is not in the chain (listed: ${chain.expiries.join(", ")}).`);
  }
}

function checkStrike(strike: number, expiry: string, chain: ChainIndex | undefined): void {
  if (!(strike > 0) || !Number.isFinite(strike)) fail(StrategyErrorCode.InvalidParameters, `Strike must be > 0 (got ${strike}).`);
  const listed = chain?.strikes[expiry];
  if (listed && !listed.includes(strike)) fail(StrategyErrorCode.UnknownStrike, `Strike ${strike} is not listed for ${expiry}.`);
}

function option(
  right: OptionRight,
  strike: number,
  expiry: string,
  quantity: number,
  options: BuildOptions,
): OptionLeg {
  checkExpiry(expiry, options.chain);
  checkStrike(strike, expiry, options.chain);
  const leg: OptionLeg = { kind: "option", right, strike, expiry, quantity };
  if (options.multiplier !== undefined) leg.multiplier = options.multiplier;
  return leg;
}

function ordered(low: number, high: number, what: string): void {
  if (!(low < high)) fail(StrategyErrorCode.StrikeOrder, `${what} (got ${low} and ${high}).`);
}

function shares(n: number, options: BuildOptions): Leg {
  return { kind: "stock", quantity: n * (options.multiplier ?? 100) };
}

/**
 * Legs of a catalogue strategy. For covered calls, protective puts and collars the shares are included
 * (a buy-write) only when `includeShares` is true; otherwise they must already be held.
 * @throws StrategyError with a code saying what is wrong
 */
export function buildStrategy(request: StrategyRequest, options: BuildOptions = {}): Leg[] {
  const n = units(request.quantity);
  switch (request.name) {
    case "long_call":
      return [option("call", request.strike, request.expiry, n, options)];
    case "long_put":
      return [option("put", request.strike, request.expiry, n, options)];
    case "bull_call_spread":
      ordered(request.lowerStrike, request.upperStrike, "A bull call spread buys the lower strike and sells a higher one");
      return [
        option("call", request.lowerStrike, request.expiry, n, options),
        option("call", request.upperStrike, request.expiry, -n, options),
      ];
    case "bear_put_spread":
      ordered(request.lowerStrike, request.upperStrike, "A bear put spread buys the higher strike and sells a lower one");
      return [
        option("put", request.upperStrike, request.expiry, n, options),
        option("put", request.lowerStrike, request.expiry, -n, options),
      ];
    case "covered_call": {
      const legs: Leg[] = [option("call", request.strike, request.expiry, -n, options)];
      return request.includeShares ? [shares(n, options), ...legs] : legs;
    }
    case "protective_put": {
      const legs: Leg[] = [option("put", request.strike, request.expiry, n, options)];
      return request.includeShares ? [shares(n, options), ...legs] : legs;
    }
    case "collar": {
      ordered(request.putStrike, request.callStrike, "A collar's put strike must be below its call strike");
      const legs: Leg[] = [
        option("put", request.putStrike, request.expiry, n, options),
        option("call", request.callStrike, request.expiry, -n, options),
      ];
      return request.includeShares ? [shares(n, options), ...legs] : legs;
    }
    case "long_calendar":
      if (!(request.nearExpiry < request.farExpiry)) {
        fail(StrategyErrorCode.UnknownExpiry, `A calendar sells the nearer expiry and buys a later one (got ${request.nearExpiry} and ${request.farExpiry}).`);
      }
      return [
        option(request.right, request.strike, request.nearExpiry, -n, options),
        option(request.right, request.strike, request.farExpiry, n, options),
      ];
    case "long_diagonal": {
      if (!(request.nearExpiry < request.farExpiry)) {
        fail(StrategyErrorCode.UnknownExpiry, `A diagonal sells the nearer expiry and buys a later one (got ${request.nearExpiry} and ${request.farExpiry}).`);
      }
      if (request.right === "call") {
        ordered(request.farStrike, request.nearStrike, "A call diagonal's long (later) strike must be below its short strike to cover it");
      } else {
        ordered(request.nearStrike, request.farStrike, "A put diagonal's long (later) strike must be above its short strike to cover it");
      }
      return [
        option(request.right, request.nearStrike, request.nearExpiry, -n, options),
        option(request.right, request.farStrike, request.farExpiry, n, options),
      ];
    }
    case "long_straddle":
      return [
        option("call", request.strike, request.expiry, n, options),
        option("put", request.strike, request.expiry, n, options),
      ];
    case "long_strangle":
      ordered(request.putStrike, request.callStrike, "A strangle's put strike must be below its call strike");
      return [
        option("put", request.putStrike, request.expiry, n, options),
        option("call", request.callStrike, request.expiry, n, options),
      ];
    case "long_butterfly": {
      ordered(request.lowerStrike, request.middleStrike, "A butterfly's strikes must rise: lower < middle");
      ordered(request.middleStrike, request.upperStrike, "A butterfly's strikes must rise: middle < upper");
      const lowWidth = request.middleStrike - request.lowerStrike;
      const highWidth = request.upperStrike - request.middleStrike;
      if (Math.abs(lowWidth - highWidth) > 1e-9 * request.middleStrike) {
        fail(StrategyErrorCode.InvalidParameters, `A butterfly needs equal wing widths (got ${lowWidth} and ${highWidth}).`);
      }
      return [
        option(request.right, request.lowerStrike, request.expiry, n, options),
        option(request.right, request.middleStrike, request.expiry, -2 * n, options),
        option(request.right, request.upperStrike, request.expiry, n, options),
      ];
    }
    default:
      return fail(StrategyErrorCode.UnknownStrategy, `No builder for "${(request as { name: string }).name}".`);
  }
}

/** Names of the strategies {@link buildStrategy} can build: read from the catalogue. */
export { BUILDABLE_STRATEGIES } from "./catalogue";
