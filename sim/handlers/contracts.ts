import { wireContractDetails } from "../market/contract-details";
import { contractData, contractDataEnd } from "../protocol/outbound";
import { TwsError } from "../protocol/error-codes";
import { describe, readContract } from "./request-contract";
import type { Handler } from "./types";

/** Most TWS answers for a broad option query are capped; a full chain per request would be megabytes. */
const MAX_DETAILS = 2000;

export const reqContractDetails: Handler = (sim, conn, r) => {
  r.int(); // version
  const reqId = r.int();
  const req = readContract(r);
  r.bool(); // includeExpired
  r.str(); // secIdType
  r.str(); // secId
  r.str(); // issuerId
  const res = sim.market.resolve(req);
  if (!res.ok || res.matches.length === 0) {
    const e = TwsError.NO_SECURITY;
    conn.sendError(reqId, e.code, e.text);
    return;
  }
  const today = sim.market.today();
  for (const inst of res.matches.slice(0, MAX_DETAILS)) conn.send(contractData(conn.serverVersion, reqId, wireContractDetails(inst, today)));
  conn.send(contractDataEnd(reqId));
  sim.log(`contract details ${describe(req)}: ${res.matches.length} match(es)`);
};
