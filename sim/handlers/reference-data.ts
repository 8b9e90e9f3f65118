import { MARKET_RULE_INCREMENTS } from "../market/contract-details";
import type { Instrument } from "../market/instruments";
import { Msg } from "../protocol/message-ids";
import { num, type Fields } from "../protocol/outbound";
import { TwsError } from "../protocol/error-codes";
import { parseEndDateTime } from "../market/bars";
import type { Simulator } from "../simulator";
import type { ClientSession } from "../session";
import { readContract } from "./request-contract";
import type { FieldReader } from "../protocol/field-reader";
import type { Handler } from "./types";

/** How far back the simulated history reaches (bars are served for two years). */
const HISTORY_YEARS = 2;

function resolveOne(sim: Simulator, conn: ClientSession, reqId: number, r: FieldReader): Instrument | undefined {
  const req = readContract(r);
  const res = sim.market.resolve(req);
  const inst = res.ok && res.matches.length === 1 ? res.matches[0] : undefined;
  if (!inst) {
    const e = TwsError.NO_SECURITY;
    conn.sendError(reqId, e.code, e.text);
  }
  return inst;
}

/** reqMarketRule(id): the price increments of a rule the contract details name; 321 for an id none names. */
export const reqMarketRule: Handler = (_sim, conn, r) => {
  const id = r.int();
  const increments = MARKET_RULE_INCREMENTS[id];
  if (!increments) {
    const e = TwsError.VALIDATION;
    conn.sendError(-1, e.code, `${e.text}'bM' : cause - Invalid market rule id:${id}`);
    return;
  }
  conn.send([Msg.MARKET_RULE, id, increments.length, ...increments.flatMap(([low, inc]) => [num(low), num(inc)])]);
};

/** reqHeadTimestamp: the first bar the simulator serves (two years back, at the first session's open). */
export const reqHeadTimestamp: Handler = (sim, conn, r) => {
  const reqId = r.int();
  if (!resolveOne(sim, conn, reqId, r)) return;
  r.bool(); // includeExpired
  r.bool(); // useRTH
  r.str(); // whatToShow
  const formatDate = r.int();
  const start = new Date(sim.clock.startTime);
  start.setUTCFullYear(start.getUTCFullYear() - HISTORY_YEARS);
  start.setUTCHours(13, 30, 0, 0);
  const secs = Math.floor(start.getTime() / 1000);
  const text = formatDate === 2 ? String(secs) : start.toISOString().replace(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2}).*$/, "$1$2$3-$4");
  conn.send([Msg.HEAD_TIMESTAMP, reqId, text]);
};

export const cancelHeadTimestamp: Handler = (_sim, _conn, r) => {
  r.int(); // reqId
};

/** reqUserInfo: the white-branding id, empty for an IBKR (not white-labelled) account. */
export const reqUserInfo: Handler = (_sim, conn, r) => {
  const reqId = r.int();
  conn.send([Msg.USER_INFO, reqId, ""]);
};

/** Quote of an instrument at a simulated time. */
function quoteAt(sim: Simulator, inst: Instrument, t: number): { bid: number; ask: number; last: number; bidSize: number; askSize: number } {
  if (inst.kind === "option") {
    const q = sim.market.options.quote(inst, t);
    return { bid: q.bid, ask: q.ask, last: (q.bid + q.ask) / 2, bidSize: q.bidSize, askSize: q.askSize };
  }
  const q = sim.market.stock(inst.underlying).quote(t);
  return { bid: q.bid, ask: q.ask, last: q.last, bidSize: q.bidSize, askSize: q.askSize };
}

/**
 * reqHistoricalTicks: up to 1000 ticks one second apart, after startDateTime or before endDateTime, as
 * HISTORICAL_TICKS (MIDPOINT), HISTORICAL_TICKS_BID_ASK or HISTORICAL_TICKS_LAST (TRADES).
 */
export const reqHistoricalTicks: Handler = (sim, conn, r) => {
  const reqId = r.int();
  const inst = resolveOne(sim, conn, reqId, r);
  if (!inst) return;
  r.bool(); // includeExpired
  const startText = r.str().trim();
  const endText = r.str().trim();
  const count = Math.max(1, Math.min(1000, r.int() || 1));
  const what = r.str().toUpperCase();
  r.bool(); // useRth
  r.bool(); // ignoreSize
  r.str(); // misc options
  const now = sim.clock.now();
  const fromStart = startText !== "";
  const anchor = (fromStart ? parseEndDateTime(startText, now) : endText === "" ? now : parseEndDateTime(endText, now)) ?? now;
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = fromStart ? Math.floor(anchor / 1000) * 1000 + i * 1000 : Math.floor(anchor / 1000) * 1000 - (count - 1 - i) * 1000;
    if (t <= now) times.push(t);
  }
  const rows: Fields = [];
  for (const t of times) {
    const q = quoteAt(sim, inst, t);
    const secs = Math.floor(t / 1000);
    if (what === "BID_ASK") rows.push(secs, 0, num(q.bid), num(q.ask), String(q.bidSize), String(q.askSize));
    else if (what === "TRADES") rows.push(secs, 0, num(q.last), "100", inst.kind === "option" ? "CBOE" : "ARCA", "");
    else rows.push(secs, "", num((q.bid + q.ask) / 2), "0");
  }
  const id = what === "BID_ASK" ? Msg.HISTORICAL_TICKS_BID_ASK : what === "TRADES" ? Msg.HISTORICAL_TICKS_LAST : Msg.HISTORICAL_TICKS;
  if (!["BID_ASK", "TRADES", "MIDPOINT"].includes(what)) {
    const e = TwsError.HMDS;
    conn.sendError(reqId, e.code, `${e.text}No data of type ${what} is available`);
    return;
  }
  conn.send([id, reqId, times.length, ...rows, true]);
};

/** reqHistogramData: traded volume by price over the period ("3 days", "1 week"), from the simulated minute path. */
export const reqHistogramData: Handler = (sim, conn, r) => {
  const reqId = r.int();
  const inst = resolveOne(sim, conn, reqId, r);
  if (!inst) return;
  r.bool(); // includeExpired
  r.bool(); // useRTH
  const period = r.str().trim().toLowerCase();
  const m = /^(\d+)\s*(day|days|week|weeks|month|months)$/.exec(period);
  if (!m) {
    const e = TwsError.VALIDATION;
    conn.sendError(reqId, e.code, `${e.text}'bQ' : cause - Invalid period:${period}`);
    return;
  }
  const days = Number(m[1]) * (m[2]?.startsWith("week") ? 7 : m[2]?.startsWith("month") ? 30 : 1);
  const now = sim.clock.now();
  const volume = new Map<string, number>();
  const step = 5 * 60_000;
  for (let t = now - days * 86_400_000; t <= now; t += step) {
    const price = quoteAt(sim, inst, t).last;
    const tick = inst.kind === "option" ? 0.05 : 0.25;
    const key = num(Math.round(price / tick) * tick);
    volume.set(key, (volume.get(key) ?? 0) + 100);
  }
  const rows = [...volume.entries()].sort((a, b) => Number(a[0]) - Number(b[0]));
  conn.send([Msg.HISTOGRAM_DATA, reqId, rows.length, ...rows.flatMap(([p, v]) => [p, String(v)])]);
};

export const cancelHistogramData: Handler = (_sim, _conn, r) => {
  r.int(); // reqId
};
