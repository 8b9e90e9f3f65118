import { describe, expect, it } from "vitest";
import { expiryInstantMs } from "@/lib/options/time";
import type { Leg } from "@/lib/options/types";
import { pnlTable, strikesToReach } from "./strategy-model";
import { TEMPLATES, templateRefusal, type TemplateContext } from "./templates";

const NOW = Date.UTC(2026, 0, 5, 15);
const EXPIRY = "20260213";
const market = { spot: 600, rate: 0.04, dividendYield: 0, nowMs: NOW, vol: 0.3 };
const call = (strike: number, quantity: number, price: number): Leg => ({ kind: "option", right: "call", strike, expiry: EXPIRY, quantity, multiplier: 100, price, iv: 0.18 });

describe("the P/L table follows the trade", () => {
  it("has a row at each breakeven and at least three rows inside a narrow profit zone", () => {
    // A butterfly 602/605/608: profit only between about 603 and 607, narrower than a $20 row step.
    const fly = [call(602, 1, 12.1), call(605, -2, 10.4), call(608, 1, 8.9)];
    const table = pnlTable(fly, market, 0);
    expect(table.profitZones.length).toBe(1);
    const [lo, hi] = table.profitZones[0]!;
    expect(hi - lo).toBeLessThan(6);
    const breakevenRows = table.prices.filter((_, r) => table.marks[r] === "breakeven");
    expect(breakevenRows).toEqual([hi, lo]);
    const expiryColumn = table.pnl.map((row) => row.at(-1)!);
    const inside = table.prices.map((p, r) => [p, expiryColumn[r]!] as const).filter(([p]) => p > lo && p < hi);
    expect(inside.length).toBeGreaterThanOrEqual(3);
    for (const [, pnl] of inside) expect(pnl).toBeGreaterThan(0);
    for (const [p, pnl] of table.prices.map((p, r) => [p, expiryColumn[r]!] as const)) if (p < lo - 0.01 || p > hi + 0.01) expect(pnl).toBeLessThanOrEqual(0);
    expect(table.datesMs.at(-1)).toBe(expiryInstantMs(EXPIRY));
  });

  it("reaches out to strikes and breakevens far from spot", () => {
    const farCall = [call(680, 1, 0.5)];
    const table = pnlTable(farCall, market, 0);
    expect(Math.max(...table.prices)).toBeGreaterThan(680.5);
    expect(table.marks[table.prices.indexOf(680)]).toBe("strike");
    expect(table.profitZones).toEqual([[680.5, Infinity]]);
  });
});

describe("the chain window and the templates", () => {
  it("counts the strikes each side a window needs to show every leg", () => {
    const strikes = Array.from({ length: 61 }, (_, i) => 570 + i);
    expect(strikesToReach(strikes, 600.2, [615, 590])).toBe(15);
    expect(strikesToReach(strikes, undefined, [615])).toBe(0);
  });

  it("marks the templates the policy refuses with a reason that fits them, before building", () => {
    const context: TemplateContext = { spot: 600, strikes: Array.from({ length: 81 }, (_, i) => 560 + i), expiry: EXPIRY, nextExpiry: "20260320", move: 600 * 0.18 * Math.sqrt(39 / 365) };
    const refused = TEMPLATES.filter((t) => templateRefusal(t, context) !== null).map((t) => t.id);
    expect(refused).toEqual(["iron_condor"]);
    expect(templateRefusal(TEMPLATES.find((t) => t.id === "iron_condor")!, context)).toMatch(/long butterfly/);
    // Strikes by the expected move: the condor's short strikes about one standard deviation out.
    const condor = TEMPLATES.find((t) => t.id === "iron_condor")!.build(context)!;
    const strikes = condor.map((l) => (l.type === "stock" ? 0 : l.strike));
    expect(strikes[1]).toBeLessThan(600 - 25);
    expect(strikes[2]).toBeGreaterThan(600 + 25);
  });
});
