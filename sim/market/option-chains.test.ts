import { describe, expect, it } from "vitest";
import { civil, dayNumber, formatDay, isTradingDay } from "./calendar";
import { SimClock } from "./clock";
import { Market } from "./market";
import { decodeOptionConId, listExpiries, listStrikes, optionConId } from "./option-chains";
import { underlyingBySymbol } from "./underlyings";
import type { OptionInstrument } from "./instruments";

const SPY = underlyingBySymbol("SPY")!;
const AAPL = underlyingBySymbol("AAPL")!;
const IWM = underlyingBySymbol("IWM")!;
const MONDAY = dayNumber(2025, 3, 24);

const req = (over: Partial<Record<string, unknown>>) => ({
  conId: 0,
  symbol: "",
  secType: "OPT",
  lastTradeDateOrContractMonth: "",
  strike: undefined as number | undefined,
  right: "",
  multiplier: "",
  exchange: "SMART",
  primaryExch: "",
  currency: "USD",
  localSymbol: "",
  tradingClass: "",
  ...over,
});

describe("option chains", () => {
  it("lists SPY dailies, Friday weeklies, monthlies and January LEAPS", () => {
    const exp = listExpiries(SPY, MONDAY);
    const days = exp.map((e) => formatDay(e.day));
    expect(days.slice(0, 5)).toEqual(["20250324", "20250325", "20250326", "20250327", "20250328"]);
    expect(days).toContain("20250417"); // April monthly moves to Thursday: Good Friday 2025-04-18
    expect(days).not.toContain("20250418");
    expect(days).toContain("20260116");
    expect(days).toContain("20270115");
    expect(exp.every((e) => isTradingDay(e.day))).toBe(true);
    expect(exp.filter((e) => e.kind === "monthly").length).toBeGreaterThanOrEqual(12);
  });

  it("lists Monday/Wednesday/Friday dailies for IWM and only Fridays near term for AAPL", () => {
    const iwm = listExpiries(IWM, MONDAY).filter((e) => e.kind === "daily").map((e) => civil(e.day).dow);
    expect(new Set(iwm)).toEqual(new Set([1, 3]));
    const aaplNear = listExpiries(AAPL, MONDAY).filter((e) => e.day < MONDAY + 56);
    expect(aaplNear.every((e) => civil(e.day).dow === 5 || civil(e.day).dow === 4)).toBe(true);
  });

  it("spaces strikes finely near the money and coarsely far away", () => {
    const near = listStrikes(SPY, 600, 7 / 365);
    expect(near).toContain(600);
    expect(near).toContain(601);
    const far = listStrikes(SPY, 600, 1.5);
    expect(far).not.toContain(601);
    expect(far).toContain(600);
    expect(far[0]!).toBeLessThan(400);
    expect(far.some((k) => k > 900)).toBe(true);
    const aapl = listStrikes(AAPL, 230, 30 / 365);
    expect(aapl).toContain(232.5);
  });

  it("encodes conIds reversibly and identically on every run", () => {
    const id = optionConId(SPY, dayNumber(2025, 4, 17), 560, "P");
    expect(id).toBe(optionConId(SPY, dayNumber(2025, 4, 17), 560, "P"));
    expect(decodeOptionConId(id)).toEqual({ u: SPY, expiry: dayNumber(2025, 4, 17), strike: 560, right: "P" });
    expect(id).toBeLessThan(2 ** 31);
    expect(optionConId(AAPL, dayNumber(2025, 4, 17), 232.5, "C")).not.toBe(optionConId(AAPL, dayNumber(2025, 4, 17), 232.5, "P"));
  });

  it("resolves an option by symbol+expiry+strike+right, by conId and by OCC local symbol", () => {
    const market = new Market(3, new SimClock({ startTime: Date.UTC(2025, 2, 24, 15) }));
    const a = market.resolve(req({ symbol: "SPY", lastTradeDateOrContractMonth: "20250417", strike: 560, right: "P", multiplier: "100" }));
    expect(a.ok && a.matches.length).toBe(1);
    const inst = a.ok ? (a.matches[0] as OptionInstrument) : undefined;
    const b = market.resolve(req({ conId: inst!.conId, secType: "" }));
    expect(b.ok && b.matches[0]).toEqual(inst);
    const c = market.resolve(req({ localSymbol: "SPY   250417P00560000" }));
    expect(c.ok && c.matches[0]).toEqual(inst);
    const month = market.resolve(req({ symbol: "SPY", lastTradeDateOrContractMonth: "202504", right: "C" }));
    expect(month.ok && month.matches.length).toBeGreaterThan(50);
    expect(market.resolve(req({ symbol: "SPY", lastTradeDateOrContractMonth: "20250418", strike: 560, right: "P" })).ok).toBe(false);
    expect(market.resolve(req({ symbol: "SPY", lastTradeDateOrContractMonth: "20250417", strike: 560.5, right: "P" })).ok).toBe(false);
  });

  it("prices a chain with put skew, wider spreads away from the money, and sane greeks", () => {
    const market = new Market(3, new SimClock({ startTime: Date.UTC(2025, 2, 24, 15) }));
    const t = market.now();
    const s = market.stock(SPY).mid(t);
    const exp = dayNumber(2025, 4, 17);
    const chain = market.chains.chain(SPY, market.today()).find((e) => e.day === exp)!;
    const atm = chain.strikes.reduce((best, k) => (Math.abs(k - s) < Math.abs(best - s) ? k : best));
    const inst = (k: number, right: "C" | "P") => market.chains.instrument(SPY, exp, k, right);
    const down = chain.strikes.reduce((best, k) => (Math.abs(k - s * 0.93) < Math.abs(best - s * 0.93) ? k : best));
    const up = chain.strikes.reduce((best, k) => (Math.abs(k - s * 1.07) < Math.abs(best - s * 1.07) ? k : best));
    const qAtmC = market.options.quote(inst(atm, "C"), t);
    const qDownP = market.options.quote(inst(down, "P"), t);
    const qUpC = market.options.quote(inst(up, "C"), t);
    expect(qDownP.model.iv).toBeGreaterThan(qAtmC.model.iv);
    expect(qAtmC.model.iv).toBeGreaterThan(qUpC.model.iv);
    expect(qAtmC.model.greeks.delta).toBeGreaterThan(0.4);
    expect(qAtmC.model.greeks.delta).toBeLessThan(0.65);
    expect(qAtmC.model.greeks.theta).toBeLessThan(0);
    expect(qAtmC.bid).toBeLessThan(qAtmC.ask);
    expect(qAtmC.bid).toBeLessThanOrEqual(qAtmC.model.greeks.price);
    expect(qAtmC.ask).toBeGreaterThanOrEqual(qAtmC.model.greeks.price);
    const leap = market.chains.chain(SPY, market.today()).find((e) => e.kind === "leap")!;
    const leapAtm = leap.strikes.reduce((best, k) => (Math.abs(k - s) < Math.abs(best - s) ? k : best));
    const qLeap = market.options.quote(market.chains.instrument(SPY, leap.day, leapAtm, "C"), t);
    expect((qLeap.ask - qLeap.bid) / qLeap.model.greeks.price).toBeGreaterThan(0);
    expect(qLeap.ask - qLeap.bid).toBeGreaterThan(qAtmC.ask - qAtmC.bid);
    expect(qAtmC.openInterest).toBeGreaterThan(0);
  });

  it("is deterministic: same seed and simulated time give the same chain and prices; another seed differs", () => {
    const start = Date.UTC(2025, 2, 24, 15);
    const mk = (seed: number) => {
      const clock = new SimClock({ startTime: start, speed: 1 }, () => 0);
      const m = new Market(seed, clock);
      clock.advance(3_600_000);
      return m;
    };
    const a = mk(42);
    const b = mk(42);
    const c = mk(43);
    const t = a.now();
    expect(b.now()).toBe(t);
    expect(a.chains.chain(SPY, a.today())).toEqual(b.chains.chain(SPY, b.today()));
    const inst = a.chains.instrument(SPY, dayNumber(2025, 4, 17), 600, "C");
    expect(a.options.quote(inst, t)).toEqual(b.options.quote(inst, t));
    expect(a.stock(SPY).quote(t)).toEqual(b.stock(SPY).quote(t));
    expect(c.stock(SPY).mid(t)).not.toBe(a.stock(SPY).mid(t));
  });
});
