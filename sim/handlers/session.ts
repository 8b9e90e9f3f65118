import { currentTime, managedAccounts, marketDataType, nextValidId } from "../protocol/outbound";
import type { Handler } from "./types";

export const reqCurrentTime: Handler = (sim, conn, r) => {
  r.int(); // version
  conn.send(currentTime(Math.floor(sim.clock.now() / 1000)));
};

export const reqIds: Handler = (sim, conn, r) => {
  r.int(); // version
  r.int(); // numIds: TWS answers with the next id whatever the count
  conn.send(nextValidId(sim.orders.peekNextOrderId()));
};

export const reqManagedAccounts: Handler = (sim, conn, r) => {
  r.int();
  conn.send(managedAccounts([sim.account.id]));
};

export const reqMarketDataType: Handler = (_sim, conn, r) => {
  r.int();
  const type = r.int();
  if (type >= 1 && type <= 4) conn.marketDataType = type;
  conn.send(marketDataType(-1, conn.marketDataType));
};
