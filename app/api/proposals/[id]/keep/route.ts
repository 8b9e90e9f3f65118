import { tradingRoute } from "@/lib/http/trading-route";
import { getDesk } from "@/lib/trading";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The trader declines Claude's request to cancel a working order; recorded in the audit trail. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return tradingRoute(request, async (actor) => ({ proposal: await getDesk().keepWorking((await params).id, actor) }));
}
