import { jsonOk } from "@/lib/http/responses";
import { getIb } from "@/lib/ib";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Open without a login, for npm start and tests to know the server is up: says only whether TWS is connected. */
export function GET(): Response {
  return jsonOk({ ok: true, ib: { state: getIb().status().state } });
}
