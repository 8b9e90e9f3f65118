import { z } from "zod";
import { parseBody, tradingRoute } from "@/lib/http/trading-route";
import { getDesk } from "@/lib/trading";
import { PROPOSAL_STATUSES } from "@/lib/trading/lifecycle";
import { tradeRequestSchema } from "@/lib/trading/trade-request";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const VIEWS = {
  inbox: ["pending_approval", "approved", "transmitted", "partially_filled", "filled", "stop_loss_prompted", "outcome_unknown"],
  working: ["approved", "transmitted", "partially_filled"],
} as const;

const query = z.object({
  view: z.enum(["inbox", "working", "all"]).default("all"),
  symbol: z.string().trim().toUpperCase().max(12).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Proposals, newest first (`view`: inbox, working orders, or all), with the kill switch and TWS readiness. */
export async function GET(request: Request): Promise<Response> {
  return tradingRoute(request, async () => {
    const url = new URL(request.url);
    const q = query.parse(Object.fromEntries(url.searchParams));
    const desk = getDesk();
    const statuses = q.view === "all" ? undefined : [...VIEWS[q.view]];
    const proposals = await desk.list({ statuses, limit: q.limit, symbol: q.symbol });
    const notReady = desk.notReadyReason();
    return { proposals, kill_switch: await desk.killSwitch(), ready: notReady === null, not_ready_reason: notReady, statuses: PROPOSAL_STATUSES };
  });
}

/** A proposal from the strategy page: the same request, path and checks as execute_trade. */
export async function POST(request: Request): Promise<Response> {
  return tradingRoute(request, async (actor) => {
    const trade = await parseBody(request, tradeRequestSchema);
    const { view, created } = await getDesk().propose(trade, actor);
    return { proposal: view, created };
  });
}
