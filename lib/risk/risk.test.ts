import { describe, expect, it } from "vitest";
import type { Leg, OptionLeg } from "../options";
import { RiskError } from "./errors";
import { checkLimits, contractCount, notionalOf } from "./limits";
import { riskProfile } from "./max-loss";
import { positionSize } from "./sizing";
import { interpretWhatIf, knownAmount, marginVerdict } from "./what-if";

const opt = (right: "call" | "put", strike: number, quantity: number, price: number, expiry = "20260220"): OptionLeg => ({
  kind: "option",
  right,
  strike,
  expiry,
  quantity,
  price,
});

describe("risk profile", () => {
  it("is exact for one expiry", () => {
    const p = riskProfile([opt("call", 100, 2, 6), opt("call", 110, -2, 2)]);
    expect(p.method).toBe("exact_expiry");
    expect(p.maxLoss).toBeCloseTo(800, 9);
    expect(p.maxProfit).toBeCloseTo(1200, 9);
    expect(p.breakevens).toEqual([104]);
  });

  it("bounds a debit calendar by its debit and leaves its max profit open", () => {
    const p = riskProfile([opt("put", 100, -1, 3, "20260220"), opt("put", 100, 1, 4.5, "20260320")]);
    expect(p.method).toBe("net_debit");
    expect(p.maxLoss).toBeCloseTo(150, 9);
    expect(p.maxProfit).toBeNull();
  });

  it("flags unlimited loss", () => {
    const p = riskProfile([opt("call", 100, -1, 3)]);
    expect(p.unlimitedLoss).toBe(true);
    expect(p.maxLoss).toBe(Infinity);
  });
});

describe("position sizing", () => {
  it("takes the tightest of the budgets", () => {
    expect(positionSize(250, { maxLossPerTrade: 1000 }).units).toBe(4);
    const s = positionSize(250, { maxLossPerTrade: 1000, maxFractionOfNetLiq: 0.01, netLiquidation: 60000 });
    expect(s.units).toBe(2);
    expect(s.constraint).toBe("fraction_of_net_liq");
    expect(s.maxLoss).toBe(500);
    expect(positionSize(250, { maxLossPerTrade: 1000, maxUnits: 3 }).constraint).toBe("max_units");
    expect(positionSize(300, { maxLossPerTrade: 900 }).units).toBe(3);
  });

  it("gives zero units with a reason when one unit does not fit or the risk is unlimited", () => {
    const s = positionSize(1200, { maxLossPerTrade: 1000 });
    expect(s.units).toBe(0);
    expect(s.reason).toMatch(/exceeds the budget/);
    expect(positionSize(Infinity, { maxLossPerTrade: 1000 }).constraint).toBe("unlimited_risk");
    expect(positionSize(100, {}).constraint).toBe("no_budget");
    expect(() => positionSize(0, { maxLossPerTrade: 1 })).toThrow(RiskError);
    expect(() => positionSize(100, { maxFractionOfNetLiq: 0.02 })).toThrow(/net liquidation/);
  });
});

describe("account limits", () => {
  const legs: Leg[] = [opt("call", 100, 5, 4), opt("call", 110, -5, 1)];

  it("passes within every limit", () => {
    const c = checkLimits(legs, 1500, 102, { maxContracts: 10, maxNotional: 200000, maxLossPerTrade: 2000, dailyLossLimit: 5000 });
    expect(c.ok).toBe(true);
    expect(c.contracts).toBe(10);
    expect(contractCount(legs)).toBe(10);
    expect(notionalOf(legs, 102)).toBeCloseTo(102000, 9);
  });

  it("lists every breach with its figures", () => {
    const c = checkLimits(legs, 1500, 102, { maxContracts: 8, maxNotional: 50000, maxLossPerTrade: 1000, dailyLossLimit: 2000 }, { realisedPnl: -700 });
    expect(c.ok).toBe(false);
    expect(c.breaches.map((b) => b.code)).toEqual(["max_contracts", "max_notional", "max_loss_per_trade", "daily_loss_would_exceed"]);
    const reached = checkLimits(legs, 100, 102, { dailyLossLimit: 2000 }, { realisedPnl: -1500, unrealisedPnl: -600 });
    expect(reached.breaches[0]?.code).toBe("daily_loss_reached");
    expect(checkLimits([opt("call", 100, -1, 3)], Infinity, 100, {}).breaches[0]?.code).toBe("unlimited_loss");
  });
});

describe("what-if results", () => {
  it("treats placeholders as unknown, never as amounts", () => {
    for (const placeholder of [1.7976931348623157e308, "1.7976931348623157E308", 2147483647, "9223372036854775807", "", "abc", undefined, Number.NaN]) {
      expect(knownAmount(placeholder)).toBeNull();
    }
    expect(knownAmount("1234.5")).toBe(1234.5);
    expect(knownAmount(-250)).toBe(-250);
  });

  it("interprets a result and judges the margin only on known figures", () => {
    const w = interpretWhatIf({
      initMarginChange: "1500.25",
      maintMarginChange: 1.7976931348623157e308,
      commission: 1.7976931348623157e308,
      commissionCurrency: "",
      warningText: "  ",
    });
    expect(w.initMarginChange).toBe(1500.25);
    expect(w.maintMarginChange).toBeNull();
    expect(w.commission).toBeNull();
    expect(w.commissionCurrency).toBeNull();
    expect(w.warning).toBeNull();
    expect(w.unknown).toContain("maintMarginChange");
    expect(w.unknown).toContain("commissionCurrency");
    expect(marginVerdict(w, 2000)).toEqual({ status: "fits", headroom: 499.75 });
    expect(marginVerdict(w, 1000)).toEqual({ status: "insufficient", shortfall: 500.25 });
    expect(marginVerdict(w, null).status).toBe("unknown");
    expect(marginVerdict(interpretWhatIf({ initMarginChange: 1.7976931348623157e308 }), 1e6).status).toBe("unknown");
    const priced = interpretWhatIf({ commission: "1.05", commissionCurrency: "USD" });
    expect(priced.commission).toBe(1.05);
    expect(priced.commissionCurrency).toBe("USD");
  });
});
