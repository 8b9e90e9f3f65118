import { revokeDevice } from "@/lib/auth/devices";
import { AuthError } from "@/lib/auth/errors";
import { requireUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { jsonFail, jsonFromError, jsonOk } from "@/lib/http/responses";
import { logger } from "@/lib/log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Revokes a paired device: its session stops working at its next request. */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const actor = await requireUser(request);
    const { id } = await params;
    if (!(await revokeDevice(getDb(), id))) return jsonFail("not_found", "No active device with that id: it may already be revoked.", "not_found");
    logger("auth").info({ deviceId: id, by: actor.label }, "device revoked");
    return jsonOk({ revoked: true, self: actor.deviceId === id });
  } catch (error) {
    if (error instanceof AuthError) return error.toResponse();
    return jsonFromError(error);
  }
}
