/**
 * Trims what tools/list sends to what a model can use. The SDK stamps every input and output schema with
 * JSON Schema's "$schema" URL (about 1,000 characters of every conversation's context), and, in some
 * versions, every tool with `execution: { taskSupport: "forbidden" }`, the protocol's default when absent.
 */
import type { JSONRPCMessage } from "@modelcontextprotocol/server";

type Schema = Record<string, unknown> | undefined;
interface ListedTool {
  inputSchema?: Schema;
  outputSchema?: Schema;
  execution?: { taskSupport?: string };
}

/** Trims a JSON-RPC message in place if it is a tools/list result; any other message passes unchanged. */
export function trimToolList(message: JSONRPCMessage): JSONRPCMessage {
  const result = "result" in message ? (message.result as { tools?: unknown }) : undefined;
  if (!result || !Array.isArray(result.tools)) return message;
  for (const tool of result.tools as ListedTool[]) {
    delete tool.inputSchema?.$schema;
    delete tool.outputSchema?.$schema;
    if (tool.execution?.taskSupport === "forbidden") delete tool.execution;
  }
  return message;
}

/** Whether a POST body (a JSON-RPC request) asks for tools/list. */
export async function isToolListRequest(request: Request): Promise<boolean> {
  try {
    const body = (await request.clone().json()) as { method?: unknown };
    return body?.method === "tools/list";
  } catch {
    return false;
  }
}

/** The same response with each JSON-RPC message passed through `rewrite`, whether it came as one JSON body or as SSE events. */
export async function rewriteResponse(response: Response, rewrite: (message: JSONRPCMessage) => JSONRPCMessage): Promise<Response> {
  const type = response.headers.get("content-type") ?? "";
  if (!response.ok || !(type.includes("application/json") || type.includes("text/event-stream"))) return response;
  const text = await response.text();
  const trimmed = type.includes("text/event-stream")
    ? text
        .split("\n")
        .map((line) => (line.startsWith("data: ") ? `data: ${JSON.stringify(rewrite(JSON.parse(line.slice(6)) as JSONRPCMessage))}` : line))
        .join("\n")
    : JSON.stringify(rewrite(JSON.parse(text) as JSONRPCMessage));
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(trimmed, { status: response.status, statusText: response.statusText, headers });
}
