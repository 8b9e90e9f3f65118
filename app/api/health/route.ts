import { jsonOk } from "@/lib/http/responses";
import { getIb } from "@/lib/ib";
import { linkHealth } from "@/lib/ib/client";
import { summarise } from "@/lib/ib/health";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Open without a login, for npm start, monitoring and every page's header: the server is up, and how the line to
 * TWS stands layer by layer (socket, TWS answering, TWS's link to IB, data farms), summed up as level and words.
 * Nothing about the account.
 */
export function GET(): Response {
  const status = getIb().status();
  const health = linkHealth(status);
  const { socket, ...layers } = health;
  return jsonOk({ ok: true, ib: { state: socket, ...layers, ...summarise(health), nextAttemptAt: status.nextAttemptAt } });
}
