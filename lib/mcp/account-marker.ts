/**
 * Every tool result says which account it concerns: the simulator, a paper account or a live one. Added to the
 * server's registerTool once (and to tools/list on the way out), so no tool can forget it: `account` in structuredContent (and in its JSON text), a leading line on an error.
 * tools/list advertises the field in every output schema, so clients that validate results accept it.
 */
import type { CallToolResult, JSONRPCMessage, McpServer } from "@modelcontextprotocol/server";
import type { AccountMarker } from "../ib/account-kind";

interface ToolResult {
  content?: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

// Kept bare: every tool lists it, and the server's instructions say what it holds.
const ACCOUNT_SCHEMA = { type: "object" };

export function markAccount(message: JSONRPCMessage, marker: AccountMarker): JSONRPCMessage {
  if (!("result" in message) || !message.result || typeof message.result !== "object") return message;
  const result = message.result as { tools?: Array<{ outputSchema?: { properties?: Record<string, unknown> } }> } & ToolResult;
  if (Array.isArray(result.tools)) {
    for (const tool of result.tools) if (tool.outputSchema?.properties) tool.outputSchema.properties.account = ACCOUNT_SCHEMA;
    return message;
  }
  if (!Array.isArray(result.content)) return message;
  const account = { kind: marker.kind, accounts: marker.accounts, label: marker.label };
  if (result.structuredContent) {
    const before = JSON.stringify(result.structuredContent);
    result.structuredContent = { ...result.structuredContent, account };
    for (const item of result.content) if (item.type === "text" && item.text === before) item.text = JSON.stringify(result.structuredContent);
  } else if (result.isError) {
    result.content.unshift({ type: "text", text: `[${marker.label}] ` });
  }
  return message;
}

/** Wraps the server's registerTool so that every tool's result is marked with the account as it stands then. */
export function markAccountOnEveryResult(server: McpServer, marker: () => AccountMarker): void {
  const register = server.registerTool.bind(server) as (name: string, config: unknown, cb: (...args: unknown[]) => Promise<CallToolResult>) => unknown;
  const marked = (name: string, config: unknown, cb: (...args: unknown[]) => Promise<CallToolResult> | CallToolResult): unknown =>
    register(name, config, async (...args) => {
      const message = { jsonrpc: "2.0", id: 0, result: await cb(...args) } as JSONRPCMessage;
      return (markAccount(message, marker()) as unknown as { result: CallToolResult }).result;
    });
  server.registerTool = marked as unknown as McpServer["registerTool"];
}
