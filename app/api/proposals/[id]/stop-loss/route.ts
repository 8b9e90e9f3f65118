import { z } from "zod";
import { parseBody, tradingRoute } from "@/lib/http/trading-route";
import { getDesk } from "@/lib/trading";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const body = z.discriminatedUnion("action", [
  z.object({ action: z.literal("propose"), stop_price: z.number().positive().max(100_000).multipleOf(0.01, "stop_price must be in cents").optional() }),
  z.object({ action: z.literal("dismiss") }),
]);

/** From the stop-loss prompt: propose a stop order for the filled entry (it then needs approval), or dismiss. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return tradingRoute(request, async (actor) => {
    const id = (await params).id;
    const input = await parseBody(request, body);
    const desk = getDesk();
    if (input.action === "dismiss") return { proposal: await desk.dismissStopLoss(id, actor) };
    return { proposal: await desk.proposeStopLoss({ proposal_id: id, stop_price: input.stop_price }, actor) };
  });
}
