/**
 * The frame of every trading route: a logged-in browser session (never the MCP token; same-origin for state
 * changes), the body validated, expected failures as JSON with a status. The audit trail names the actor.
 */
import { ZodError, type z } from "zod";
import { requireUser, type Actor } from "../auth/session";
import { withPriority } from "../ib/priority";
import { jsonFromError, jsonOk } from "./responses";

/** How the audit trail names a human: "desktop", or the paired device with its id. */
export function actorName(actor: Actor): string {
  return actor.kind === "desktop" ? "desktop" : `device:${actor.deviceId ?? "?"} ${actor.deviceName ?? ""}`.trim();
}

export async function tradingRoute(request: Request, run: (actor: string) => Promise<unknown>): Promise<Response> {
  try {
    const actor = await requireUser(request);
    // The trader is waiting on this decision: its requests to TWS go ahead of pages and background work.
    return jsonOk(await withPriority("interactive", () => run(actorName(actor))));
  } catch (error) {
    return jsonFromError(error);
  }
}

/** The JSON body parsed with `schema`; a body that is not JSON is an empty object (and fails validation). */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const raw: unknown = await request.json().catch(() => ({}));
  const result = schema.safeParse(raw);
  if (!result.success) throw new ZodError(result.error.issues);
  return result.data;
}
