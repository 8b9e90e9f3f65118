/**
 * Every tool result says how the line to TWS stands (`connection`: "ok", or the state and what it means), so
 * Claude never takes an answer given during an outage, or an error caused by one, for the market's last word.
 * Applied to the server's registerTool once, so no tool can leave it out.
 */
import type { CallToolResult, McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { linkHealth } from "../ib/client";
import { connectionMarker } from "../ib/health";
import type { Ib } from "../ib";

// Described once, in the server's instructions (server.ts): a description repeated on every tool's output would
// cost each conversation's context about 700 characters.
const connectionField = z.string();

type OutputSchema = Record<string, z.ZodType> | z.ZodObject;

function withConnectionField(schema: OutputSchema): OutputSchema {
  return schema instanceof z.ZodObject ? schema.extend({ connection: connectionField }) : { ...schema, connection: connectionField };
}

/** The result with the marker: in structuredContent (and its JSON text), or after an error's message. */
export function markResult(result: CallToolResult, marker: string): CallToolResult {
  if (result.structuredContent) {
    const structuredContent = { ...result.structuredContent, connection: marker };
    return { ...result, structuredContent, content: [{ type: "text", text: JSON.stringify(structuredContent) }] };
  }
  const content = result.content.map((part, i) => (i === 0 && part.type === "text" ? { ...part, text: `${part.text} (connection: ${marker})` } : part));
  return { ...result, content };
}

export function markEveryResult(server: McpServer, ib: Ib): void {
  const register = server.registerTool.bind(server) as (name: string, config: Record<string, unknown>, cb: (...args: unknown[]) => Promise<CallToolResult>) => unknown;
  const marked = (name: string, config: Record<string, unknown>, cb: (...args: unknown[]) => Promise<CallToolResult> | CallToolResult): unknown => {
    const outputSchema = config.outputSchema === undefined ? undefined : withConnectionField(config.outputSchema as OutputSchema);
    return register(name, { ...config, ...(outputSchema ? { outputSchema } : {}) }, async (...args) => markResult(await cb(...args), connectionMarker(linkHealth(ib.status()))));
  };
  server.registerTool = marked as unknown as McpServer["registerTool"];
}
