/**
 * Reading what-if (margin preview) results safely. Brokers fill fields they could not compute with
 * placeholders: the largest double (1.7976931348623157e308), the largest 32- or 64-bit integers, empty
 * strings. Those mean "unknown" and must never be shown or used as amounts.
 */

/** Raw what-if figures as they arrive (numbers or numeric strings). */
export interface RawWhatIf {
  initMarginBefore?: number | string;
  initMarginChange?: number | string;
  initMarginAfter?: number | string;
  maintMarginBefore?: number | string;
  maintMarginChange?: number | string;
  maintMarginAfter?: number | string;
  equityWithLoanBefore?: number | string;
  equityWithLoanChange?: number | string;
  equityWithLoanAfter?: number | string;
  commission?: number | string;
  minCommission?: number | string;
  maxCommission?: number | string;
  commissionCurrency?: string;
  warningText?: string;
}

/** The same figures, each a number or null when unknown. */
export interface WhatIfResult {
  initMarginBefore: number | null;
  initMarginChange: number | null;
  initMarginAfter: number | null;
  maintMarginBefore: number | null;
  maintMarginChange: number | null;
  maintMarginAfter: number | null;
  equityWithLoanBefore: number | null;
  equityWithLoanChange: number | null;
  equityWithLoanAfter: number | null;
  /** Commission when known; else null (with min/max when those are known). */
  commission: number | null;
  minCommission: number | null;
  maxCommission: number | null;
  commissionCurrency: string | null;
  warning: string | null;
  /** Names of the fields that were placeholders or missing. */
  unknown: string[];
}

/** Magnitudes at or above this are placeholders, not amounts (no account holds 1e15 in margin). */
const PLACEHOLDER_MAGNITUDE = 1e15;
const INT32_MAX = 2147483647;

/** A number from a what-if field, or null when it is missing, not numeric or a placeholder. */
export function knownAmount(value: number | string | undefined | null): number | null {
  if (value === undefined || value === null) return null;
  const n = typeof value === "number" ? value : value.trim() === "" ? Number.NaN : Number(value);
  if (!Number.isFinite(n)) return null;
  if (Math.abs(n) >= PLACEHOLDER_MAGNITUDE || Math.abs(n) === INT32_MAX) return null;
  return n;
}

/** Interprets raw what-if figures: placeholders become null and are listed in `unknown`. */
export function interpretWhatIf(raw: RawWhatIf): WhatIfResult {
  const unknown: string[] = [];
  const read = (name: keyof RawWhatIf): number | null => {
    const value = raw[name];
    const n = knownAmount(value);
    if (n === null) unknown.push(name);
    return n;
  };
  const currency = raw.commissionCurrency?.trim();
  const commission = read("commission");
  if (!currency) unknown.push("commissionCurrency");
  return {
    initMarginBefore: read("initMarginBefore"),
    initMarginChange: read("initMarginChange"),
    initMarginAfter: read("initMarginAfter"),
    maintMarginBefore: read("maintMarginBefore"),
    maintMarginChange: read("maintMarginChange"),
    maintMarginAfter: read("maintMarginAfter"),
    equityWithLoanBefore: read("equityWithLoanBefore"),
    equityWithLoanChange: read("equityWithLoanChange"),
    equityWithLoanAfter: read("equityWithLoanAfter"),
    // A commission without a currency is not a usable figure.
    commission: currency ? commission : null,
    minCommission: currency ? read("minCommission") : null,
    maxCommission: currency ? read("maxCommission") : null,
    commissionCurrency: currency ? currency : null,
    warning: raw.warningText?.trim() ? raw.warningText.trim() : null,
    unknown,
  };
}

/** Whether the account can carry the trade's margin. */
export type MarginVerdict =
  | { status: "fits"; headroom: number }
  | { status: "insufficient"; shortfall: number }
  | { status: "unknown"; reason: string };

/**
 * Compares the initial margin the trade adds with the funds available. Unknown figures give "unknown",
 * never a guess.
 * @param whatIf interpreted what-if result
 * @param availableFunds the account's available funds (currency), null when unknown
 */
export function marginVerdict(whatIf: WhatIfResult, availableFunds: number | null): MarginVerdict {
  if (whatIf.initMarginChange === null) return { status: "unknown", reason: "The broker did not report the margin change." };
  if (availableFunds === null || !Number.isFinite(availableFunds)) {
    return { status: "unknown", reason: "Available funds are not known." };
  }
  const headroom = availableFunds - whatIf.initMarginChange;
  return headroom >= 0 ? { status: "fits", headroom } : { status: "insufficient", shortfall: -headroom };
}
