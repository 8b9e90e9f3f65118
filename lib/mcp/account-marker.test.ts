import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { accountMarker } from "../ib/account-kind";
import { markAccount } from "./account-marker";

const paper = accountMarker("live", ["DU7654321"]);

describe("every MCP result says which account it concerns", () => {
  it("adds account to structuredContent and to the JSON text that mirrors it", () => {
    const structured = { proposal: { id: "prp_x" }, simulated: false };
    const message = { jsonrpc: "2.0", id: 1, result: { content: [{ type: "text", text: JSON.stringify(structured) }], structuredContent: structured } } as JSONRPCMessage;
    const out = markAccount(message, paper) as unknown as { result: { structuredContent: Record<string, unknown>; content: Array<{ text: string }> } };
    expect(out.result.structuredContent.account).toEqual({ kind: "paper", accounts: ["DU7654321"], label: expect.stringContaining("PAPER ACCOUNT DU7654321") });
    expect(JSON.parse(out.result.content[0]!.text)).toEqual(out.result.structuredContent);
  });

  it("starts an error's text with the account", () => {
    const message = { jsonrpc: "2.0", id: 2, result: { content: [{ type: "text", text: "No such symbol." }], isError: true } } as JSONRPCMessage;
    const out = markAccount(message, accountMarker("live", ["U1234567"])) as unknown as { result: { content: Array<{ text: string }> } };
    expect(out.result.content.map((c) => c.text).join("")).toBe("[LIVE ACCOUNT U1234567: approved orders trade real money] No such symbol.");
  });

  it("advertises the field in every output schema of tools/list, and leaves other messages alone", () => {
    const list = { jsonrpc: "2.0", id: 3, result: { tools: [{ name: "get_quote", outputSchema: { type: "object", properties: { last: { type: "number" } } } }] } } as JSONRPCMessage;
    const out = markAccount(list, paper) as unknown as { result: { tools: Array<{ outputSchema: { properties: Record<string, unknown> } }> } };
    expect(out.result.tools[0]!.outputSchema.properties.account).toEqual({ type: "object" });
    const init = { jsonrpc: "2.0", id: 0, result: { protocolVersion: "2025-11-25", capabilities: {}, serverInfo: { name: "sumppump", version: "0" } } } as JSONRPCMessage;
    expect(markAccount(structuredClone(init), paper)).toEqual(init);
  });
});
