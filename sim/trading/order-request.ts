import type { RequestedContract } from "../market/instruments";
import type { FieldReader } from "../protocol/field-reader";
import { readContract } from "../handlers/request-contract";

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
  whatIf: boolean;
}

/**
 * Reads PLACE_ORDER at server version 193 (no version field) up to and including whatIf, following the
 * client encoder's value-dependent branches; the fields after whatIf carry nothing the simulator uses.
 */
export function readOrderRequest(r: FieldReader): OrderRequest {
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
  r.str(); // origin
  const orderRef = r.str();
  const transmit = r.bool();
  const parentId = r.int();
  r.str(); // blockOrder
  r.str(); // sweepToFill
  r.str(); // displaySize
  r.str(); // triggerMethod
  const outsideRth = r.bool();
  r.str(); // hidden
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
    r.skip(2 * k); // smart combo routing params
  }
  r.str(); // deprecated sharesAllocation
  r.str(); // discretionaryAmt
  r.str(); // goodAfterTime
  const goodTillDate = r.str();
  r.skip(3); // faGroup, faMethod, faPercentage
  r.str(); // modelCode
  r.skip(3); // shortSaleSlot, designatedLocation, exemptCode
  const ocaType = r.int();
  r.str(); // rule80A
  r.str(); // settlingFirm
  const allOrNone = r.bool();
  r.skip(9); // minQty, percentOffset, eTradeOnly, firmQuoteOnly, nbboPriceCap, auctionStrategy, startingPrice, stockRefPrice, delta
  r.skip(3); // stockRangeLower, stockRangeUpper, overridePercentageConstraints
  r.skip(2); // volatility, volatilityType
  const dnOrderType = r.str();
  r.str(); // deltaNeutralAuxPrice
  if (dnOrderType !== "") r.skip(8);
  r.str(); // continuousUpdate
  r.str(); // referencePriceType
  const trailStopPrice = r.floatOrUndefined();
  const trailingPercent = r.floatOrUndefined();
  r.skip(2); // scaleInitLevelSize, scaleSubsLevelSize
  const scalePriceIncrement = r.str();
  if (scalePriceIncrement !== "") r.skip(7);
  r.skip(3); // scaleTable, activeStartTime, activeStopTime
  const hedgeType = r.str();
  if (hedgeType !== "") r.str();
  r.str(); // optOutSmartRouting
  r.skip(2); // clearingAccount, clearingIntent
  r.str(); // notHeld
  if (r.bool()) r.skip(3); // delta-neutral contract
  const algoStrategy = r.str();
  if (algoStrategy !== "") r.skip(2 * r.int());
  r.str(); // algoId
  const whatIf = r.bool();
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
    allOrNone,
    trailingPercent,
    trailStopPrice,
    algoStrategy,
    whatIf,
  };
}
