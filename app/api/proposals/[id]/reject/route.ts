import { z } from "zod";
import { parseBody, tradingRoute } from "@/lib/http/trading-route";
import { getDesk } from "@/lib/trading";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const body = z.object({ note: z.string().trim().max(500, "the note is at most 500 characters").optional() });

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return tradingRoute(request, async (actor) => {
    const { note } = await parseBody(request, body);
    return { proposal: await getDesk().reject((await params).id, note || undefined, actor) };
  });
}
