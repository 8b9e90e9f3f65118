/**
 * The simulator speaks each server version it negotiates. A raw socket announces a maximum version, encodes
 * requests and decodes answers with field lists written here from IBKR's client specification (EClient's request
 * layouts and EDecoder's message layouts, gated by the MIN_SERVER_VER_* values), not with the simulator's own
 * encoders: every decoder below must consume each message exactly, or the layout is wrong for that version.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type SimulatorHandle } from "./server";
import { type Frame, RawClient } from "./testing/raw-client";

/** MIN_SERVER_VER_* values (IBKR EClient) used by the layouts below. */
const MIN = {
  MARKET_CAP_PRICE: 131,
  LAST_LIQUIDITY: 136,
  AUTO_PRICE_FOR_HEDGE: 141,
  WHAT_IF_EXT_FIELDS: 142,
  ORDER_CONTAINER: 145,
  D_PEG_ORDERS: 148,
  PRICE_MGMT_ALGO: 151,
  PRICE_BASED_VOLATILITY: 156,
  DURATION: 158,
  POST_TO_ATS: 160,
  AUTO_CANCEL_PARENT: 162,
  SIZE_RULES: 164,
  ADVANCED_ORDER_REJECT: 166,
  MANUAL_ORDER_TIME: 169,
  PEGBEST_PEGMID_OFFSETS: 170,
  BOND_ISSUERID: 176,
  FA_PROFILE_DESUPPORT: 177,
  PENDING_PRICE_REVISION: 178,
  LAST_TRADE_DATE: 182,
  CUSTOMER_ACCOUNT: 183,
  PROFESSIONAL_CUSTOMER: 184,
  BOND_ACCRUED_INTEREST: 185,
  INELIGIBILITY_REASONS: 186,
  RFQ_FIELDS: 187,
  INCLUDE_OVERNIGHT: 189,
  UNDO_RFQ_FIELDS: 190,
  CME_TAGGING_FIELDS: 192,
  CME_TAGGING_FIELDS_IN_OPEN_ORDER: 193,
} as const;

/** Incoming and outgoing message ids (IBKR EDecoder / EClient). */
const IN = { ORDER_STATUS: 3, ERR_MSG: 4, OPEN_ORDER: 5, NEXT_VALID_ID: 9, CONTRACT_DATA: 10, EXECUTION_DATA: 11, TICK_OPTION_COMPUTATION: 21, CONTRACT_DATA_END: 52, EXECUTION_DATA_END: 55, SYMBOL_SAMPLES: 79, PNL: 94 } as const;
const OUT = { REQ_MKT_DATA: 1, PLACE_ORDER: 3, CANCEL_ORDER: 4, REQ_EXECUTIONS: 7, REQ_CONTRACT_DATA: 9, START_API: 71, REQ_MATCHING_SYMBOLS: 81, REQ_PNL: 92 } as const;

/** Reads one message's fields in order; `done()` fails unless every field was read. */
class Cursor {
  private i = 0;
  constructor(
    private readonly f: Frame,
    private readonly what: string,
  ) {}
  str(): string {
    if (this.i >= this.f.length) throw new Error(`${this.what}: read past the end (field ${this.i})`);
    return this.f[this.i++]!;
  }
  int(): number {
    return parseInt(this.str() || "0", 10);
  }
  num(): number {
    return parseFloat(this.str() || "0");
  }
  skip(n: number): void {
    for (let k = 0; k < n; k++) this.str();
  }
  done(): void {
    if (this.i !== this.f.length) throw new Error(`${this.what}: ${this.f.length - this.i} field(s) left unread`);
  }
}

/** EDecoder.processContractDataMsg. */
function decodeContractData(v: number, f: Frame): { symbol: string; secType: string; expiry: string; lastTradeDate?: string; strike: number; conId: number; minTick: number; multiplier: string; longName: string; marketRuleIds: string } {
  const c = new Cursor(f, `CONTRACT_DATA v${v}`);
  expect(c.int()).toBe(IN.CONTRACT_DATA);
  const version = v < MIN.SIZE_RULES ? c.int() : 8;
  expect(version).toBe(8);
  c.int(); // reqId
  const symbol = c.str();
  const secType = c.str();
  const expiry = c.str();
  const lastTradeDate = v >= MIN.LAST_TRADE_DATE ? c.str() : undefined;
  const strike = c.num();
  c.skip(5); // right, exchange, currency, localSymbol, marketName
  c.str(); // tradingClass
  const conId = c.int();
  const minTick = c.num();
  if (v < MIN.SIZE_RULES) c.int(); // mdSizeMultiplier (from 110)
  const multiplier = c.str();
  c.skip(3); // orderTypes, validExchanges, priceMagnifier
  c.int(); // underConId
  const longName = c.str();
  c.str(); // primaryExchange
  c.skip(7); // contractMonth .. liquidHours
  c.skip(2); // evRule, evMultiplier
  const secIds = c.int();
  c.skip(2 * secIds);
  c.int(); // aggGroup (121)
  c.skip(2); // underSymbol, underSecType (122)
  const marketRuleIds = c.str(); // (126)
  c.str(); // realExpirationDate (134)
  c.str(); // stockType (152)
  if (v >= 163 && v < MIN.SIZE_RULES) c.str(); // sizeMinTick
  if (v >= MIN.SIZE_RULES) c.skip(3); // minSize, sizeIncrement, suggestedSizeIncrement
  if (v >= MIN.INELIGIBILITY_REASONS) c.skip(2 * c.int());
  c.done();
  return { symbol, secType, expiry, lastTradeDate, strike, conId, minTick, multiplier, longName, marketRuleIds };
}

/** EDecoder.processErrorMsg (below ERROR_TIME: a version field; the reject JSON from ADVANCED_ORDER_REJECT). */
function decodeError(v: number, f: Frame): { id: number; code: number; text: string } {
  const c = new Cursor(f, `ERR_MSG v${v}`);
  expect(c.int()).toBe(IN.ERR_MSG);
  c.int(); // version
  const id = c.int();
  const code = c.int();
  const text = c.str();
  if (v >= MIN.ADVANCED_ORDER_REJECT) c.str();
  c.done();
  return { id, code, text };
}

/** EDecoder.processOrderStatusMsg. */
function decodeOrderStatus(v: number, f: Frame): { orderId: number; status: string; filled: number; remaining: number; clientId: number } {
  const c = new Cursor(f, `ORDER_STATUS v${v}`);
  expect(c.int()).toBe(IN.ORDER_STATUS);
  if (v < MIN.MARKET_CAP_PRICE) c.int(); // version
  const orderId = c.int();
  const status = c.str();
  const filled = c.num();
  const remaining = c.num();
  c.num(); // avgFillPrice
  c.int(); // permId
  c.int(); // parentId
  c.num(); // lastFillPrice
  const clientId = c.int();
  c.str(); // whyHeld
  if (v >= MIN.MARKET_CAP_PRICE) c.num(); // mktCapPrice
  c.done();
  return { orderId, status, filled, remaining, clientId };
}

/** EDecoder.processOpenOrder with its OrderDecoder steps, for an order without combo, algo, scale, hedge or conditions. */
function decodeOpenOrder(v: number, f: Frame): { orderId: number; symbol: string; action: string; quantity: number; orderType: string; lmtPrice: number; tif: string; status: string; whatIf: boolean } {
  const c = new Cursor(f, `OPEN_ORDER v${v}`);
  expect(c.int()).toBe(IN.OPEN_ORDER);
  if (v < MIN.ORDER_CONTAINER) c.int(); // version
  const orderId = c.int();
  c.int(); // conId
  const symbol = c.str();
  c.skip(9); // secType, expiry, strike, right, multiplier, exchange, currency, localSymbol, tradingClass
  const action = c.str();
  const quantity = c.num();
  const orderType = c.str();
  const lmtPrice = c.num();
  c.str(); // auxPrice
  const tif = c.str();
  c.skip(3); // ocaGroup, account, openClose
  c.str(); // origin
  c.str(); // orderRef
  c.int(); // clientId
  c.int(); // permId
  c.skip(2); // outsideRth, hidden
  c.str(); // discretionaryAmt
  c.str(); // goodAfterTime
  c.str(); // sharesAllocation (skipped)
  c.skip(3); // faGroup, faMethod, faPercentage
  if (v < MIN.FA_PROFILE_DESUPPORT) c.str(); // faProfile
  c.str(); // modelCode
  c.str(); // goodTillDate
  c.str(); // rule80A
  c.str(); // percentOffset
  c.str(); // settlingFirm
  c.skip(3); // shortSaleSlot, designatedLocation, exemptCode
  c.str(); // auctionStrategy
  c.skip(5); // startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper
  c.str(); // displaySize
  c.str(); // blockOrder
  c.str(); // sweepToFill
  c.str(); // allOrNone
  c.str(); // minQty
  c.str(); // ocaType
  c.skip(3); // eTradeOnly, firmQuoteOnly, nbboPriceCap
  c.str(); // parentId
  c.str(); // triggerMethod
  c.skip(2); // volatility, volatilityType
  const dnType = c.str();
  c.str(); // deltaNeutralAuxPrice
  expect(dnType).toBe("");
  c.skip(2); // continuousUpdate, referencePriceType
  c.skip(2); // trailStopPrice, trailingPercent
  c.skip(2); // basisPoints, basisPointsType
  c.str(); // comboLegsDescription
  expect(c.int()).toBe(0); // comboLegs
  expect(c.int()).toBe(0); // orderComboLegs
  expect(c.int()).toBe(0); // smartComboRoutingParams
  c.skip(2); // scaleInitLevelSize, scaleSubsLevelSize
  const scaleIncrement = c.str();
  expect(scaleIncrement === "" || Number(scaleIncrement) <= 0 || Number(scaleIncrement) > 1e300).toBe(true);
  expect(c.str()).toBe(""); // hedgeType
  c.str(); // optOutSmartRouting
  c.skip(2); // clearingAccount, clearingIntent
  c.str(); // notHeld
  expect(c.str()).not.toBe("1"); // deltaNeutralContract
  expect(c.str()).toBe(""); // algoStrategy
  c.str(); // solicited
  const whatIf = c.str() === "1";
  const status = c.str();
  if (v >= MIN.WHAT_IF_EXT_FIELDS) c.skip(6); // margins before and change
  c.skip(3); // margins after
  c.skip(4); // commission, min, max, currency
  c.str(); // warningText
  c.skip(2); // randomizeSize, randomizePrice
  expect(c.int()).toBe(0); // conditions (PEGGED_TO_BENCHMARK, 102)
  c.skip(8); // adjustedOrderType, triggerPrice, trailStopPrice, lmtPriceOffset, adjusted stop, stop limit, trailing amount, unit
  c.skip(3); // softDollarTier
  c.str(); // cashQty
  if (v >= MIN.AUTO_PRICE_FOR_HEDGE) c.str();
  if (v >= MIN.ORDER_CONTAINER) c.str();
  if (v >= MIN.D_PEG_ORDERS) c.str();
  if (v >= MIN.PRICE_MGMT_ALGO) c.str();
  if (v >= MIN.DURATION) c.str();
  if (v >= MIN.POST_TO_ATS) c.str();
  if (v >= MIN.AUTO_CANCEL_PARENT) c.str();
  if (v >= MIN.PEGBEST_PEGMID_OFFSETS) c.skip(5);
  if (v >= MIN.CUSTOMER_ACCOUNT) c.str();
  if (v >= MIN.PROFESSIONAL_CUSTOMER) c.str();
  if (v >= MIN.BOND_ACCRUED_INTEREST) c.str();
  if (v >= MIN.INCLUDE_OVERNIGHT) c.str();
  if (v >= MIN.CME_TAGGING_FIELDS_IN_OPEN_ORDER) c.skip(2);
  c.done();
  return { orderId, symbol, action, quantity, orderType, lmtPrice, tif, status, whatIf };
}

/** EDecoder.processExecutionDataMsg. */
function decodeExecution(v: number, f: Frame): { reqId: number; orderId: number; symbol: string; side: string; shares: number; price: number } {
  const c = new Cursor(f, `EXECUTION_DATA v${v}`);
  expect(c.int()).toBe(IN.EXECUTION_DATA);
  const version = v < MIN.LAST_LIQUIDITY ? c.int() : v;
  expect(version).toBeGreaterThanOrEqual(10);
  const reqId = c.int();
  const orderId = c.int();
  c.int(); // conId
  const symbol = c.str();
  c.skip(4); // secType, expiry, strike, right
  c.str(); // multiplier (version >= 9)
  c.skip(3); // exchange, currency, localSymbol
  c.str(); // tradingClass (version >= 10)
  c.skip(4); // execId, time, acctNumber, exchange
  const side = c.str();
  const shares = c.num();
  const price = c.num();
  c.skip(3); // permId, clientId, liquidation
  c.skip(2); // cumQty, avgPrice
  c.str(); // orderRef
  c.skip(2); // evRule, evMultiplier
  c.str(); // modelCode (103)
  if (v >= MIN.LAST_LIQUIDITY) c.str();
  if (v >= MIN.PENDING_PRICE_REVISION) c.str();
  c.done();
  return { reqId, orderId, symbol, side, shares, price };
}

/** EDecoder.processTickOptionComputationMsg. */
function decodeOptionComputation(v: number, f: Frame): { reqId: number; tickType: number; iv: number; delta: number; undPrice: number } {
  const c = new Cursor(f, `TICK_OPTION_COMPUTATION v${v}`);
  expect(c.int()).toBe(IN.TICK_OPTION_COMPUTATION);
  const version = v < MIN.PRICE_BASED_VOLATILITY ? c.int() : v;
  const reqId = c.int();
  const tickType = c.int();
  if (v >= MIN.PRICE_BASED_VOLATILITY) c.int(); // tickAttrib
  const iv = c.num();
  const delta = c.num();
  c.skip(2); // optPrice, pvDividend
  expect(version).toBeGreaterThanOrEqual(6);
  c.skip(3); // gamma, vega, theta
  const undPrice = c.num();
  c.done();
  return { reqId, tickType, iv, delta, undPrice };
}

/** EDecoder.processPnLMsg. */
function decodePnl(v: number, f: Frame): { reqId: number; fields: number } {
  const c = new Cursor(f, `PNL v${v}`);
  expect(c.int()).toBe(IN.PNL);
  const reqId = c.int();
  c.num(); // daily
  c.num(); // unrealized (129)
  c.num(); // realized (135)
  c.done();
  return { reqId, fields: f.length };
}

/** EDecoder.processSymbolSamplesMsg. */
function decodeSymbolSamples(v: number, f: Frame): string[] {
  const c = new Cursor(f, `SYMBOL_SAMPLES v${v}`);
  expect(c.int()).toBe(IN.SYMBOL_SAMPLES);
  c.int(); // reqId
  const n = c.int();
  const symbols: string[] = [];
  for (let i = 0; i < n; i++) {
    c.int(); // conId
    symbols.push(c.str());
    c.skip(3); // secType, primaryExchange, currency
    c.skip(c.int()); // derivativeSecTypes
    if (v >= MIN.BOND_ISSUERID) c.skip(2); // description, issuerId
  }
  c.done();
  return symbols;
}

interface SpecContract {
  conId?: number;
  symbol: string;
  secType: string;
  expiry?: string;
  strike?: number;
  right?: string;
  multiplier?: string;
}

/** EClient.reqContractDetails (version 8). */
function reqContractDetails(v: number, reqId: number, k: SpecContract): (string | number | boolean)[] {
  const f: (string | number | boolean)[] = [OUT.REQ_CONTRACT_DATA, 8, reqId, k.conId ?? 0, k.symbol, k.secType, k.expiry ?? "", k.strike ?? "", k.right ?? "", k.multiplier ?? "", "SMART", "", "USD", "", "", false, "", ""];
  if (v >= MIN.BOND_ISSUERID) f.push(""); // issuerId
  return f;
}

/** EClient.placeOrder for a plain order (no combo, algo, scale, hedge, conditions or delta-neutral parts). */
function placeOrder(v: number, orderId: number, k: SpecContract, o: { action: string; qty: number; type: string; lmt?: number; tif?: string; whatIf?: boolean; goodAfterTime?: string }): (string | number | boolean)[] {
  const f: (string | number | boolean)[] = [OUT.PLACE_ORDER];
  if (v < MIN.ORDER_CONTAINER) f.push(45);
  f.push(orderId, k.conId ?? 0, k.symbol, k.secType, k.expiry ?? "", k.strike ?? "", k.right ?? "", k.multiplier ?? "", "SMART", "", "USD", "", "", "", "");
  f.push(o.action, o.qty, o.type, o.lmt ?? "", "", o.tif ?? "DAY", "", "", "", 0, "", true, 0, false, false, 0, 0, false, false);
  f.push("", 0, o.goodAfterTime ?? "", "", "", "", "");
  if (v < MIN.FA_PROFILE_DESUPPORT) f.push(""); // faProfile
  f.push(""); // modelCode
  f.push(0, "", -1, 0); // shortSaleSlot, designatedLocation, exemptCode, ocaType
  f.push("", "", false, "", "", false, false, "", 0, "", "", "", "", "", false, "", "", "", ""); // rule80A .. deltaNeutralAuxPrice
  f.push(false, "", "", ""); // continuousUpdate, referencePriceType, trailStopPrice, trailingPercent
  f.push("", "", ""); // scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement
  f.push("", "", ""); // scaleTable, activeStartTime, activeStopTime
  f.push(""); // hedgeType
  f.push(false, "", "", false, false); // optOutSmartRouting, clearingAccount, clearingIntent, notHeld, deltaNeutralContract
  f.push(""); // algoStrategy
  f.push(""); // algoId
  f.push(o.whatIf ?? false, "", false, false, false); // whatIf, orderMiscOptions, solicited, randomizeSize, randomizePrice
  f.push(0); // conditions
  f.push("", "", "", "", "", "", 0); // adjusted order params
  f.push(""); // extOperator
  f.push("", ""); // softDollarTier
  f.push(""); // cashQty
  f.push("", "", "", ""); // mifid2 (138, 139)
  f.push(false); // dontUseAutoPriceForHedge (141)
  f.push(false); // isOmsContainer (145)
  f.push(false); // discretionaryUpToLimitPrice (148)
  f.push(""); // usePriceMgmtAlgo (151)
  if (v >= MIN.DURATION) f.push("");
  if (v >= MIN.POST_TO_ATS) f.push("");
  if (v >= MIN.AUTO_CANCEL_PARENT) f.push(false);
  if (v >= MIN.ADVANCED_ORDER_REJECT) f.push("");
  if (v >= MIN.MANUAL_ORDER_TIME) f.push("");
  if (v >= MIN.CUSTOMER_ACCOUNT) f.push("");
  if (v >= MIN.PROFESSIONAL_CUSTOMER) f.push(false);
  if (v >= MIN.RFQ_FIELDS && v < MIN.UNDO_RFQ_FIELDS) f.push("", 2147483647);
  if (v >= MIN.INCLUDE_OVERNIGHT) f.push(false);
  if (v >= MIN.CME_TAGGING_FIELDS) f.push(2147483647);
  return f;
}

/** EClient.cancelOrder: a version field below CME_TAGGING_FIELDS, the manual cancel time from MANUAL_ORDER_TIME. */
function cancelOrder(v: number, orderId: number): (string | number | boolean)[] {
  const f: (string | number | boolean)[] = [OUT.CANCEL_ORDER];
  if (v < MIN.CME_TAGGING_FIELDS) f.push(1);
  f.push(orderId);
  if (v >= MIN.MANUAL_ORDER_TIME) f.push("");
  if (v >= MIN.RFQ_FIELDS && v < MIN.UNDO_RFQ_FIELDS) f.push("", "", 2147483647);
  if (v >= MIN.CME_TAGGING_FIELDS) f.push("", 2147483647);
  return f;
}

const SPY: SpecContract = { symbol: "SPY", secType: "STK" };
const SPY_CALL: SpecContract = { symbol: "SPY", secType: "OPT", expiry: "20250417", strike: 570, right: "C", multiplier: "100" };

let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 8, startTime: "2025-03-24T15:00:00Z", matchIntervalMs: 10, timing: { firstTickDelayMs: 5, snapshotSettleMs: 20 } });
});

afterAll(async () => {
  await sim?.close();
});

const is = (id: number) => (f: Frame): boolean => Number(f[0]) === id;

describe.each([157, 176, 178, 187, 193])("a client at server version %i", (version) => {
  let c: RawClient;
  let nextId = 0;

  beforeAll(async () => {
    c = await RawClient.connect(sim.port, version, 40 + (version % 50));
    const id = await c.next(is(IN.NEXT_VALID_ID));
    nextId = Number(id[2]);
  });

  afterAll(() => c?.close());

  it("is answered with that version", () => {
    expect(c.serverVersion).toBe(version);
  });

  it("gets contract details in that version's layout (lastTradeDate from 182, ineligibility reasons from 186)", async () => {
    c.send(reqContractDetails(version, 11, SPY));
    const stock = decodeContractData(version, await c.next(is(IN.CONTRACT_DATA)));
    expect(stock).toMatchObject({ symbol: "SPY", secType: "STK", conId: 756733, minTick: 0.01 });
    expect(stock.lastTradeDate).toBe(version >= 182 ? "" : undefined);
    await c.next(is(IN.CONTRACT_DATA_END));
    c.send(reqContractDetails(version, 12, SPY_CALL));
    const call = decodeContractData(version, await c.next(is(IN.CONTRACT_DATA)));
    expect(call).toMatchObject({ symbol: "SPY", secType: "OPT", expiry: "20250417", strike: 570, multiplier: "100" });
    expect(call.lastTradeDate).toBe(version >= 182 ? "20250417" : undefined);
    expect(call.marketRuleIds).not.toBe("");
  });

  it("gets option computations in that version's layout", async () => {
    c.send([OUT.REQ_MKT_DATA, 11, 21, 0, "SPY", "OPT", "20250417", 570, "C", "100", "SMART", "", "USD", "", "", false, "", true, false, ""]);
    const comp = decodeOptionComputation(version, await c.next((f) => is(IN.TICK_OPTION_COMPUTATION)(f) && f[1] === "21" && f[2] === "13"));
    expect(comp.delta).toBeGreaterThan(0);
    expect(comp.delta).toBeLessThan(1);
    expect(comp.undPrice).toBeGreaterThan(400);
  });

  it("places an order read in that version's layout and cancels it with that version's cancel", async () => {
    const id = nextId++;
    c.send(placeOrder(version, id, SPY, { action: "BUY", qty: 3, type: "LMT", lmt: 1.05, tif: "GTC" }));
    const open = decodeOpenOrder(version, await c.next((f) => is(IN.OPEN_ORDER)(f)));
    expect(open).toMatchObject({ orderId: id, symbol: "SPY", action: "BUY", quantity: 3, orderType: "LMT", lmtPrice: 1.05, tif: "GTC", whatIf: false });
    const status = decodeOrderStatus(version, await c.next((f) => is(IN.ORDER_STATUS)(f)));
    expect(status).toMatchObject({ orderId: id, remaining: 3 });
    c.send(cancelOrder(version, id));
    const cancelled = await c.next((f) => is(IN.ORDER_STATUS)(f) && f.includes("Cancelled"));
    expect(decodeOrderStatus(version, cancelled)).toMatchObject({ orderId: id, status: "Cancelled" });
    const e = decodeError(version, await c.next((f) => is(IN.ERR_MSG)(f) && f.includes("202")));
    expect(e).toMatchObject({ id, code: 202 });
    expect(sim.simulator.orders.orders.get(id)?.status).toBe("Cancelled");
  });

  it("refuses an order with a field it does not model (201) instead of working a plainer order", async () => {
    const id = nextId++;
    c.send(placeOrder(version, id, SPY, { action: "BUY", qty: 1, type: "LMT", lmt: 1.05, goodAfterTime: "20250325 09:45:00 US/Eastern" }));
    const e = decodeError(version, await c.next((f) => is(IN.ERR_MSG)(f) && f.includes("201")));
    expect(e.id).toBe(id);
    expect(e.text).toContain("goodAfterTime");
    expect(sim.simulator.orders.orders.get(id)).toBeUndefined();
  });

  it("reports a fill's execution in that version's layout", async () => {
    const id = nextId++;
    c.send(placeOrder(version, id, SPY, { action: "BUY", qty: 1, type: "MKT" }));
    await c.next((f) => is(IN.ORDER_STATUS)(f) && f.includes("Filled"));
    c.send([OUT.REQ_EXECUTIONS, 3, 31, 0, "", "", "SPY", "", "", ""]);
    const mine = async (): Promise<ReturnType<typeof decodeExecution>> => {
      for (;;) {
        const e = decodeExecution(version, await c.next(is(IN.EXECUTION_DATA)));
        if (e.reqId === 31 && e.orderId === id) return e;
      }
    };
    expect(await mine()).toMatchObject({ symbol: "SPY", side: "BOT", shares: 1 });
  });

  it("gets P&L and symbol samples in that version's layout", async () => {
    c.send([OUT.REQ_PNL, 41, "DU1234567", ""]);
    expect(decodePnl(version, await c.next(is(IN.PNL))).reqId).toBe(41);
    c.send([OUT.REQ_MATCHING_SYMBOLS, 51, "QQ"]);
    expect(decodeSymbolSamples(version, await c.next(is(IN.SYMBOL_SAMPLES)))).toContain("QQQ");
  });
});
