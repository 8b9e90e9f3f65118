import { mcpHttpOptions } from "@/lib/mcp/context";
import { handleMcpPost, methodNotAllowed } from "@/lib/mcp/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return handleMcpPost(request, await mcpHttpOptions());
}

export function GET(): Response {
  return methodNotAllowed();
}

export function DELETE(): Response {
  return methodNotAllowed();
}
