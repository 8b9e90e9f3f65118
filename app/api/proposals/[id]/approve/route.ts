import { z } from "zod";
import { parseBody, tradingRoute } from "@/lib/http/trading-route";
import { getDesk } from "@/lib/trading";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const body = z.object({
  content_hash: z.string().regex(/^[0-9a-f]{64}$/, "content_hash must be the proposal's SHA-256 hash as shown"),
  revision: z.number().int().positive(),
});

/** The trader approves the order they saw (its hash and revision); the server re-checks, then sends it. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return tradingRoute(request, async (actor) => {
    const seen = await parseBody(request, body);
    const proposal = await getDesk().approve((await params).id, { contentHash: seen.content_hash, revision: seen.revision }, actor);
    return { proposal };
  });
}
