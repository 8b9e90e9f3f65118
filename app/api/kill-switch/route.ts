import { z } from "zod";
import { parseBody, tradingRoute } from "@/lib/http/trading-route";
import { getDesk } from "@/lib/trading";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const body = z.object({
  on: z.boolean({ error: "on must be true or false" }),
  cancel_working: z.boolean().default(false),
});

export async function GET(request: Request): Promise<Response> {
  return tradingRoute(request, async () => ({ on: await getDesk().killSwitch() }));
}

/** Turns the kill switch on or off; on, it can also cancel every working order SumpPump placed. */
export async function POST(request: Request): Promise<Response> {
  return tradingRoute(request, async (actor) => {
    const { on, cancel_working } = await parseBody(request, body);
    const desk = getDesk();
    await desk.setKillSwitch(on, actor);
    const cancelled = on && cancel_working ? await desk.cancelAllWorking(actor) : [];
    return { on, cancel_sent_for: cancelled };
  });
}
