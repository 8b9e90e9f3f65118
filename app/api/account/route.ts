import { jsonFromError, jsonOk } from "@/lib/http/responses";
import { getIb } from "@/lib/ib";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    const ib = getIb();
    const [accounts, positions] = await Promise.all([ib.accountSummaries(), ib.positions()]);
    return jsonOk({ accounts, positions });
  } catch (error) {
    return jsonFromError(error);
  }
}
