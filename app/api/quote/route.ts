import type { NextRequest } from "next/server";
import { jsonFromError, jsonOk } from "@/lib/http/responses";
import { getIb } from "@/lib/ib";
import { symbolSchema } from "@/lib/mcp/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: NextRequest): Promise<Response> {
  try {
    const symbol = symbolSchema.parse(request.nextUrl.searchParams.get("symbol") ?? "");
    return jsonOk(await getIb().quote(symbol));
  } catch (error) {
    return jsonFromError(error);
  }
}
