import type { WireContract, WireContractDetails } from "../protocol/outbound";
import { type DayNumber, formatDay, sessionHoursString } from "./calendar";
import type { Instrument, OptionInstrument } from "./instruments";

const STOCK_ORDER_TYPES =
  "ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,AVGCOST,BASKET,BENCHPX,COND,CONDORDER,DARKONLY,DARKPOLL,DAY,DEACT,DEACTDIS,DEACTEOD,DIS,DUR,GAT,GTC,GTD,GTT,HID,IBKRATS,ICE,IMB,IOC,LIT,LMT,LOC,MIDPX,MIT,MKT,MOC,MTL,NGCOMB,NODARK,NONALGO,OCA,OPG,OPGREROUT,PEGBENCH,PEGMID,POSTATS,POSTONLY,PREOPGRTH,PRICECHK,REL,REL2MID,RELPCTOFS,RPI,RTH,SCALE,SCALEODD,SCALERST,SIZECHK,SNAPMID,SNAPMKT,SNAPREL,STP,STPLMT,SWEEP,TRAIL,TRAILLIT,TRAILLMT,TRAILMIT,WHATIF";
const OPTION_ORDER_TYPES =
  "ACTIVETIM,AD,ADJUST,ALERT,ALLOC,AVGCOST,BASKET,COND,CONDORDER,DAY,DEACT,DEACTDIS,DEACTEOD,DIS,GAT,GTC,GTD,GTT,HID,ICE,IOC,LIT,LMT,MIT,MKT,MTL,NGCOMB,NONALGO,OCA,OPENCLOSE,PAON,PEGMIDVOL,PEGMKTVOL,PEGPRMVOL,PEGSRFVOL,POSTONLY,PRICECHK,REL,REL2MID,RELPCTOFS,RTH,SCALE,SCALERST,SIZECHK,SNAPMID,SNAPMKT,SNAPREL,STP,STPLMT,TRAIL,TRAILLIT,TRAILLMT,TRAILMIT,VOLAT,WHATIF";
const STOCK_EXCHANGES =
  "SMART,AMEX,NYSE,CBOE,PHLX,ISE,CHX,ARCA,ISLAND,DRCTEDGE,BEX,BATS,EDGEA,BYX,IEX,EDGX,FOXRIVER,PEARL,NYSENAT,LTSE,MEMX,IBEOS,OVERNIGHT,TPLUS0,PSX";
const OPTION_EXCHANGES =
  "SMART,AMEX,CBOE,PHLX,PSE,ISE,BOX,BATS,NASDAQOM,CBOE2,NASDAQBX,MIAX,GEMINI,EDGX,MERCURY,PEARL,EMERALD,MEMX,IBUSOPT";
/** Exchanges listed in reqSecDefOptParams answers, SMART first. */
export const OPTION_EXCHANGE_LIST = OPTION_EXCHANGES.split(",").filter((e) => e !== "IBUSOPT");

/** ETF options on the broad indices trade until 16:15 New York; equity options stop at 16:00. */
const LATE_CLOSE_ROOTS = new Set(["SPY", "QQQ", "IWM"]);

/** OCC-style local symbol: root padded to 6, yymmdd, right, strike x 1000 in 8 digits. */
/**
 * Market-rule ids the contract details name, and the price increments reqMarketRule answers for each: stocks in
 * cents, ETF options in pennies, single-stock options in pennies below $3 and nickels from $3 (the quotes follow
 * the same increments).
 */
export const MARKET_RULE = { STOCK: 26, PENNY: 32, PENNY_TO_NICKEL: 110 } as const;
export const MARKET_RULE_INCREMENTS: Readonly<Record<number, readonly [lowEdge: number, increment: number][]>> = {
  [MARKET_RULE.STOCK]: [[0, 0.01]],
  [MARKET_RULE.PENNY]: [[0, 0.01]],
  [MARKET_RULE.PENNY_TO_NICKEL]: [
    [0, 0.01],
    [3, 0.05],
  ],
};

export function occSymbol(o: OptionInstrument): string {
  const ymd = formatDay(o.expiry).slice(2);
  const strike = String(Math.round(o.strike * 1000)).padStart(8, "0");
  return `${o.symbol.padEnd(6, " ")}${ymd}${o.right}${strike}`;
}

export function stockMarketName(inst: Instrument): string {
  return inst.underlying.primaryExch === "NASDAQ" ? "NMS" : inst.symbol;
}

export function wireContract(inst: Instrument, exchange = "SMART"): WireContract {
  if (inst.kind === "stock") {
    return {
      conId: inst.conId,
      symbol: inst.symbol,
      secType: "STK",
      lastTradeDateOrContractMonth: "",
      strike: 0,
      right: "",
      multiplier: "",
      exchange,
      primaryExch: inst.underlying.primaryExch,
      currency: "USD",
      localSymbol: inst.symbol,
      tradingClass: stockMarketName(inst),
    };
  }
  return {
    conId: inst.conId,
    symbol: inst.symbol,
    secType: "OPT",
    lastTradeDateOrContractMonth: formatDay(inst.expiry),
    strike: inst.strike,
    right: inst.right,
    multiplier: "100",
    exchange,
    primaryExch: "",
    currency: "USD",
    localSymbol: occSymbol(inst),
    tradingClass: inst.tradingClass,
  };
}

function repeatRule(rule: number, exchanges: string): string {
  return exchanges
    .split(",")
    .map(() => String(rule))
    .join(",");
}

export function wireContractDetails(inst: Instrument, today: DayNumber): WireContractDetails {
  const u = inst.underlying;
  if (inst.kind === "stock") {
    return {
      contract: wireContract(inst),
      marketName: stockMarketName(inst),
      minTick: inst.minTick,
      orderTypes: STOCK_ORDER_TYPES,
      validExchanges: STOCK_EXCHANGES,
      underConId: 0,
      longName: u.longName,
      contractMonth: "",
      industry: u.industry,
      category: u.category,
      subcategory: u.subcategory,
      timeZoneId: "US/Eastern",
      tradingHours: sessionHoursString(today, 7, "extended"),
      liquidHours: sessionHoursString(today, 7, "regular"),
      secIds: [],
      aggGroup: 1,
      underSymbol: "",
      underSecType: "",
      marketRuleIds: repeatRule(MARKET_RULE.STOCK, STOCK_EXCHANGES),
      realExpirationDate: "",
      lastTradeDate: "",
      stockType: u.stockType,
      minSize: "0.0001",
      sizeIncrement: "0.0001",
      suggestedSizeIncrement: "100",
    };
  }
  const hours = sessionHoursString(today, 7, "regular");
  const expiry = formatDay(inst.expiry);
  return {
    contract: wireContract(inst),
    marketName: inst.tradingClass,
    minTick: inst.minTick,
    orderTypes: OPTION_ORDER_TYPES,
    validExchanges: OPTION_EXCHANGES,
    underConId: u.conId,
    longName: u.longName,
    contractMonth: expiry.slice(0, 6),
    industry: u.industry,
    category: u.category,
    subcategory: u.subcategory,
    timeZoneId: "US/Eastern",
    tradingHours: LATE_CLOSE_ROOTS.has(u.symbol) ? hours.replaceAll(":1600", ":1615") : hours,
    liquidHours: hours,
    secIds: [],
    aggGroup: 2,
    underSymbol: u.symbol,
    underSecType: "STK",
    marketRuleIds: repeatRule(u.stockType === "ETF" ? MARKET_RULE.PENNY : MARKET_RULE.PENNY_TO_NICKEL, OPTION_EXCHANGES),
    realExpirationDate: expiry,
    lastTradeDate: expiry,
    stockType: "",
    minSize: "1",
    sizeIncrement: "1",
    suggestedSizeIncrement: "1",
  };
}
