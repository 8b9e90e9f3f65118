/**
 * COMPLETED_ORDER (101) and COMPLETED_ORDERS_END (102) at server version 193, the answer to reqCompletedOrders.
 *
 * The layout is TWS's EDecoder.processCompletedOrderMsg as @stoqey/ib 1.6.10 decodes it (decodeMsg_COMPLETED_ORDER,
 * an OrderDecoder with version = MAX): no version field and no order id or client id (TWS does not send them for
 * completed orders), and a shorter order than OPEN_ORDER's. Compared with OPEN_ORDER it leaves out
 * sharesAllocation, auctionStrategy, blockOrder, eTradeOnly, firmQuoteOnly, nbboPriceCap, parentId, basisPoints,
 * optOutSmartRouting, the what-if block and the adjusted-order block, and adds autoCancelDate, filledQuantity,
 * refFuturesConId, autoCancelParent, shareholder, imbalanceOnly, routeMarketableToBbo, parentPermId,
 * completedTime and completedStatus. A field too many or too few is a decoding error on the client.
 *
 * There is no average fill price anywhere in it: TWS gives the filled quantity, the status and a completion
 * text; prices of fills come only from executions.
 */
import { Msg, UNSET_DOUBLE, UNSET_INT } from "./message-ids";
import { num, type Fields, type WireContract } from "./outbound";
import type { WireOrder } from "./order-messages";
import { V } from "./versions";

/** Java's Long.MAX_VALUE: TWS's "no parent" in parentPermId. */
const UNSET_LONG = "9223372036854775807";

export interface WireCompletion {
  /** TWS's order status: Filled, Cancelled, ApiCancelled or Inactive. */
  status: string;
  filledQuantity: number;
  /** "20250324 15:02:11 US/Eastern". */
  completedTime: string;
  /** TWS's words on how it ended, e.g. "Cancelled by Trader". */
  completedStatus: string;
  /** The parent order's permId, for the child of a bracket. */
  parentPermId: number | undefined;
  /** The stop of a stop order, which TWS repeats in the completed order's stop-price field. */
  stopPrice: number | undefined;
}

const opt = (v: number | undefined): string => (v === undefined ? UNSET_DOUBLE : num(v));

/** COMPLETED_ORDER in the layout of server version `v` (faProfile below FA_PROFILE_DESUPPORT; later fields from theirs). */
export function completedOrder(v: number, c: WireContract, o: WireOrder, done: WireCompletion): Fields {
  const f: Fields = [
    Msg.COMPLETED_ORDER,
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
    o.permId,
    o.outsideRth,
    0, // hidden
    0, // discretionaryAmt
    "", // goodAfterTime
    "", // faGroup
    "", // faMethod
    "", // faPercentage
  ];
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
    UNSET_DOUBLE, // startingPrice
    UNSET_DOUBLE, // stockRefPrice
    UNSET_DOUBLE, // delta
    UNSET_DOUBLE, // stockRangeLower
    UNSET_DOUBLE, // stockRangeUpper
    UNSET_INT, // displaySize
    false, // sweepToFill
    false, // allOrNone
    UNSET_INT, // minQty
    o.ocaType,
    0, // triggerMethod
    UNSET_DOUBLE, // volatility
    0, // volatilityType
    "", // deltaNeutralOrderType (empty: no delta-neutral fields follow)
    UNSET_DOUBLE, // deltaNeutralAuxPrice
    0, // continuousUpdate
    0, // referencePriceType
    UNSET_DOUBLE, // trailStopPrice
    UNSET_DOUBLE, // trailingPercent
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
    UNSET_DOUBLE, // scalePriceIncrement (unset: no scale fields follow)
    "", // hedgeType (empty: no hedge parameter follows)
    "", // clearingAccount
    "IB", // clearingIntent
    false, // notHeld
    false, // deltaNeutralContract
    "", // algoStrategy (empty: no algo parameters follow)
    false, // solicited
    done.status,
    false, // randomizeSize
    false, // randomizePrice
    0, // conditions
    opt(done.stopPrice), // stop price (the decoder reads it as trailStopPrice)
    UNSET_DOUBLE, // lmtPriceOffset
    UNSET_DOUBLE, // cashQty
    true, // dontUseAutoPriceForHedge (TWS's default)
    false, // isOmsContainer
    "", // autoCancelDate
    String(done.filledQuantity),
    UNSET_INT, // refFuturesConId
    false, // autoCancelParent
    "Not an insider or substantial shareholder", // shareholder, as TWS fills it in
    false, // imbalanceOnly
    false, // routeMarketableToBbo
    done.parentPermId === undefined ? UNSET_LONG : done.parentPermId,
    done.completedTime,
    done.completedStatus,
  );
  if (v >= V.PEGBEST_PEGMID_OFFSETS) f.push(UNSET_INT, UNSET_INT, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE); // minTradeQty .. midOffsetAtHalf
  if (v >= V.CUSTOMER_ACCOUNT) f.push(""); // customerAccount
  if (v >= V.PROFESSIONAL_CUSTOMER) f.push(false); // professionalCustomer
  return f;
}

export function completedOrdersEnd(): Fields {
  return [Msg.COMPLETED_ORDERS_END];
}
