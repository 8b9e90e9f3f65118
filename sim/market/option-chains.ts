import { type DayNumber, civil, dayNumber, formatDay, isTradingDay, parseDay } from "./calendar";
import type { OptionInstrument, RequestedContract } from "./instruments";
import type { Resolution } from "./market";
import { atmVol } from "./vol-surface";
import { UNDERLYINGS, type Underlying, underlyingBySymbol } from "./underlyings";

/**
 * Listed option chains: which expiries and strikes exist for an underlying on a given day, and the conIds that
 * name them. conIds encode (underlying, expiry, strike, right) so they are the same on every run.
 */

const EPOCH_DAY = dayNumber(2024, 1, 1);
const CONID_BASE = 1_000_000_000;
/** Strikes are encoded in half dollars in 12 bits. */
const MAX_STRIKE = 2047.5;

export function optionConId(u: Underlying, expiry: DayNumber, strike: number, right: "C" | "P"): number {
  const day = (expiry - EPOCH_DAY) & 0xfff;
  const halfDollars = Math.round(strike * 2) & 0xfff;
  return CONID_BASE + ((u.index * 4096 + day) * 4096 + halfDollars) * 2 + (right === "C" ? 0 : 1);
}

export function decodeOptionConId(conId: number): { u: Underlying; expiry: DayNumber; strike: number; right: "C" | "P" } | undefined {
  let v = conId - CONID_BASE;
  if (v < 0) return undefined;
  const right = v % 2 === 0 ? "C" : "P";
  v = Math.floor(v / 2);
  const strike = (v % 4096) / 2;
  v = Math.floor(v / 4096);
  const expiry = (v % 4096) + EPOCH_DAY;
  const u = UNDERLYINGS[Math.floor(v / 4096)];
  if (!u) return undefined;
  return { u, expiry, strike, right };
}

/** An expiry listed on a trading-day holiday moves to the trading day before. */
function listedDay(day: DayNumber): DayNumber {
  let d = day;
  while (!isTradingDay(d)) d--;
  return d;
}

function thirdFriday(y: number, m: number): DayNumber {
  const first = dayNumber(y, m, 1);
  const offset = (5 - civil(first).dow + 7) % 7;
  return first + offset + 14;
}

export type ExpiryKind = "daily" | "weekly" | "monthly" | "leap";

/** Listed expiries on `today`, sorted, each with how it was listed (monthlies and LEAPS carry the most open interest). */
export function listExpiries(u: Underlying, today: DayNumber): { day: DayNumber; kind: ExpiryKind }[] {
  const out = new Map<DayNumber, ExpiryKind>();
  const { y, m } = civil(today);
  // Monthlies: the third Friday of the next twelve months (this month's too if still ahead).
  for (let i = 0; i <= 12; i++) {
    const mm = ((m - 1 + i) % 12) + 1;
    const yy = y + Math.floor((m - 1 + i) / 12);
    const d = listedDay(thirdFriday(yy, mm));
    if (d >= today) out.set(d, "monthly");
  }
  // LEAPS: January monthlies for the next two years beyond the monthly run.
  for (let yy = y + 1; yy <= y + 2; yy++) {
    const d = listedDay(thirdFriday(yy, 1));
    if (!out.has(d)) out.set(d, "leap");
  }
  // Weeklies: every Friday for the next eight weeks.
  const firstFriday = today + ((5 - civil(today).dow + 7) % 7);
  for (let w = 0; w < 8; w++) {
    const d = listedDay(firstFriday + 7 * w);
    if (d >= today && !out.has(d)) out.set(d, "weekly");
  }
  // Dailies for the next two weeks: every weekday (SPY, QQQ) or Monday/Wednesday/Friday (IWM).
  if (u.dailies !== "none") {
    for (let d = today; d < today + 14; d++) {
      const dow = civil(d).dow;
      if (!isTradingDay(d)) continue;
      if (u.dailies === "mwf" && dow !== 1 && dow !== 3 && dow !== 5) continue;
      if (!out.has(d)) out.set(d, "daily");
    }
  }
  return [...out.entries()].map(([day, kind]) => ({ day, kind })).sort((a, b) => a.day - b.day);
}

/** Strike spacing tiers for a near-the-money step: near, further out, far out. */
function tiers(step: number): [number, number, number] {
  if (step <= 1) return [1, 5, 10];
  if (step <= 2.5) return [2.5, 5, 10];
  return [5, 10, 25];
}

/**
 * Strikes of one expiry around a reference price: finer near the money, coarser away from it and for long-dated
 * expiries; the range widens with the expiry's standard deviation.
 */
export function listStrikes(u: Underlying, reference: number, yearsToExpiry: number): number[] {
  const [fine, mid, coarse] = tiers(u.strikeStep);
  const longDated = yearsToExpiry > 0.4;
  const stdev = atmVol(u, yearsToExpiry) * Math.sqrt(Math.max(yearsToExpiry, 2 / 365));
  const width = Math.min(Math.log(3), Math.max(0.08, 3.5 * stdev));
  const lo = Math.max(0.5, reference * Math.exp(-width));
  const hi = Math.min(MAX_STRIKE, reference * Math.exp(width));
  const stepAt = (k: number): number => {
    const dist = Math.abs(k / reference - 1);
    if (dist <= 0.08) return longDated ? mid : fine;
    if (dist <= 0.25) return longDated ? coarse : mid;
    return coarse;
  };
  const strikes = new Set<number>();
  const center = Math.round(reference / fine) * fine;
  for (let k = center; k <= hi; ) {
    const s = stepAt(k);
    const aligned = Math.round(k / s) * s;
    if (aligned >= lo && aligned <= hi) strikes.add(aligned);
    k = aligned + s;
  }
  for (let k = center; k >= lo; ) {
    const s = stepAt(k);
    const aligned = Math.round(k / s) * s;
    if (aligned >= lo && aligned <= hi) strikes.add(aligned);
    k = aligned - s;
  }
  return [...strikes].sort((a, b) => a - b);
}

export interface ChainExpiry {
  day: DayNumber;
  kind: ExpiryKind;
  strikes: number[];
}

/** Chains per underlying for one listing day, built on first use. */
export class OptionChains {
  private cache = new Map<string, ChainExpiry[]>();

  constructor(
    /** The price strikes are listed around (stable for the run, as exchange listings are). */
    private readonly referencePrice: (u: Underlying) => number,
  ) {}

  chain(u: Underlying, today: DayNumber): ChainExpiry[] {
    const key = `${u.symbol}:${today}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const ref = this.referencePrice(u);
    const chain = listExpiries(u, today).map(({ day, kind }) => ({
      day,
      kind,
      strikes: listStrikes(u, ref, Math.max(0, day - today + 0.5) / 365),
    }));
    if (this.cache.size > 64) this.cache.clear();
    this.cache.set(key, chain);
    return chain;
  }

  instrument(u: Underlying, expiry: DayNumber, strike: number, right: "C" | "P"): OptionInstrument {
    return {
      kind: "option",
      conId: optionConId(u, expiry, strike, right),
      symbol: u.symbol,
      underlying: u,
      expiry,
      strike,
      right,
      tradingClass: u.symbol,
      minTick: 0.01,
      multiplier: 100,
    };
  }

  byConId(conId: number, today: DayNumber): OptionInstrument | undefined {
    const d = decodeOptionConId(conId);
    if (!d) return undefined;
    const exp = this.chain(d.u, today).find((e) => e.day === d.expiry);
    if (!exp || !exp.strikes.includes(d.strike)) return undefined;
    return this.instrument(d.u, d.expiry, d.strike, d.right);
  }

  /** Every listed option matching a (possibly partial) request. */
  resolve(req: RequestedContract, today: DayNumber): Resolution {
    if (req.conId > 0) {
      const inst = this.byConId(req.conId, today);
      return inst ? { ok: true, matches: [inst] } : { ok: false, reason: "unknown" };
    }
    let symbol = req.symbol.toUpperCase();
    let expiryText = req.lastTradeDateOrContractMonth.trim();
    let strike = req.strike;
    let right = req.right.toUpperCase();
    if (req.localSymbol.trim() !== "") {
      const occ = /^(\S{1,6})\s*(\d{6})([CP])(\d{8})$/.exec(req.localSymbol.trim());
      if (!occ || occ[1] === undefined || occ[2] === undefined || occ[3] === undefined || occ[4] === undefined) {
        return { ok: false, reason: "unknown" };
      }
      symbol = occ[1].toUpperCase();
      expiryText = `20${occ[2]}`;
      right = occ[3];
      strike = Number(occ[4]) / 1000;
    }
    const u = underlyingBySymbol(symbol);
    if (!u) return { ok: false, reason: "unknown" };
    if (req.multiplier !== "" && Number(req.multiplier) !== 100) return { ok: false, reason: "unknown" };
    if (req.tradingClass !== "" && req.tradingClass.toUpperCase() !== u.symbol) return { ok: false, reason: "unknown" };
    const exchange = req.exchange.toUpperCase();
    if (exchange !== "" && !OPTION_VENUES.has(exchange)) return { ok: false, reason: "unknown" };
    const wantRight = right === "" ? undefined : right.startsWith("C") ? "C" : right.startsWith("P") ? "P" : "X";
    if (wantRight === "X") return { ok: false, reason: "unknown" };
    let dayFilter: (d: DayNumber) => boolean = () => true;
    if (expiryText.length === 8) {
      const day = parseDay(expiryText);
      if (day === undefined) return { ok: false, reason: "unknown" };
      dayFilter = (d) => d === day;
    } else if (expiryText.length === 6) {
      dayFilter = (d) => formatDay(d).startsWith(expiryText);
    } else if (expiryText !== "") {
      return { ok: false, reason: "unknown" };
    }
    const matches: OptionInstrument[] = [];
    for (const exp of this.chain(u, today)) {
      if (!dayFilter(exp.day)) continue;
      for (const k of exp.strikes) {
        if (strike !== undefined && strike !== 0 && Math.abs(k - strike) > 1e-6) continue;
        if (wantRight !== "P") matches.push(this.instrument(u, exp.day, k, "C"));
        if (wantRight !== "C") matches.push(this.instrument(u, exp.day, k, "P"));
      }
    }
    return matches.length > 0 ? { ok: true, matches } : { ok: false, reason: "unknown" };
  }
}

const OPTION_VENUES = new Set(["SMART", "AMEX", "CBOE", "PHLX", "PSE", "ISE", "BOX", "BATS", "NASDAQOM", "CBOE2", "NASDAQBX", "MIAX", "GEMINI", "EDGX", "MERCURY", "PEARL", "EMERALD", "MEMX", "IBUSOPT"]);
