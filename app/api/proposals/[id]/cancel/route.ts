import { tradingRoute } from "@/lib/http/trading-route";
import { getDesk } from "@/lib/trading";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The trader withdraws a pending proposal or cancels a working order at TWS. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return tradingRoute(request, async (actor) => {
    const { view, outcome } = await getDesk().cancel((await params).id, actor, "human");
    return { proposal: view, outcome };
  });
}
