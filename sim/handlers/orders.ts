import { completedOrdersEnd } from "../protocol/completed-orders";
import { openOrderEnd } from "../protocol/outbound";
import { TwsError } from "../protocol/error-codes";
import type { Handler } from "./types";

export const reqOpenOrders: Handler = (sim, conn, r) => {
  r.int();
  sim.sendOpenOrders(conn, "own");
  conn.send(openOrderEnd());
};

export const reqAllOpenOrders: Handler = (sim, conn, r) => {
  r.int();
  sim.sendOpenOrders(conn, "all");
  conn.send(openOrderEnd());
};

export const reqAutoOpenOrders: Handler = (sim, conn, r) => {
  r.int();
  const autoBind = r.bool();
  if (conn.clientId !== 0) {
    const e = TwsError.AUTO_BIND;
    conn.sendError(-1, e.code, e.text);
    return;
  }
  conn.autoBind = autoBind;
  void sim;
};

/** reqCompletedOrders(apiOnly): the completed orders in the report window, then COMPLETED_ORDERS_END. */
export const reqCompletedOrders: Handler = (sim, conn, r) => {
  r.bool(); // apiOnly: every simulated order came through the API
  sim.orders.reportCompleted(conn);
  conn.send(completedOrdersEnd());
};
