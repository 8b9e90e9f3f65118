import { Msg } from "../protocol/message-ids";
import { TwsError } from "../protocol/error-codes";
import type { Handler } from "./types";

/**
 * Requests the simulator answers without a market model behind them: empty lists where an IBKR retail account has
 * none, TWS's own refusals where TWS refuses, and for what the simulator does not model a 321 validation error
 * naming the request, so no request is met with silence. Requests TWS itself never answers (cancels, log level,
 * news-bulletin and display-group unsubscriptions) are read and left unanswered, as TWS does.
 */
interface Unmodelled {
  name: string;
  /** Whether the request starts with a version field (before its request id). */
  versioned: boolean | ((v: number) => boolean);
  /** Whether a request id follows; errors then carry it. */
  hasReqId: boolean;
}

const NOT_MODELLED: Record<number, Unmodelled> = {
  10: { name: "reqMktDepth", versioned: true, hasReqId: true },
  21: { name: "exerciseOptions", versioned: true, hasReqId: true },
  22: { name: "reqScannerSubscription", versioned: (v) => v < 143, hasReqId: true },
  50: { name: "reqRealTimeBars", versioned: true, hasReqId: true },
  54: { name: "calculateImpliedVolatility", versioned: true, hasReqId: true },
  55: { name: "calculateOptionPrice", versioned: true, hasReqId: true },
  65: { name: "verifyRequest", versioned: true, hasReqId: false },
  66: { name: "verifyMessage", versioned: true, hasReqId: false },
  72: { name: "verifyAndAuthRequest", versioned: true, hasReqId: false },
  73: { name: "verifyAndAuthMessage", versioned: true, hasReqId: false },
  97: { name: "reqTickByTickData", versioned: false, hasReqId: true },
  100: { name: "reqWshMetaData", versioned: false, hasReqId: true },
  102: { name: "reqWshEventData", versioned: false, hasReqId: true },
};

/** Requests TWS never answers. */
export const UNANSWERED_REQUESTS: Readonly<Record<number, string>> = {
  11: "cancelMktDepth",
  12: "reqNewsBulletins (bulletins come when IB publishes one)",
  13: "cancelNewsBulletins",
  14: "setServerLogLevel",
  23: "cancelScannerSubscription",
  51: "cancelRealTimeBars",
  53: "cancelFundamentalData",
  56: "cancelCalculateImpliedVolatility",
  57: "cancelCalculateOptionPrice",
  70: "unsubscribeFromGroupEvents",
  98: "cancelTickByTickData",
  101: "cancelWshMetaData",
  103: "cancelWshEventData",
};

/** The handler of an unmodelled request: 321 naming it, on its request id when it has one. */
export function notModelled(msgId: number): Handler | undefined {
  const spec = NOT_MODELLED[msgId];
  if (!spec) return undefined;
  return (_sim, conn, r) => {
    const versioned = typeof spec.versioned === "function" ? spec.versioned(conn.serverVersion) : spec.versioned;
    if (versioned) r.int();
    const id = spec.hasReqId ? r.int() : -1;
    const e = TwsError.VALIDATION;
    conn.sendError(id, e.code, `${e.text}'${msgId}' : cause - ${spec.name} is not supported by the simulator`);
  };
}

export const unanswered: Handler = () => {};

/** reqFundamentalData: TWS's answer when no fundamentals are available (the simulator has none). */
export const reqFundamentalData: Handler = (_sim, conn, r) => {
  r.int(); // version
  const reqId = r.int();
  conn.sendError(reqId, 430, "We are sorry, but fundamentals data for the security specified is not available.");
};

/** reqFA / replaceFA on an account that is not a financial advisor's: TWS's refusal. */
export const reqFa: Handler = (_sim, conn) => {
  const e = TwsError.VALIDATION;
  conn.sendError(-1, e.code, `${e.text}'bC' : cause - FA data operations ignored for non FA customers.`);
};

/** reqScannerParameters: the scanner's parameter XML (no scan types here: scanner subscriptions are refused). */
export const reqScannerParameters: Handler = (_sim, conn, r) => {
  r.int(); // version
  conn.send([Msg.SCANNER_PARAMETERS, 1, '<?xml version="1.0" encoding="UTF-8"?><ScanParameterResponse><InstrumentList/><LocationTree/><ScanTypeList/></ScanParameterResponse>']);
};

/** queryDisplayGroups: TWS's seven colour groups. */
export const queryDisplayGroups: Handler = (_sim, conn, r) => {
  r.int(); // version
  const reqId = r.int();
  conn.send([Msg.DISPLAY_GROUP_LIST, 1, reqId, "1|2|3|4|5|6|7"]);
};

/** subscribeToGroupEvents: the group shows no contract yet. */
export const subscribeToGroupEvents: Handler = (_sim, conn, r) => {
  r.int(); // version
  const reqId = r.int();
  conn.send([Msg.DISPLAY_GROUP_UPDATED, 1, reqId, ""]);
};

/** updateDisplayGroup: the group now shows that contract. */
export const updateDisplayGroup: Handler = (_sim, conn, r) => {
  r.int(); // version
  const reqId = r.int();
  conn.send([Msg.DISPLAY_GROUP_UPDATED, 1, reqId, r.str()]);
};

/** reqSoftDollarTiers: none for a retail account. */
export const reqSoftDollarTiers: Handler = (_sim, conn, r) => {
  conn.send([Msg.SOFT_DOLLAR_TIERS, r.int(), 0]);
};

/** reqFamilyCodes: the account with no family code. */
export const reqFamilyCodes: Handler = (sim, conn) => {
  conn.send([Msg.FAMILY_CODES, 1, sim.account.id, ""]);
};

/** reqMktDepthExchanges: none (market depth is not modelled). */
export const reqMktDepthExchanges: Handler = (_sim, conn) => {
  conn.send([Msg.MKT_DEPTH_EXCHANGES, 0]);
};

/** reqSmartComponents: none. */
export const reqSmartComponents: Handler = (_sim, conn, r) => {
  conn.send([Msg.SMART_COMPONENTS, r.int(), 0]);
};

