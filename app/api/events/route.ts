import { AuthError } from "@/lib/auth/errors";
import { requireUser } from "@/lib/auth/session";
import { subscribe } from "@/lib/events";
import { getDesk } from "@/lib/trading";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Server-sent events for the inbox: one `trading` event per change (new proposal, approval, fill…), and a
 * comment every 15 s so proxies and phones keep the connection open.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    await requireUser(request);
  } catch (error) {
    if (error instanceof AuthError) return error.toResponse();
    throw error;
  }
  getDesk();
  const encoder = new TextEncoder();
  let cleanup = (): void => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string): void => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send("retry: 2000\n\n");
      const unsubscribe = subscribe((event) => send(`event: trading\ndata: ${JSON.stringify(event)}\n\n`));
      const ping = setInterval(() => send(": ping\n\n"), 15_000);
      cleanup = () => {
        clearInterval(ping);
        unsubscribe();
      };
      request.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-store, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
}
