import { AuthError } from "@/lib/auth/errors";
import { newPairingLink, requestOrigin } from "@/lib/auth/pairing-link";
import { requireDesktop } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { jsonFromError, jsonOk } from "@/lib/http/responses";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A new one-time pairing link (5 minutes) and its QR code; desktop login only. */
export async function POST(request: Request): Promise<Response> {
  try {
    await requireDesktop(request);
    return jsonOk(await newPairingLink(getDb(), requestOrigin(request), getConfig()));
  } catch (error) {
    if (error instanceof AuthError) return error.toResponse();
    return jsonFromError(error);
  }
}
