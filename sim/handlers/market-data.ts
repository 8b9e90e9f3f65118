import { TwsError } from "../protocol/error-codes";
import { describe, readContract } from "./request-contract";
import type { Handler } from "./types";

export const reqMktData: Handler = (sim, conn, r) => {
  r.int(); // version
  const reqId = r.int();
  const req = readContract(r);
  if (req.secType.toUpperCase() === "BAG") {
    const legs = r.int();
    r.skip(legs * 4);
  }
  if (r.bool()) r.skip(3); // delta-neutral contract
  const genericTicks = r.str();
  const snapshot = r.bool();
  const regulatory = r.bool();
  r.str(); // market data options

  if (sim.feed.has(conn, reqId)) {
    const e = TwsError.DUPLICATE_TICKER;
    conn.sendError(reqId, e.code, `${e.text} id=${reqId}`);
    return;
  }
  if ((snapshot || regulatory) && genericTicks.trim() !== "") {
    const e = TwsError.VALIDATION;
    conn.sendError(reqId, e.code, `${e.text}'bW' : cause - Snapshot market data subscription is not applicable to generic ticks`);
    return;
  }
  const res = sim.market.resolve(req);
  if (!res.ok || res.matches.length === 0) {
    const e = TwsError.NO_SECURITY;
    conn.sendError(reqId, e.code, e.text);
    return;
  }
  if (res.matches.length > 1) {
    const e = TwsError.NO_SECURITY;
    conn.sendError(reqId, e.code, `The contract description specified for ${describe(req)} is ambiguous.`);
    return;
  }
  const inst = res.matches[0];
  if (!inst) return;
  if (sim.feed.count(conn) >= sim.limits.settings.marketDataLines) {
    const e = TwsError.MAX_TICKERS;
    conn.sendError(reqId, e.code, e.text);
    return;
  }
  const entitlement = sim.entitlement(inst.underlying.symbol);
  const wantsDelayed = conn.marketDataType === 3 || conn.marketDataType === 4;
  let delayed = false;
  let suppressQuotes = false;
  if (entitlement === "delayed") {
    if (!wantsDelayed) {
      const e = TwsError.NOT_SUBSCRIBED;
      conn.sendError(reqId, e.code, `${e.text}Delayed market data is available.${inst.symbol} ${inst.underlying.primaryExch}/TOP/ALL`);
      return;
    }
    const e = TwsError.DELAYED_INSTEAD;
    conn.sendError(reqId, e.code, e.text);
    delayed = true;
  } else if (entitlement === "none") {
    const e = wantsDelayed ? TwsError.DELAYED_DISABLED : TwsError.NOT_SUBSCRIBED;
    conn.sendError(reqId, e.code, e.text);
    return;
  } else if (entitlement === "partial") {
    const e = TwsError.PART_NOT_SUBSCRIBED;
    conn.sendError(reqId, e.code, e.text);
    suppressQuotes = true;
  }
  const generic = new Set(
    genericTicks
      .split(",")
      .map((s) => parseInt(s.trim(), 10))
      .filter((n) => Number.isFinite(n)),
  );
  sim.feed.add({ conn, reqId, inst, snapshot: snapshot || regulatory, generic, delayed, suppressQuotes });
};

export const cancelMktData: Handler = (sim, conn, r) => {
  r.int(); // version
  const reqId = r.int();
  if (!sim.feed.cancel(conn, reqId)) {
    const e = TwsError.NO_TICKER;
    conn.sendError(reqId, e.code, `${e.text}${reqId}`);
  }
};
