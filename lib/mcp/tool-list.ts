/**
 * Trims what tools/list sends to what a model can use. The SDK stamps every input and output schema with
 * JSON Schema's "$schema" URL and every tool with `execution: { taskSupport: "forbidden" }` (the protocol's
 * default when absent); together they cost about 2,000 characters of every conversation's context.
 */
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

type Schema = Record<string, unknown> | undefined;
interface ListedTool {
  inputSchema?: Schema;
  outputSchema?: Schema;
  execution?: { taskSupport?: string };
}

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
