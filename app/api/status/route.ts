import { getConfig } from "@/lib/config";
import { jsonOk } from "@/lib/http/responses";
import { getIb } from "@/lib/ib";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Connection status and mode; never waits for TWS. */
export function GET(): Response {
  const config = getConfig();
  return jsonOk({ mode: config.SUMPPUMP_MODE, simulated: config.SUMPPUMP_MODE === "sim", ib: getIb().status() });
}
