/**
 * Order-related server messages: OPEN_ORDER, ORDER_STATUS, EXECUTION_DATA, COMMISSION_REPORT, PNL, PNL_SINGLE, each
 * in the layout of the server version `v` negotiated with the client that receives it.
 */
import { Msg, UNSET_DOUBLE, UNSET_INT } from "./message-ids";
import { type Fields, num, type WireContract } from "./outbound";
import { MSG_VERSION, V } from "./versions";

export interface WireComboLeg {
  conId: number;
  ratio: number;
  action: string;
  exchange: string;
}

export interface WireOrder {
  orderId: number;
  clientId: number;
  permId: number;
  parentId: number;
  action: string;
  totalQuantity: number;
  orderType: string;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  tif: string;
  ocaGroup: string;
  ocaType: number;
  account: string;
  openClose: string;
  orderRef: string;
  outsideRth: boolean;
  goodTillDate: string;
  transmit: boolean;
  whatIf: boolean;
  comboLegs: WireComboLeg[];
  comboLegsDescription: string;
  /** Per-leg limit prices for combos (usually empty). */
  orderComboLegPrices: (number | undefined)[];
}

export interface WireOrderState {
  status: string;
  initMarginBefore?: number;
  maintMarginBefore?: number;
  equityWithLoanBefore?: number;
  initMarginChange?: number;
  maintMarginChange?: number;
  equityWithLoanChange?: number;
  initMarginAfter?: number;
  maintMarginAfter?: number;
  equityWithLoanAfter?: number;
  commission?: number;
  minCommission?: number;
  maxCommission?: number;
  commissionCurrency?: string;
  warningText?: string;
}

const opt = (v: number | undefined): string => (v === undefined ? UNSET_DOUBLE : num(v));
/** What-if amounts are sent as plain numbers with two decimals, the way TWS formats them. */
const money = (v: number | undefined): string => (v === undefined ? UNSET_DOUBLE : v.toFixed(2));

export function openOrder(v: number, c: WireContract, o: WireOrder, s: WireOrderState): Fields {
  const f: Fields = [Msg.OPEN_ORDER];
  if (v < V.ORDER_CONTAINER) f.push(MSG_VERSION.OPEN_ORDER);
  f.push(
    o.orderId,
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
    o.action,
    String(o.totalQuantity),
    o.orderType,
    opt(o.lmtPrice),
    opt(o.auxPrice),
    o.tif,
    o.ocaGroup,
    o.account,
    o.openClose,
    0, // origin: customer
    o.orderRef,
    o.clientId,
    o.permId,
    o.outsideRth,
    0, // hidden
    0, // discretionaryAmt
    "", // goodAfterTime
    "", // sharesAllocation (deprecated)
    "", // faGroup
    "", // faMethod
    "", // faPercentage
  );
  if (v < V.FA_PROFILE_DESUPPORT) f.push(""); // faProfile
  f.push(
    "", // modelCode
    o.goodTillDate,
    "", // rule80A
    UNSET_DOUBLE, // percentOffset
    "", // settlingFirm
    0, // shortSaleSlot
    "", // designatedLocation
    -1, // exemptCode
    0, // auctionStrategy
    UNSET_DOUBLE, // startingPrice
    UNSET_DOUBLE, // stockRefPrice
    UNSET_DOUBLE, // delta
    UNSET_DOUBLE, // stockRangeLower
    UNSET_DOUBLE, // stockRangeUpper
    UNSET_INT, // displaySize
    false, // blockOrder
    false, // sweepToFill
    false, // allOrNone
    UNSET_INT, // minQty
    o.ocaType,
    false, // eTradeOnly
    false, // firmQuoteOnly
    UNSET_DOUBLE, // nbboPriceCap
    o.parentId,
    0, // triggerMethod
    UNSET_DOUBLE, // volatility
    0, // volatilityType
    "", // deltaNeutralOrderType
    UNSET_DOUBLE, // deltaNeutralAuxPrice
    0, // continuousUpdate
    0, // referencePriceType
    UNSET_DOUBLE, // trailStopPrice
    UNSET_DOUBLE, // trailingPercent
    UNSET_DOUBLE, // basisPoints
    UNSET_INT, // basisPointsType
    o.comboLegsDescription,
    o.comboLegs.length,
  );
  for (const leg of o.comboLegs) f.push(leg.conId, leg.ratio, leg.action, leg.exchange, 0, 0, "", -1);
  f.push(o.orderComboLegPrices.length);
  for (const p of o.orderComboLegPrices) f.push(opt(p));
  f.push(
    0, // smartComboRoutingParams
    UNSET_INT, // scaleInitLevelSize
    UNSET_INT, // scaleSubsLevelSize
    UNSET_DOUBLE, // scalePriceIncrement
    "", // hedgeType
    false, // optOutSmartRouting
    "", // clearingAccount
    "", // clearingIntent
    false, // notHeld
    false, // deltaNeutralContract
    "", // algoStrategy
    false, // solicited
    o.whatIf,
    s.status,
  );
  if (v >= V.WHAT_IF_EXT_FIELDS) f.push(money(s.initMarginBefore), money(s.maintMarginBefore), money(s.equityWithLoanBefore), money(s.initMarginChange), money(s.maintMarginChange), money(s.equityWithLoanChange));
  f.push(
    money(s.initMarginAfter),
    money(s.maintMarginAfter),
    money(s.equityWithLoanAfter),
    opt(s.commission),
    opt(s.minCommission),
    opt(s.maxCommission),
    s.commissionCurrency ?? "",
    s.warningText ?? "",
    false, // randomizeSize
    false, // randomizePrice
    0, // conditions
    "", // adjustedOrderType
    UNSET_DOUBLE, // triggerPrice
    UNSET_DOUBLE, // trailStopPrice
    UNSET_DOUBLE, // lmtPriceOffset
    UNSET_DOUBLE, // adjustedStopPrice
    UNSET_DOUBLE, // adjustedStopLimitPrice
    UNSET_DOUBLE, // adjustedTrailingAmount
    0, // adjustableTrailingUnit
    "", // softDollarTier name
    "", // softDollarTier value
    "", // softDollarTier displayName
    UNSET_DOUBLE, // cashQty
  );
  // The tail grew one field (or a few) at a time; each exists from its own version on.
  const tail: [number, Fields][] = [
    [V.AUTO_PRICE_FOR_HEDGE, [false]], // dontUseAutoPriceForHedge
    [V.ORDER_CONTAINER, [false]], // isOmsContainer
    [V.D_PEG_ORDERS, [false]], // discretionaryUpToLimitPrice
    [V.PRICE_MGMT_ALGO, [false]], // usePriceMgmtAlgo
    [V.DURATION, [UNSET_INT]], // duration
    [V.POST_TO_ATS, [UNSET_INT]], // postToAts
    [V.AUTO_CANCEL_PARENT, [false]], // autoCancelParent
    [V.PEGBEST_PEGMID_OFFSETS, [UNSET_INT, UNSET_INT, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE]], // minTradeQty .. midOffsetAtHalf
    [V.CUSTOMER_ACCOUNT, [""]], // customerAccount
    [V.PROFESSIONAL_CUSTOMER, [false]], // professionalCustomer
    [V.BOND_ACCRUED_INTEREST, [""]], // bondAccruedInterest
    [V.INCLUDE_OVERNIGHT, [false]], // includeOvernight
    [V.CME_TAGGING_FIELDS_IN_OPEN_ORDER, ["", UNSET_INT]], // extOperator, manualOrderIndicator
  ];
  for (const [from, fields] of tail) if (v >= from) f.push(...fields);
  return f;
}

/** ORDER_STATUS: a version field below MARKET_CAP_PRICE, mktCapPrice from it on. */
export function orderStatus(
  v: number,
  orderId: number,
  status: string,
  filled: number,
  remaining: number,
  avgFillPrice: number,
  permId: number,
  parentId: number,
  lastFillPrice: number,
  clientId: number,
  whyHeld = "",
): Fields {
  const body: Fields = [orderId, status, String(filled), String(remaining), num(avgFillPrice), permId, parentId, num(lastFillPrice), clientId, whyHeld];
  return v >= V.MARKET_CAP_PRICE ? [Msg.ORDER_STATUS, ...body, 0] : [Msg.ORDER_STATUS, MSG_VERSION.ORDER_STATUS, ...body];
}

export interface WireExecution {
  orderId: number;
  execId: string;
  time: string;
  account: string;
  exchange: string;
  side: "BOT" | "SLD";
  shares: number;
  price: number;
  permId: number;
  clientId: number;
  cumQty: number;
  avgPrice: number;
  orderRef: string;
}

/** EXECUTION_DATA: a version field below LAST_LIQUIDITY; lastLiquidity and pendingPriceRevision from their versions. */
export function executionData(v: number, reqId: number, c: WireContract, e: WireExecution): Fields {
  const f: Fields = [Msg.EXECUTION_DATA];
  if (v < V.LAST_LIQUIDITY) f.push(MSG_VERSION.EXECUTION_DATA);
  f.push(
    reqId,
    e.orderId,
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
    e.execId,
    e.time,
    e.account,
    e.exchange,
    e.side,
    String(e.shares),
    num(e.price),
    e.permId,
    e.clientId,
    0, // liquidation
    String(e.cumQty),
    num(e.avgPrice),
    e.orderRef,
    "", // evRule
    "", // evMultiplier
    "", // modelCode
  );
  if (v >= V.LAST_LIQUIDITY) f.push(2); // lastLiquidity: removed liquidity
  if (v >= V.PENDING_PRICE_REVISION) f.push(false);
  return f;
}

export function executionDataEnd(reqId: number): Fields {
  return [Msg.EXECUTION_DATA_END, 1, reqId];
}

export function commissionReport(execId: string, commission: number, realizedPnl: number | undefined): Fields {
  return [Msg.COMMISSION_REPORT, 1, execId, num(commission), "USD", realizedPnl === undefined ? UNSET_DOUBLE : num(realizedPnl), UNSET_DOUBLE, ""];
}

/** PNL: unrealized from UNREALIZED_PNL, realized from REALIZED_PNL. */
export function pnl(v: number, reqId: number, daily: number, unrealized: number, realized: number): Fields {
  const f: Fields = [Msg.PNL, reqId, num(daily)];
  if (v >= V.UNREALIZED_PNL) f.push(num(unrealized));
  if (v >= V.REALIZED_PNL) f.push(num(realized));
  return f;
}

/** PNL_SINGLE: the same gates, then the position's value. */
export function pnlSingle(v: number, reqId: number, pos: number, daily: number, unrealized: number, realized: number, value: number): Fields {
  const f: Fields = [Msg.PNL_SINGLE, reqId, String(pos), num(daily)];
  if (v >= V.UNREALIZED_PNL) f.push(num(unrealized));
  if (v >= V.REALIZED_PNL) f.push(num(realized));
  f.push(num(value));
  return f;
}
