import { jsonFromError, jsonOk } from "@/lib/http/responses";
import { getIb } from "@/lib/ib";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    return jsonOk(await getIb().overview());
  } catch (error) {
    return jsonFromError(error);
  }
}
