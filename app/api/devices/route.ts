import { requireUser } from "@/lib/auth/session";
import { listDevices } from "@/lib/auth/devices";
import { AuthError } from "@/lib/auth/errors";
import { getDb } from "@/lib/db";
import { jsonFromError, jsonOk } from "@/lib/http/responses";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Paired devices: name, created, last seen, expiry, status. */
export async function GET(request: Request): Promise<Response> {
  try {
    await requireUser(request);
    return jsonOk({ devices: await listDevices(getDb()) });
  } catch (error) {
    if (error instanceof AuthError) return error.toResponse();
    return jsonFromError(error);
  }
}
