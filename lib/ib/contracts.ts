/** Qualifying symbols into TWS contracts (conIds), once per symbol: conIds never change, so they are cached. */
import { EventName, OptionType, SecType, type Contract, type ContractDetails } from "@stoqey/ib";
import { IbError, IbErrorCode } from "../errors";
import type { IbClient } from "./client";
import type { OptionContractSpec, StockContract } from "./types";

/** A listed US equity option, SMART-routed, as TWS addresses it by symbol, expiry, strike and right. */
export function optionContract(spec: OptionContractSpec): Contract {
  return {
    symbol: spec.symbol,
    secType: SecType.OPT,
    lastTradeDateOrContractMonth: spec.expiry,
    strike: spec.strike,
    right: spec.right === "C" ? OptionType.Call : OptionType.Put,
    multiplier: spec.multiplier ?? 100,
    exchange: "SMART",
    currency: "USD",
    tradingClass: spec.tradingClass,
  };
}

export class ContractCache {
  private readonly stocks = new Map<string, Promise<StockContract>>();
  private readonly options = new Map<string, Promise<number>>();

  constructor(private readonly client: IbClient) {}

  /** The SMART-routed USD stock or ETF for a symbol, e.g. "SPY". Fails with UnknownContract if TWS has none. */
  stock(symbol: string): Promise<StockContract> {
    const key = symbol.toUpperCase();
    let pending = this.stocks.get(key);
    if (!pending) {
      pending = this.fetchStock(key);
      // Forget failures so that the next call asks again (the connection may have been down).
      pending.catch(() => this.stocks.delete(key));
      this.stocks.set(key, pending);
    }
    return pending;
  }

  /** The stock asked of TWS again, for what changes (its trading hours move on every day); cached as it comes. */
  refreshStock(symbol: string): Promise<StockContract> {
    const key = symbol.toUpperCase();
    const fresh = this.fetchStock(key);
    fresh.then(() => this.stocks.set(key, fresh)).catch(() => undefined);
    return fresh;
  }

  /** The conId of a listed option (needed for combo orders); cached like stocks. */
  optionConId(spec: OptionContractSpec): Promise<number> {
    const key = `${spec.symbol}|${spec.expiry}|${spec.strike}|${spec.right}|${spec.tradingClass ?? ""}`;
    let pending = this.options.get(key);
    if (!pending) {
      pending = this.fetchOptionConId(spec);
      pending.catch(() => this.options.delete(key));
      this.options.set(key, pending);
    }
    return pending;
  }

  private async fetchOptionConId(spec: OptionContractSpec): Promise<number> {
    const found: ContractDetails[] = [];
    const label = `${spec.symbol} ${spec.expiry} ${spec.strike} ${spec.right === "C" ? "call" : "put"}`;
    await this.client
      .request<void>({
        label: `contract lookup for ${label}`,
        resendable: true,
        send: (api, reqId) =>
          api.reqContractDetails(reqId, optionContract(spec)),
        handle: (event, args, settle) => {
          if (event === EventName.contractDetails) found.push(args[1] as ContractDetails);
          else if (event === EventName.contractDetailsEnd) settle.resolve();
        },
      })
      .catch((error: unknown) => {
        if (!(error instanceof IbError && error.code === IbErrorCode.UnknownContract)) throw error;
      });
    const conId = found[0]?.contract.conId;
    if (!conId) throw new IbError(IbErrorCode.UnknownContract, `TWS lists no ${label}.`, { ibCode: 200 });
    return conId;
  }

  private async fetchStock(symbol: string): Promise<StockContract> {
    const found: ContractDetails[] = [];
    const details = await this.client
      .request<ContractDetails[]>({
        label: `contract lookup for ${symbol}`,
        resendable: true,
        send: (api, reqId) => api.reqContractDetails(reqId, { symbol, secType: SecType.STK, exchange: "SMART", currency: "USD" }),
        handle: (event, args, settle) => {
          if (event === EventName.contractDetails) found.push(args[1] as ContractDetails);
          else if (event === EventName.contractDetailsEnd) settle.resolve(found);
        },
      })
      .catch((error: unknown) => {
        // TWS answers an unknown symbol with error 200; an empty list means the same.
        if (error instanceof IbError && error.code === IbErrorCode.UnknownContract) return [];
        throw error;
      });
    const match = details.find((d) => d.contract.symbol?.toUpperCase() === symbol) ?? details[0];
    if (!match?.contract.conId) {
      throw new IbError(IbErrorCode.UnknownContract, `No US stock or ETF has the symbol ${symbol} (TWS error 200: no security definition).`, { ibCode: 200 });
    }
    const c = match.contract;
    return {
      conId: c.conId!,
      symbol: c.symbol ?? symbol,
      secType: "STK",
      exchange: c.exchange ?? "SMART",
      primaryExchange: c.primaryExch || undefined,
      currency: c.currency ?? "USD",
      longName: match.longName || undefined,
      minTick: match.minTick || undefined,
      timeZoneId: match.timeZoneId || undefined,
      tradingHours: match.tradingHours || undefined,
      liquidHours: match.liquidHours || undefined,
    };
  }
}
