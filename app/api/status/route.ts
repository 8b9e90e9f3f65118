import { getConfig } from "@/lib/config";
import { jsonOk } from "@/lib/http/responses";
import { getIb } from "@/lib/ib";
import { accountMarker } from "@/lib/ib/account-kind";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Connection status and mode; never waits for TWS. */
export function GET(): Response {
  const config = getConfig();
  const ib = getIb().status();
  return jsonOk({ mode: config.SUMPPUMP_MODE, simulated: config.SUMPPUMP_MODE === "sim", ib, account: accountMarker(config.SUMPPUMP_MODE, ib.accounts) });
}
