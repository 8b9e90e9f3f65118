/**
 * The state of the line to IB, layer by layer, and what it means in words: the socket to TWS, whether TWS answers,
 * TWS's own link to IB's servers, and the data farms behind it. Pure (no I/O, no clock): the header, /api/health,
 * every MCP result and the approval's refusal all read the same words from here.
 */

export type SocketState = "connecting" | "connected" | "disconnected";

export type FarmKind = "market data" | "historical data" | "security definitions";

export interface FarmStatus {
  /** TWS's name for the farm: usfarm, ushmds, secdefil… */
  name: string;
  kind: FarmKind;
  /** "inactive": idle, and TWS connects it on demand (not a fault). */
  state: "ok" | "broken" | "inactive" | "connecting";
  /** TWS's code for the last notice about it (2103–2108, 2119, 2157, 2158). */
  code: number;
  since: string;
}

export interface LinkHealth {
  socket: SocketState;
  /**
   * Whether TWS answers at all: SumpPump asks for TWS's time every second; false once one such question has had
   * no answer for a few seconds (TWS hung, busy, or held by a dialog) although the socket is open.
   */
  responding: boolean;
  /** Since when TWS has been silent, while not responding. */
  silentSince?: string;
  /** TWS's link to IB's servers: "lost" from TWS's 1100 (or 2110) until its 1101 or 1102. */
  ibLink: "ok" | "lost";
  ibLinkSince?: string;
  /** After 1101 (restored, market data lost): the time, for saying that quotes were requested afresh. */
  dataResetAt?: string;
  farms: FarmStatus[];
}

export type HealthLevel = "ok" | "degraded" | "down";

export interface HealthSummary {
  level: HealthLevel;
  /** Short, for a header badge or an MCP marker: "ok", "IB link lost", "TWS not responding"… */
  label: string;
  /** What it means and what happens now, one or two sentences; empty when all is well. */
  detail: string;
}

/** TWS's notices about its data farms (all with id -1, as information). */
const FARM_NOTICES: Readonly<Record<number, { kind: FarmKind; state: FarmStatus["state"] }>> = {
  2103: { kind: "market data", state: "broken" },
  2104: { kind: "market data", state: "ok" },
  2105: { kind: "historical data", state: "broken" },
  2106: { kind: "historical data", state: "ok" },
  2107: { kind: "historical data", state: "inactive" },
  2108: { kind: "market data", state: "inactive" },
  2119: { kind: "market data", state: "connecting" },
  2157: { kind: "security definitions", state: "broken" },
  2158: { kind: "security definitions", state: "ok" },
};

/** The farm a TWS notice is about ("Market data farm connection is broken:usfarm"), or undefined if none. */
export function farmNotice(code: number, message: string, at: string): FarmStatus | undefined {
  const notice = FARM_NOTICES[code];
  if (!notice) return undefined;
  const colon = message.lastIndexOf(":");
  const name = colon >= 0 ? message.slice(colon + 1).trim() : "";
  return { name: name || notice.kind, kind: notice.kind, state: notice.state, code, since: at };
}

/** The farm list with `notice` applied (one entry per farm name). */
export function withFarm(farms: readonly FarmStatus[], notice: FarmStatus): FarmStatus[] {
  const same = farms.find((f) => f.name === notice.name && f.kind === notice.kind);
  if (same && same.state === notice.state) return [...farms];
  return [...farms.filter((f) => f !== same), notice].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}

function clock(iso: string | undefined): string {
  return iso ? `${iso.slice(11, 19)} UTC` : "a moment ago";
}

/**
 * Why orders cannot be sent now, in words for the trader (and Claude), or null when they can. Broken data farms
 * do not stop an order (TWS routes orders without them); the line to TWS and TWS's link to IB do.
 */
export function orderBlocker(h: LinkHealth): string | null {
  if (h.socket !== "connected") {
    return `SumpPump is not connected to TWS (${h.socket === "connecting" ? "connecting" : "disconnected, reconnecting by itself"}): nothing can be sent until it is.`;
  }
  if (!h.responding) {
    return `TWS has not answered since ${clock(h.silentSince)} (hung, busy, or waiting on a dialog in TWS): nothing is sent until it answers again.`;
  }
  if (h.ibLink === "lost") {
    return `TWS lost its connection to IB's servers at ${clock(h.ibLinkSince)} (TWS 1100): an order could not reach the exchange. Approve again once TWS reports it restored.`;
  }
  return null;
}

/** One summary of the whole line, worst layer first. */
export function summarise(h: LinkHealth): HealthSummary {
  const blocker = orderBlocker(h);
  if (h.socket !== "connected") return { level: "down", label: h.socket === "connecting" ? "connecting to TWS" : "TWS disconnected", detail: blocker ?? "" };
  if (!h.responding) return { level: "down", label: "TWS not responding", detail: blocker ?? "" };
  if (h.ibLink === "lost") return { level: "down", label: "IB link lost", detail: blocker ?? "" };
  const broken = h.farms.filter((f) => f.state === "broken");
  if (broken.length > 0) {
    const names = broken.map((f) => `${f.kind} (${f.name})`).join(", ");
    const what = broken.some((f) => f.kind === "market data") ? "quotes may not arrive" : broken.some((f) => f.kind === "historical data") ? "history may not load" : "contract lookups may fail";
    return { level: "degraded", label: `data farm broken: ${broken.map((f) => f.name).join(", ")}`, detail: `TWS reports its ${names} farm connection broken: ${what}. Orders can still be sent.` };
  }
  return { level: "ok", label: "ok", detail: "" };
}

/**
 * The compact marker on every MCP result: "ok", or the state and what it means, so Claude never reads a stale or
 * failed answer as the market's.
 */
export function connectionMarker(h: LinkHealth): string {
  const s = summarise(h);
  return s.level === "ok" ? "ok" : `${s.label}: ${s.detail}`;
}
