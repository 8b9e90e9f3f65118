/** Number and date formats shared by the charts and tables. */

const DASH = "—";

export function money(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Signed money: "+1,234.00" / "−56.00". */
export function signedMoney(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const text = money(Math.abs(value), digits);
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

/** A decimal as a percentage: 0.1234 → "12.3%". */
export function percent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `${(value * 100).toFixed(digits)}%`;
}

export function fixed(value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return value.toFixed(digits);
}

export function count(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return Math.round(value).toLocaleString("en-US");
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** YYYYMMDD → "Dec 18 '26". */
export function expiryLabel(expiry: string): string {
  const month = MONTHS[Number(expiry.slice(4, 6)) - 1] ?? expiry.slice(4, 6);
  return `${month} ${Number(expiry.slice(6, 8))} '${expiry.slice(2, 4)}`;
}

/** YYYYMMDD → "2026-12-18". */
export function isoDate(expiry: string): string {
  return `${expiry.slice(0, 4)}-${expiry.slice(4, 6)}-${expiry.slice(6, 8)}`;
}

/** Epoch ms → "Dec 18" in UTC (charts count calendar days in UTC, as expiries do). */
export function shortDate(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}
