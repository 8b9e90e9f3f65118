import { OPTION_EXCHANGE_LIST } from "../market/contract-details";
import { formatDay } from "../market/calendar";
import { underlyingByConId, underlyingBySymbol } from "../market/underlyings";
import { secDefOptParameter, secDefOptParameterEnd } from "../protocol/outbound";
import type { Handler } from "./types";

/** One row per exchange (SMART first), each with every listed expiry and the union of strikes, then the end. */
export const reqSecDefOptParams: Handler = (sim, conn, r) => {
  const reqId = r.int();
  const symbol = r.str();
  const futFopExchange = r.str();
  const secType = r.str();
  const conId = r.int();
  const u = (conId > 0 ? underlyingByConId(conId) : undefined) ?? underlyingBySymbol(symbol);
  // TWS answers an unknown underlying (or a futures exchange for a stock) with just the end marker.
  if (u && futFopExchange === "" && (secType === "" || secType.toUpperCase() === "STK") && (conId === 0 || conId === u.conId)) {
    const chain = sim.market.chains.chain(u, sim.market.today());
    const expirations = chain.map((e) => formatDay(e.day));
    const strikes = [...new Set(chain.flatMap((e) => e.strikes))].sort((a, b) => a - b);
    for (const exchange of OPTION_EXCHANGE_LIST) {
      conn.send(secDefOptParameter(reqId, exchange, u.conId, u.symbol, "100", expirations, strikes));
    }
  }
  conn.send(secDefOptParameterEnd(reqId));
};
