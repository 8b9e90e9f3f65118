import { z } from "zod";
import { parseBody, tradingRoute } from "@/lib/http/trading-route";
import { getDesk } from "@/lib/trading";
import { MAX_SETTLED_PRICE } from "@/lib/trading/desk";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Strict: a misspelt key (e.g. "price") is refused rather than quietly settling the order without it.
const body = z.discriminatedUnion(
  "filled",
  [
    z
      .object({
        filled: z.literal(true),
        quantity: z.number({ error: "quantity must be a number of units" }).int("quantity must be a whole number of units").min(1, "quantity must be at least 1"),
        avg_price: z
          .number({ error: "avg_price must be a number: the average fill price per unit" })
          .positive("avg_price must be above 0")
          .max(MAX_SETTLED_PRICE, `avg_price must be at most ${MAX_SETTLED_PRICE}`),
      })
      .strict(),
    z.object({ filled: z.literal(false) }).strict(),
  ],
  { error: 'filled must be true (with quantity and avg_price) or false' },
);

/**
 * The trader settles an order of unknown outcome from TWS's trade log: filled (how many units, at what average
 * price per unit) or not filled. Browser session only; MCP has no way to do this.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return tradingRoute(request, async (actor) => {
    const input = await parseBody(request, body);
    const outcome = input.filled ? { filled: true as const, quantity: input.quantity, avgPrice: input.avg_price } : { filled: false as const };
    return { proposal: await getDesk().settleUnknown((await params).id, outcome, actor) };
  });
}
