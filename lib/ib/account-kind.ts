/**
 * Which account SumpPump trades: the built-in simulator, an IBKR paper account or a live one. IBKR's paper
 * accounts have ids starting with "D" (DU… for an individual, DF… for an advisor's master); live ones do not.
 * Until TWS names its accounts, a live-mode connection is treated as live.
 */
export type AccountKind = "simulator" | "paper" | "live";

export interface AccountMarker {
  kind: AccountKind;
  /** The accounts TWS named (MANAGED_ACCTS); empty while not yet known. */
  accounts: string[];
  /** One line for a banner or a tool result. */
  label: string;
}

export function isPaperAccountId(id: string): boolean {
  return /^D[A-Z]?\d/i.test(id.trim());
}

export function accountMarker(mode: "sim" | "live", accounts: readonly string[]): AccountMarker {
  const ids = [...accounts];
  if (mode === "sim") return { kind: "simulator", accounts: ids, label: "SIMULATED MARKET (built-in simulator): no real orders, no real money" };
  const named = ids.join(", ");
  if (ids.length > 0 && ids.every(isPaperAccountId)) return { kind: "paper", accounts: ids, label: `PAPER ACCOUNT ${named} (IBKR paper trading): simulated fills, no real money` };
  return {
    kind: "live",
    accounts: ids,
    label: ids.length > 0 ? `LIVE ACCOUNT ${named}: approved orders trade real money` : "LIVE MODE, account not known yet (TWS not connected): treat as real money",
  };
}
