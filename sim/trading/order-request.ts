import type { RequestedContract } from "../market/instruments";
import type { FieldReader } from "../protocol/field-reader";
import { readContract } from "../handlers/request-contract";
import { SERVER_VERSION } from "../protocol/message-ids";
import { V } from "../protocol/versions";

export interface RequestedComboLeg {
  conId: number;
  ratio: number;
  action: string;
  exchange: string;
}

/** The fields of a PLACE_ORDER request the simulator acts on. */
export interface OrderRequest {
  orderId: number;
  contract: RequestedContract;
  comboLegs: RequestedComboLeg[];
  orderComboLegPrices: (number | undefined)[];
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
  /** An empty field (the client's undefined) reads as false, as TWS reads it. */
  transmit: boolean;
  parentId: number;
  outsideRth: boolean;
  goodTillDate: string;
  allOrNone: boolean;
  trailingPercent: number | undefined;
  trailStopPrice: number | undefined;
  algoStrategy: string;
  goodAfterTime: string;
  whatIf: boolean;
  /** Fields set that the simulator does not model (TWS's names); a non-empty list refuses the order. */
  unmodelled: string[];
}

/**
 * Reads the whole PLACE_ORDER request in the layout of server version `v` (IBKR's EClient.placeOrder): a version
 * field below ORDER_CONTAINER, faProfile below FA_PROFILE_DESUPPORT, and every later field from its own version.
 * Fields the simulator does not act on are still read, and any of them set to something that changes what the
 * order does is listed in `unmodelled`, so the order is refused instead of silently working as a plainer one.
 */
/** Java's Integer.MAX_VALUE, the API's "unset" for integer fields. */
const UNSET_INTEGER = 2147483647;

export function readOrderRequest(r: FieldReader, v: number = SERVER_VERSION): OrderRequest {
  const unmodelled: string[] = [];
  /** Notes a field that changes the order when it is not at its default. */
  const flag = (name: string, isSet: boolean): void => {
    if (isSet) unmodelled.push(name);
  };
  const setStr = (name: string): string => {
    const s = r.str();
    flag(name, s.trim() !== "");
    return s;
  };
  const setBool = (name: string): boolean => {
    const b = r.bool();
    flag(name, b);
    return b;
  };
  /** A number field: empty, 0 and the unset markers (Integer.MAX_VALUE, Double.MAX_VALUE) are its default. */
  const setNum = (name: string): void => {
    const n = r.floatOrUndefined();
    flag(name, n !== undefined && n !== 0 && n !== UNSET_INTEGER);
  };

  if (v < V.ORDER_CONTAINER) r.int(); // version
  const orderId = r.int();
  const contract = readContract(r);
  r.str(); // secIdType
  r.str(); // secId
  const action = r.str().toUpperCase();
  const totalQuantity = r.float();
  const orderType = r.str().toUpperCase();
  const lmtPrice = r.floatOrUndefined();
  const auxPrice = r.floatOrUndefined();
  const tif = r.str().toUpperCase() || "DAY";
  const ocaGroup = r.str();
  const account = r.str();
  const openClose = r.str();
  r.str(); // origin (0 customer)
  const orderRef = r.str();
  const transmit = r.bool();
  const parentId = r.int();
  setBool("blockOrder");
  setBool("sweepToFill");
  setNum("displaySize");
  setNum("triggerMethod");
  const outsideRth = r.bool();
  setBool("hidden");
  const comboLegs: RequestedComboLeg[] = [];
  const orderComboLegPrices: (number | undefined)[] = [];
  if (contract.secType.toUpperCase() === "BAG") {
    const n = r.int();
    for (let i = 0; i < n; i++) {
      comboLegs.push({ conId: r.int(), ratio: r.int(), action: r.str().toUpperCase(), exchange: r.str() });
      r.skip(4); // openClose, shortSaleSlot, designatedLocation, exemptCode
    }
    const m = r.int();
    for (let i = 0; i < m; i++) orderComboLegPrices.push(r.floatOrUndefined());
    const k = r.int();
    r.skip(2 * k); // smart combo routing params: routing hints, no change to what the combo is
  }
  r.str(); // deprecated sharesAllocation
  setNum("discretionaryAmt");
  const goodAfterTime = setStr("goodAfterTime");
  const goodTillDate = r.str();
  setStr("faGroup");
  setStr("faMethod");
  setStr("faPercentage");
  if (v < V.FA_PROFILE_DESUPPORT) setStr("faProfile");
  r.str(); // modelCode
  r.skip(3); // shortSaleSlot, designatedLocation, exemptCode (institutional short-sale routing)
  const ocaType = r.int();
  r.str(); // rule80A (regulatory capacity)
  r.str(); // settlingFirm
  const allOrNone = setBool("allOrNone");
  setNum("minQty");
  setNum("percentOffset");
  r.skip(3); // eTradeOnly, firmQuoteOnly, nbboPriceCap: deprecated, always false / unset
  setNum("auctionStrategy");
  setNum("startingPrice");
  setNum("stockRefPrice");
  setNum("delta");
  setNum("stockRangeLower");
  setNum("stockRangeUpper");
  r.str(); // overridePercentageConstraints
  setNum("volatility");
  setNum("volatilityType");
  const dnOrderType = setStr("deltaNeutralOrderType");
  r.str(); // deltaNeutralAuxPrice
  if (dnOrderType !== "") r.skip(8); // delta-neutral conId .. designatedLocation
  setBool("continuousUpdate");
  setNum("referencePriceType");
  const trailStopPrice = r.floatOrUndefined();
  const trailingPercent = r.floatOrUndefined();
  setNum("scaleInitLevelSize");
  setNum("scaleSubsLevelSize");
  const scalePriceIncrement = r.floatOrUndefined();
  flag("scalePriceIncrement", scalePriceIncrement !== undefined && scalePriceIncrement > 0);
  if (scalePriceIncrement !== undefined && scalePriceIncrement > 0) r.skip(7);
  setStr("scaleTable");
  setStr("activeStartTime");
  setStr("activeStopTime");
  const hedgeType = setStr("hedgeType");
  if (hedgeType !== "") r.str(); // hedgeParam
  setBool("optOutSmartRouting");
  r.str(); // clearingAccount
  r.str(); // clearingIntent
  setBool("notHeld");
  if (setBool("deltaNeutralContract")) r.skip(3);
  const algoStrategy = setStr("algoStrategy");
  if (algoStrategy !== "") r.skip(2 * r.int());
  r.str(); // algoId
  const whatIf = r.bool();
  r.str(); // orderMiscOptions (internal)
  r.str(); // solicited (regulatory flag)
  setBool("randomizeSize");
  setBool("randomizePrice");
  if (orderType === "PEG BENCH") r.skip(5); // refused below as an order type
  const conditions = r.int();
  flag("conditions", conditions > 0);
  // Condition records differ in length by type; the order is refused, so the rest need not be read.
  if (conditions === 0) {
    setStr("adjustedOrderType");
    setNum("triggerPrice");
    setNum("lmtPriceOffset");
    setNum("adjustedStopPrice");
    setNum("adjustedStopLimitPrice");
    setNum("adjustedTrailingAmount");
    r.str(); // adjustableTrailingUnit
    r.str(); // extOperator
    r.skip(2); // softDollarTier name, value
    setNum("cashQty");
    if (v >= V.DECISION_MAKER) r.skip(2); // mifid2DecisionMaker, mifid2DecisionAlgo
    if (v >= V.MIFID_EXECUTION) r.skip(2); // mifid2ExecutionTrader, mifid2ExecutionAlgo
    if (v >= V.AUTO_PRICE_FOR_HEDGE) r.str(); // dontUseAutoPriceForHedge
    if (v >= V.ORDER_CONTAINER) setBool("isOmsContainer");
    if (v >= V.D_PEG_ORDERS) setBool("discretionaryUpToLimitPrice");
    if (v >= V.PRICE_MGMT_ALGO) r.str(); // usePriceMgmtAlgo: how IB works the order, not what it is
    if (v >= V.DURATION) setNum("duration");
    if (v >= V.POST_TO_ATS) setNum("postToAts");
    if (v >= V.AUTO_CANCEL_PARENT) setBool("autoCancelParent");
    if (v >= V.ADVANCED_ORDER_REJECT) r.str(); // advancedErrorOverride
    if (v >= V.MANUAL_ORDER_TIME) r.str(); // manualOrderTime
    if (v >= V.PEGBEST_PEGMID_OFFSETS) {
      if (contract.exchange.toUpperCase() === "IBKRATS") r.str(); // minTradeQty
      // PEG BEST / PEG MID offsets: refused below as order types; their fields end the message anyway.
    }
    if (v >= V.CUSTOMER_ACCOUNT) r.str(); // customerAccount
    if (v >= V.PROFESSIONAL_CUSTOMER) r.str(); // professionalCustomer
    if (v >= V.RFQ_FIELDS && v < V.UNDO_RFQ_FIELDS) r.skip(2);
    if (v >= V.INCLUDE_OVERNIGHT) setBool("includeOvernight");
    if (v >= V.CME_TAGGING_FIELDS) r.str(); // manualOrderIndicator
  }
  return {
    orderId,
    contract,
    comboLegs,
    orderComboLegPrices,
    action,
    totalQuantity,
    orderType,
    lmtPrice,
    auxPrice,
    tif,
    ocaGroup,
    ocaType,
    account,
    openClose,
    orderRef,
    transmit,
    parentId,
    outsideRth,
    goodTillDate,
    goodAfterTime,
    allOrNone,
    trailingPercent,
    trailStopPrice,
    algoStrategy,
    whatIf,
    unmodelled,
  };
}
