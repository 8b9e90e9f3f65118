/** What the trading desk's tests against the simulator share: a desk on its own client id, waiting, a spread. */
import pino from "pino";
import type { LegInput } from "../analysis/legs";
import { analyseStrategy } from "../analysis/strategy";
import type { PrismaClient } from "../generated/prisma/client";
import { Ib } from "../ib/ib";
import { TradingDesk, type DeskOptions } from "../trading/desk";

/** A desk and its IB client (started, not yet connected) with the tests' usual settings. */
export function newTestDesk(port: number, db: PrismaClient, clientId: number, overrides: Partial<DeskOptions> = {}, adjust: (ib: Ib) => void = () => {}): { ib: Ib; desk: TradingDesk } {
  const ib = new Ib({ host: "127.0.0.1", port, clientId, connectTimeoutMs: 3_000, requestTimeoutMs: 8_000 });
  adjust(ib);
  ib.start();
  const desk = new TradingDesk({
    db,
    ib,
    log: pino({ level: "silent" }),
    proposalTtlMs: 600_000,
    maxDrift: 0.05,
    limits: { maxContracts: 20 },
    mcpMayCancelWorking: false,
    killSwitchAtStart: false,
    ...overrides,
  });
  return { ib, desk };
}

/** Polls `probe` every 50 ms until it gives a value. */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A SPY bull call spread (at the money / 10 above) about three weeks out, and a limit a little above its
 * natural price, so the simulator fills it as soon as it may.
 */
export async function marketableSpread(ib: Ib): Promise<{ legs: LegInput[]; limit: number }> {
  const info = await ib.optionChainInfo("SPY");
  const spot = await ib.spot("SPY");
  const threeWeeks = Number(new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10).replace(/-/g, ""));
  const expiry = info.expirations.find((e) => Number(e) > threeWeeks)!;
  const atm = info.strikes.reduce((best, k) => (Math.abs(k - spot) < Math.abs(best - spot) ? k : best));
  const upper = info.strikes.find((k) => k >= atm + 10)!;
  const legs: LegInput[] = [
    { type: "call", action: "buy", strike: atm, expiry, quantity: 1 },
    { type: "call", action: "sell", strike: upper, expiry, quantity: 1 },
  ];
  const analysis = await analyseStrategy(ib, "SPY", legs);
  return { legs, limit: Math.round((analysis.netDebitNatural! / 100 + 0.1) * 100) / 100 };
}
