import { UNDERLYINGS } from "../market/underlyings";
import { Msg } from "../protocol/message-ids";
import type { Handler } from "./types";
import { V } from "../protocol/versions";

/** reqMatchingSymbols (SYMBOL_SAMPLES gains description and issuerId at BOND_ISSUERID): listed underlyings whose symbol or name starts with / contains the pattern (max 16, as TWS). */
export const reqMatchingSymbols: Handler = (_sim, conn, r) => {
  const reqId = r.int();
  const pattern = r.str().trim().toUpperCase();
  const hits = UNDERLYINGS.filter((u) => pattern !== "" && (u.symbol.startsWith(pattern) || u.longName.includes(pattern))).slice(0, 16);
  const fields: (string | number)[] = [Msg.SYMBOL_SAMPLES, reqId, hits.length];
  for (const u of hits) {
    fields.push(u.conId, u.symbol, "STK", u.primaryExch, "USD", 1, "OPT");
    if (conn.serverVersion >= V.BOND_ISSUERID) fields.push(u.longName, ""); // description, issuerId
  }
  conn.send(fields);
};
