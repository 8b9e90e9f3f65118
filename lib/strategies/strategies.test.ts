import { describe, expect, it } from "vitest";
import type { Leg, OptionLeg } from "../options";
import { buildStrategy } from "./builders";
import { BUILDABLE_STRATEGIES, CATALOGUE, STRATEGY_CATALOGUE, STRATEGY_LABELS, STRATEGY_NAMES } from "./catalogue";
import { StrategyError, StrategyErrorCode } from "./errors";
import { checkPermission, DEFAULT_PERMISSION_POLICY, PermissionRefusalCode } from "./permissions";
import { recogniseStrategy } from "./recognise";
import type { Holdings, StrategyName } from "./types";

const NEAR = "20260220";
const FAR = "20260320";
const opt = (right: "call" | "put", strike: number, quantity: number, expiry = NEAR, price?: number): OptionLeg => {
  const leg: OptionLeg = { kind: "option", right, strike, expiry, quantity };
  if (price !== undefined) leg.price = price;
  return leg;
};
const shares = (quantity: number): Leg => ({ kind: "stock", quantity });

describe("strategy builders", () => {
  const chain = { expiries: [NEAR, FAR], strikes: { [NEAR]: [90, 95, 100, 105, 110], [FAR]: [90, 100, 110] } };

  it("build every catalogue strategy and the recogniser names it back", () => {
    const requests = [
      { name: "long_call", expiry: NEAR, strike: 100 },
      { name: "long_put", expiry: NEAR, strike: 100 },
      { name: "bull_call_spread", expiry: NEAR, lowerStrike: 100, upperStrike: 110, quantity: 3 },
      { name: "bear_put_spread", expiry: NEAR, lowerStrike: 90, upperStrike: 100 },
      { name: "covered_call", expiry: NEAR, strike: 110, includeShares: true, quantity: 2 },
      { name: "protective_put", expiry: NEAR, strike: 95, includeShares: true },
      { name: "collar", expiry: NEAR, putStrike: 95, callStrike: 105, includeShares: true },
      { name: "long_calendar", right: "call", strike: 100, nearExpiry: NEAR, farExpiry: FAR },
      { name: "long_diagonal", right: "call", nearStrike: 110, farStrike: 100, nearExpiry: NEAR, farExpiry: FAR },
      { name: "long_diagonal", right: "put", nearStrike: 90, farStrike: 100, nearExpiry: NEAR, farExpiry: FAR },
      { name: "long_straddle", expiry: NEAR, strike: 100 },
      { name: "long_strangle", expiry: NEAR, putStrike: 95, callStrike: 105 },
      { name: "long_butterfly", right: "put", expiry: NEAR, lowerStrike: 90, middleStrike: 100, upperStrike: 110 },
    ] as const;
    for (const request of requests) {
      const legs = buildStrategy(request, { chain });
      const recognition = recogniseStrategy(legs);
      expect(recognition.name).toBe(request.name);
      expect(recognition.units).toBe("quantity" in request ? request.quantity : 1);
      expect(STRATEGY_CATALOGUE[request.name]?.typicalUse?.length ?? 0).toBeGreaterThan(10);
    }
  });

  it.each([
    [{ name: "bull_call_spread", expiry: NEAR, lowerStrike: 110, upperStrike: 100 }, StrategyErrorCode.StrikeOrder],
    [{ name: "long_call", expiry: "20260101", strike: 100 }, StrategyErrorCode.UnknownExpiry],
    [{ name: "long_call", expiry: FAR, strike: 105 }, StrategyErrorCode.UnknownStrike],
    [{ name: "long_call", expiry: NEAR, strike: 100, quantity: 1.5 }, StrategyErrorCode.InvalidParameters],
    [{ name: "long_calendar", right: "call", strike: 100, nearExpiry: FAR, farExpiry: NEAR }, StrategyErrorCode.UnknownExpiry],
    [{ name: "long_diagonal", right: "call", nearStrike: 100, farStrike: 110, nearExpiry: NEAR, farExpiry: FAR }, StrategyErrorCode.StrikeOrder],
    [{ name: "long_butterfly", right: "call", expiry: NEAR, lowerStrike: 90, middleStrike: 95, upperStrike: 110 }, StrategyErrorCode.InvalidParameters],
    [{ name: "collar", expiry: NEAR, putStrike: 105, callStrike: 95 }, StrategyErrorCode.StrikeOrder],
  ] as const)("refuses %o with %s", (request, code) => {
    try {
      buildStrategy(request, { chain });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StrategyError);
      expect((error as StrategyError).code).toBe(code);
    }
  });
});

describe("recognition", () => {
  const cases: [string, Leg[], StrategyName][] = [
    ["naked short call", [opt("call", 100, -1)], "short_call"],
    ["naked short put", [opt("put", 100, -2)], "short_put"],
    ["bear call spread (credit)", [opt("call", 100, -1), opt("call", 110, 1)], "bear_call_spread"],
    ["bull put spread (credit)", [opt("put", 100, -1), opt("put", 90, 1)], "bull_put_spread"],
    ["short straddle", [opt("call", 100, -1), opt("put", 100, -1)], "short_straddle"],
    ["short calendar", [opt("call", 100, 1), opt("call", 100, -1, FAR)], "short_calendar"],
    ["iron condor", [opt("put", 85, 1), opt("put", 90, -1), opt("call", 110, -1), opt("call", 115, 1)], "iron_condor"],
    ["legs in any order", [opt("call", 110, -2), opt("call", 100, 2)], "bull_call_spread"],
    ["a ratio spread is custom", [opt("call", 100, 1), opt("call", 110, -2)], "custom"],
    ["an uncovered diagonal is custom", [opt("call", 100, -1), opt("call", 110, 1, FAR)], "custom"],
    ["a partly covered call is custom", [shares(50), opt("call", 110, -1)], "custom"],
    ["short stock", [shares(-100)], "short_stock"],
  ];
  it.each(cases)("%s", (_, legs, name) => {
    expect(recogniseStrategy(legs).name).toBe(name);
  });

  it("nets legs on the same contract before naming them", () => {
    const r = recogniseStrategy([opt("call", 100, 1), opt("call", 110, -1), opt("call", 100, 1), opt("call", 110, -1), opt("put", 95, 1), opt("put", 95, -1)]);
    expect(r.name).toBe("bull_call_spread");
    expect(r.units).toBe(2);
    expect(r.legs).toHaveLength(2);
  });
});

describe("permission policy (default: Level 2)", () => {
  const none: Holdings = { shares: 0, options: [] };
  const table: [string, Leg[], Holdings, boolean, PermissionRefusalCode | null, string][] = [
    ["long call", [opt("call", 100, 1)], none, true, null, "long_call"],
    ["debit put spread", [opt("put", 100, 1), opt("put", 90, -1)], none, true, null, "bear_put_spread"],
    ["long straddle", [opt("call", 100, 1), opt("put", 100, 1)], none, true, null, "long_straddle"],
    ["buy-write", [shares(100), opt("call", 110, -1)], none, true, null, "covered_call"],
    ["covered call on shares held", [opt("call", 110, -2)], { shares: 200, options: [] }, true, null, "covered_call"],
    ["protective put on shares held", [opt("put", 95, 1)], { shares: 100, options: [] }, true, null, "protective_put"],
    ["collar on shares held", [opt("put", 95, 1), opt("call", 105, -1)], { shares: 100, options: [] }, true, null, "collar"],
    ["long calendar", [opt("put", 100, -1), opt("put", 100, 1, FAR)], none, true, null, "long_calendar"],
    ["short call covered by a long call held", [opt("call", 110, -1)], { shares: 0, options: [opt("call", 100, 1, FAR)] }, true, null, "long_diagonal"],
    ["closing a long call", [opt("call", 100, -1)], { shares: 0, options: [opt("call", 100, 3)] }, true, null, "short_call"],
    ["naked call", [opt("call", 110, -1)], none, false, PermissionRefusalCode.NakedShortOption, "short_call"],
    ["covered call without the shares", [opt("call", 110, -2)], { shares: 100, options: [] }, false, PermissionRefusalCode.NakedShortOption, "short_call"],
    ["shares already covering calls", [opt("call", 115, -1)], { shares: 100, options: [opt("call", 110, -1)] }, false, PermissionRefusalCode.NakedShortOption, "short_call"],
    ["naked put", [opt("put", 90, -1)], none, false, PermissionRefusalCode.NakedShortOption, "short_put"],
    ["credit call spread", [opt("call", 100, -1), opt("call", 110, 1)], none, false, PermissionRefusalCode.CreditSpread, "bear_call_spread"],
    ["credit put spread", [opt("put", 100, -1), opt("put", 90, 1)], none, false, PermissionRefusalCode.CreditSpread, "bull_put_spread"],
    ["iron condor", [opt("put", 85, 1), opt("put", 90, -1), opt("call", 110, -1), opt("call", 115, 1)], none, false, PermissionRefusalCode.CreditSpread, "iron_condor"],
    ["short strangle", [opt("call", 110, -1), opt("put", 90, -1)], none, false, PermissionRefusalCode.NakedShortOption, "short_strangle"],
    ["short stock", [shares(-100)], none, false, PermissionRefusalCode.ShortStock, "short_stock"],
    ["ratio spread", [opt("call", 100, 1), opt("call", 110, -2)], none, false, PermissionRefusalCode.Unrecognised, "custom"],
    ["calendar priced for a credit", [opt("call", 100, -1, NEAR, 5), opt("call", 100, 1, FAR, 4)], none, false, PermissionRefusalCode.CreditSpread, "long_calendar"],
    ["fractional quantity", [opt("call", 100, 0.5)], none, false, PermissionRefusalCode.InvalidLegs, "custom"],
  ];

  it.each(table)("%s", (_, legs, holdings, allowed, code, strategy) => {
    const decision = checkPermission(legs, holdings);
    expect(decision.allowed).toBe(allowed);
    expect(decision.strategy).toBe(strategy);
    if (!decision.allowed) {
      expect(decision.code).toBe(code);
      expect(decision.reason.length).toBeGreaterThan(20);
    }
  });

  it("is configurable: a narrower allow-list refuses with the list in the reason", () => {
    const policy = { allowed: ["long_call", "long_put"] as StrategyName[] };
    const decision = checkPermission([opt("call", 100, 1), opt("call", 110, -1)], undefined, policy);
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) {
      expect(decision.code).toBe(PermissionRefusalCode.NotAllowed);
      expect(decision.reason).toMatch(/Long call, Long put/);
    }
    expect(DEFAULT_PERMISSION_POLICY.allowed).not.toContain("short_call");
    const strict = checkPermission([opt("call", 100, -1)], { shares: 0, options: [opt("call", 100, 1)] }, { allowed: [], allowClosing: false });
    expect(strict.allowed).toBe(false);
  });

  it.each([
    ["iron condor", [opt("put", 85, 1), opt("put", 90, -1), opt("call", 110, -1), opt("call", 115, 1)], /long butterfly/],
    ["credit call spread", [opt("call", 100, -1), opt("call", 110, 1)], /bear put spread/],
    ["credit put spread", [opt("put", 100, -1), opt("put", 90, 1)], /bull call spread/],
    ["naked call", [opt("call", 110, -1)], /covered call/],
    ["short strangle", [opt("call", 110, -1), opt("put", 90, -1)], /long butterfly/],
  ] as const)("the refusal of a %s says what to trade instead for the same view", (_, legs, advice) => {
    const decision = checkPermission(legs);
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) {
      expect(decision.reason).toMatch(advice);
      expect(decision.reason).not.toMatch(/nearer-the-money/);
    }
  });
});

describe("one catalogue", () => {
  it("names every structure once, and the policy, builders and labels read from it", () => {
    expect(new Set(STRATEGY_NAMES).size).toBe(STRATEGY_NAMES.length);
    for (const name of STRATEGY_NAMES) {
      const entry = CATALOGUE[name];
      expect(entry.name).toBe(name);
      expect(STRATEGY_LABELS[name]).toBe(entry.label);
      if (entry.policy !== "level_2") expect(entry.instead, name).toBeTruthy();
      if (entry.buildable) expect(entry.policy).toBe("level_2");
    }
    expect(DEFAULT_PERMISSION_POLICY.allowed).toEqual(STRATEGY_NAMES.filter((n) => CATALOGUE[n].policy === "level_2"));
    expect(BUILDABLE_STRATEGIES).toContain("long_butterfly");
    expect(BUILDABLE_STRATEGIES).not.toContain("iron_condor");
  });
});
