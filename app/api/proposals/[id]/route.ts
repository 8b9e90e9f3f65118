import { tradingRoute } from "@/lib/http/trading-route";
import { getDesk } from "@/lib/trading";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** One proposal with its executions and full audit trail. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return tradingRoute(request, async () => ({ proposal: await getDesk().view((await params).id, true) }));
}
