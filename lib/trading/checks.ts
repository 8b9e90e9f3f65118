/**
 * The checks a proposal meets before it is stored and again before it is sent: the account's limits (contracts,
 * notional, max loss, the day's loss), margin against available funds, buying power after, market hours.
 */
import type { LegInput } from "../analysis/legs";
import type { analyseStrategy } from "../analysis/strategy";
import { InputError, TradingError } from "../errors";
import type { Ib } from "../ib";
import type { Leg } from "../options/types";
import { roundTo } from "../options/rounding";
import { checkLimits, type RiskLimits } from "../risk/limits";
import { marginVerdict } from "../risk/what-if";
import { marketClosedNote } from "./market-hours";
import type { StoredAnalysis } from "./views";

/**
 * Throws when the trade breaks a limit: bad input when proposed, a refusal (nothing sent) when approved.
 * Returns what the trader should know about how the limits were checked.
 */
export async function assertWithinLimits(
  ib: Ib,
  limits: RiskLimits,
  analysis: Pick<StoredAnalysis, "legs" | "maxLoss" | "unlimitedLoss" | "spot">,
  when: "propose" | "approve",
): Promise<string[]> {
    const legs: Leg[] = analysis.legs.map((l) =>
      l.type === "stock"
        ? { kind: "stock", quantity: (l.action === "buy" ? 1 : -1) * l.quantity, price: l.price }
        : { kind: "option", right: l.type, strike: l.strike!, expiry: l.expiry!, quantity: (l.action === "buy" ? 1 : -1) * l.quantity, price: l.price },
    );
    const today = await pnlToday(ib, limits, when);
    const check = checkLimits(legs, analysis.unlimitedLoss ? Infinity : (analysis.maxLoss ?? 0), analysis.spot, limits, { realisedPnl: today ?? 0 });
    if (!check.ok) {
      const message = check.breaches.map((b) => b.message).join(" ");
      if (when === "propose") throw new InputError(`Over the account's limits: ${message}`);
      throw new TradingError(`Over the account's limits now: ${message} Nothing was sent.`, "limit");
    }
    return limits.dailyLossLimit !== undefined && today === undefined
      ? ["TWS gave no P&L for today: the daily loss limit was checked against this trade's max loss alone."]
      : [];
  }

/**
 * Refuses a trade whose check could not run: a proposal is not stored, an approval sends nothing. A limit that
 * could not be checked is never taken as met.
 */
function cannotCheck(what: string, error: unknown, when: "propose" | "approve"): never {
  const reason = error instanceof Error ? error.message : String(error);
  if (when === "propose") throw new InputError(`${what} could not be checked (${reason}); nothing was proposed. Try again in a moment.`);
  throw new TradingError(`${what} could not be checked (${reason}); nothing was sent. Try again in a moment.`, "unavailable");
}

/**
 * The day's P&L so far (TWS's daily figure: realised and unrealised), for the daily loss limit; undefined when TWS
 * answered but gave no figure. When TWS cannot be asked at all the trade is refused.
 */
async function pnlToday(ib: Ib, limits: RiskLimits, when: "propose" | "approve"): Promise<number | undefined> {
  if (limits.dailyLossLimit === undefined) return undefined;
  try {
    const [account] = await ib.accountSummaries();
    if (!account) throw new Error("TWS listed no account");
    const pnl = await ib.accountPnl(account.account);
    return pnl.daily ?? pnl.realized;
  } catch (error) {
    return cannotCheck("The daily loss limit", error, when);
  }
}

/** Margin against available funds (refused when short, or when it cannot be checked), buying power after, market hours. */
export async function withAccountChecks(ib: Ib, now: number, analysis: Awaited<ReturnType<typeof analyseStrategy>>, totalLegs: LegInput[]): Promise<StoredAnalysis> {
    const checks: string[] = [];
    let buyingPowerAfter: number | null = null;
    if (!analysis.whatIf) cannotCheck("Margin", new Error(analysis.notes.find((n) => n.startsWith("TWS what-if")) ?? "TWS's what-if gave no figures"), "propose");
    const account = await ib
      .accountSummaries()
      .then((list) => list[0])
      .catch((error: unknown) => cannotCheck("Margin against available funds", error, "propose"));
    if (!account) cannotCheck("Margin against available funds", new Error("TWS listed no account"), "propose");
    const verdict = marginVerdict(analysis.whatIf, account.availableFunds ?? null);
    if (verdict.status === "insufficient") {
      throw new InputError(`The account cannot carry this trade: it needs ${verdict.shortfall.toFixed(2)} more in available funds (TWS what-if).`);
    }
    if (verdict.status === "unknown") cannotCheck("Margin against available funds", new Error(verdict.reason), "propose");
    const { equityWithLoanAfter, initMarginAfter, initMarginChange } = analysis.whatIf;
    if (account.buyingPower !== undefined && account.availableFunds) {
      // Buying power is a multiple of available funds (equity with loan value − initial margin); the what-if
      // gives both after the trade, so a premium paid in full shows up as well as margin.
      const ratio = account.buyingPower / account.availableFunds;
      if (equityWithLoanAfter !== null && initMarginAfter !== null) buyingPowerAfter = roundTo((equityWithLoanAfter - initMarginAfter) * ratio, 2);
      else if (initMarginChange !== null) buyingPowerAfter = roundTo((account.availableFunds - initMarginChange - Math.max(0, analysis.netDebit)) * ratio, 2);
    }
    const closed = await marketClosedNote(ib, analysis.symbol, now);
    if (closed) checks.push(closed);
    if (analysis.permission.allowed && analysis.permission.notes.length > 0) checks.push(...analysis.permission.notes);
    return { ...analysis, checks, buyingPowerAfter, totalLegs };
  }

