/**
 * Server-to-client message layouts, field for field in the order the client's decoder reads them at the server
 * version negotiated with it (`v`; a field too many or too few is a decoding error on the client).
 */
import type { Field } from "./framing";
import { Msg, SERVER_VERSION, UNSET_DOUBLE } from "./message-ids";
import { MSG_VERSION, V } from "./versions";

export type Fields = Field[];

/** Contract identity as TWS echoes it back in positions, executions and open orders. */
export interface WireContract {
  conId: number;
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth: string;
  strike: number;
  right: string;
  multiplier: string;
  exchange: string;
  primaryExch: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
}

/** Everything CONTRACT_DATA carries beyond the contract itself. */
export interface WireContractDetails {
  contract: WireContract;
  marketName: string;
  minTick: number;
  orderTypes: string;
  validExchanges: string;
  underConId: number;
  longName: string;
  contractMonth: string;
  industry: string;
  category: string;
  subcategory: string;
  timeZoneId: string;
  tradingHours: string;
  liquidHours: string;
  secIds: { tag: string; value: string }[];
  aggGroup: number;
  underSymbol: string;
  underSecType: string;
  marketRuleIds: string;
  realExpirationDate: string;
  /** Last trade date, YYYYMMDD ("" for stocks). */
  lastTradeDate: string;
  stockType: string;
  minSize: string;
  sizeIncrement: string;
  suggestedSizeIncrement: string;
}

/** Prices and strikes as TWS prints them: no trailing binary noise. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return UNSET_DOUBLE;
  return String(Number(value.toPrecision(12)));
}

/** ERR_MSG: the advanced-reject JSON field exists from ADVANCED_ORDER_REJECT on. */
export function errorMessage(v: number, id: number, code: number, text: string, advancedRejectJson = ""): Fields {
  const f: Fields = [Msg.ERR_MSG, 2, id, code, text];
  if (v >= V.ADVANCED_ORDER_REJECT) f.push(advancedRejectJson);
  return f;
}

/** ERR_MSG for a client at the simulator's highest version (193); prefer ClientSession.sendError. */
export function errorMsg(id: number, code: number, text: string, advancedRejectJson = ""): Fields {
  return errorMessage(SERVER_VERSION, id, code, text, advancedRejectJson);
}

export function managedAccounts(accounts: string[]): Fields {
  return [Msg.MANAGED_ACCTS, 1, accounts.join(",")];
}

export function nextValidId(orderId: number): Fields {
  return [Msg.NEXT_VALID_ID, 1, orderId];
}

export function currentTime(epochSeconds: number): Fields {
  return [Msg.CURRENT_TIME, 1, epochSeconds];
}

export function marketDataType(reqId: number, type: number): Fields {
  return [Msg.MARKET_DATA_TYPE, 1, reqId, type];
}

/** TICK_PRICE version 6: the attribute mask bit 0 is "can auto execute" (set on bid/ask), bit 2 "pre-open". */
export function tickPrice(reqId: number, tickType: number, price: number, size: number | undefined, attrMask: number): Fields {
  return [Msg.TICK_PRICE, 6, reqId, tickType, num(price), size === undefined ? "" : String(size), attrMask];
}

export function tickSize(reqId: number, tickType: number, size: number): Fields {
  return [Msg.TICK_SIZE, 6, reqId, tickType, String(size)];
}

export function tickGeneric(reqId: number, tickType: number, value: number): Fields {
  return [Msg.TICK_GENERIC, 6, reqId, tickType, num(value)];
}

export function tickString(reqId: number, tickType: number, value: string): Fields {
  return [Msg.TICK_STRING, 6, reqId, tickType, value];
}

export function tickReqParams(reqId: number, minTick: number, bboExchange: string, snapshotPermissions: number): Fields {
  return [Msg.TICK_REQ_PARAMS, reqId, num(minTick), bboExchange, snapshotPermissions];
}

export function tickSnapshotEnd(reqId: number): Fields {
  return [Msg.TICK_SNAPSHOT_END, 1, reqId];
}

export interface OptionComputation {
  /** 0 = return-based, 1 = price-based. */
  tickAttrib: number;
  impliedVol: number | undefined;
  delta: number | undefined;
  optPrice: number | undefined;
  pvDividend: number | undefined;
  gamma: number | undefined;
  vega: number | undefined;
  theta: number | undefined;
  undPrice: number | undefined;
}

/**
 * TICK_OPTION_COMPUTATION: a version field and no tickAttrib below PRICE_BASED_VOLATILITY, neither from it on;
 * -1 / -2 mean "not computed".
 */
export function tickOptionComputation(v: number, reqId: number, tickType: number, c: OptionComputation): Fields {
  const or = (x: number | undefined, unset: number): string => (x === undefined ? String(unset) : num(x));
  const head: Fields = v >= V.PRICE_BASED_VOLATILITY ? [Msg.TICK_OPTION_COMPUTATION, reqId, tickType, c.tickAttrib] : [Msg.TICK_OPTION_COMPUTATION, MSG_VERSION.TICK_OPTION_COMPUTATION, reqId, tickType];
  return [
    ...head,
    or(c.impliedVol, -1),
    or(c.delta, -2),
    or(c.optPrice, -1),
    or(c.pvDividend, -1),
    or(c.gamma, -2),
    or(c.vega, -2),
    or(c.theta, -2),
    or(c.undPrice, -1),
  ];
}

/**
 * CONTRACT_DATA: a version field below SIZE_RULES, mdSizeMultiplier from MD_SIZE_MULTIPLIER (110) to SIZE_RULES,
 * lastTradeDate from LAST_TRADE_DATE, the trailing fields each from its own version, the size rules replacing
 * sizeMinTick at SIZE_RULES, and the ineligibility reasons from INELIGIBILITY_REASONS.
 */
export function contractData(v: number, reqId: number, d: WireContractDetails): Fields {
  const c = d.contract;
  const fields: Fields = [Msg.CONTRACT_DATA];
  if (v < V.SIZE_RULES) fields.push(MSG_VERSION.CONTRACT_DATA);
  fields.push(reqId, c.symbol, c.secType, c.lastTradeDateOrContractMonth);
  if (v >= V.LAST_TRADE_DATE) fields.push(d.lastTradeDate);
  fields.push(c.strike === 0 ? "0" : num(c.strike), c.right, c.exchange, c.currency, c.localSymbol, d.marketName, c.tradingClass, c.conId, num(d.minTick));
  if (v < V.SIZE_RULES) fields.push(1); // mdSizeMultiplier (from 110; every accepted version is above)
  fields.push(
    c.multiplier,
    d.orderTypes,
    d.validExchanges,
    1, // priceMagnifier
    d.underConId,
    d.longName,
    c.primaryExch,
    d.contractMonth,
    d.industry,
    d.category,
    d.subcategory,
    d.timeZoneId,
    d.tradingHours,
    d.liquidHours,
    "", // evRule
    "", // evMultiplier
    d.secIds.length,
  );
  for (const s of d.secIds) fields.push(s.tag, s.value);
  if (v >= V.AGG_GROUP) fields.push(d.aggGroup);
  if (v >= V.UNDERLYING_INFO) fields.push(d.underSymbol, d.underSecType);
  if (v >= V.MARKET_RULES) fields.push(d.marketRuleIds);
  if (v >= V.REAL_EXPIRATION_DATE) fields.push(d.realExpirationDate);
  if (v >= V.STOCK_TYPE) fields.push(d.stockType);
  if (v >= V.FRACTIONAL_SIZE_SUPPORT && v < V.SIZE_RULES) fields.push(d.minSize); // sizeMinTick
  if (v >= V.SIZE_RULES) fields.push(d.minSize, d.sizeIncrement, d.suggestedSizeIncrement);
  if (v >= V.INELIGIBILITY_REASONS) fields.push(0);
  return fields;
}

export function contractDataEnd(reqId: number): Fields {
  return [Msg.CONTRACT_DATA_END, 1, reqId];
}

export function accountSummary(reqId: number, account: string, tag: string, value: string, currency: string): Fields {
  return [Msg.ACCOUNT_SUMMARY, 1, reqId, account, tag, value, currency];
}

export function accountSummaryEnd(reqId: number): Fields {
  return [Msg.ACCOUNT_SUMMARY_END, 1, reqId];
}

export function position(account: string, c: WireContract, pos: number, avgCost: number): Fields {
  return [
    Msg.POSITION,
    3,
    account,
    c.conId,
    c.symbol,
    c.secType,
    c.lastTradeDateOrContractMonth,
    num(c.strike),
    c.right,
    c.multiplier,
    c.exchange,
    c.currency,
    c.localSymbol,
    c.tradingClass,
    String(pos),
    num(avgCost),
  ];
}

export function positionEnd(): Fields {
  return [Msg.POSITION_END, 1];
}

export function openOrderEnd(): Fields {
  return [Msg.OPEN_ORDER_END, 1];
}

export function secDefOptParameter(
  reqId: number,
  exchange: string,
  underlyingConId: number,
  tradingClass: string,
  multiplier: string,
  expirations: string[],
  strikes: number[],
): Fields {
  return [
    Msg.SECURITY_DEFINITION_OPTION_PARAMETER,
    reqId,
    exchange,
    underlyingConId,
    tradingClass,
    multiplier,
    expirations.length,
    ...expirations,
    strikes.length,
    ...strikes.map(num),
  ];
}

export function secDefOptParameterEnd(reqId: number): Fields {
  return [Msg.SECURITY_DEFINITION_OPTION_PARAMETER_END, reqId];
}

export interface WireBar {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  wap: number;
  count: number;
}

/** HISTORICAL_DATA: below SYNT_REALTIME_BARS a version field and a hasGaps field in every bar. */
export function historicalData(v: number, reqId: number, start: string, end: string, bars: WireBar[]): Fields {
  const old = v < V.SYNT_REALTIME_BARS;
  const fields: Fields = old ? [Msg.HISTORICAL_DATA, MSG_VERSION.HISTORICAL_DATA, reqId, start, end, bars.length] : [Msg.HISTORICAL_DATA, reqId, start, end, bars.length];
  for (const b of bars) {
    fields.push(b.date, num(b.open), num(b.high), num(b.low), num(b.close), String(b.volume), num(b.wap));
    if (old) fields.push("false");
    fields.push(b.count);
  }
  return fields;
}

/** HISTORICAL_DATA_UPDATE: note the open, close, high, low order. */
export function historicalDataUpdate(reqId: number, b: WireBar): Fields {
  return [Msg.HISTORICAL_DATA_UPDATE, reqId, b.count, b.date, num(b.open), num(b.close), num(b.high), num(b.low), num(b.wap), String(b.volume)];
}
