/**
 * The MCP endpoint speaks both protocol eras to real clients: the SDK's v2 client pinned to 2026-07-28 (per-request
 * envelope, MCP-Protocol-Version header, no handshake), the same client in its default 2025 mode, and raw requests
 * at the older revisions a client may still ask for.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import type { CallToolResult } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, waitForConnected, type RunningApp } from "../testing/app-process";

const MODERN = "2026-07-28";
let app: RunningApp;

beforeAll(async () => {
  app = await startApp();
  await waitForConnected(app.url);
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

async function connect(revision: "modern" | "legacy", token = app.token): Promise<Client> {
  const client = new Client(
    { name: "sumppump-revision-test", version: "1.0.0" },
    revision === "modern" ? { versionNegotiation: { mode: { pin: MODERN } } } : {},
  );
  const transport = new StreamableHTTPClientTransport(new URL(`${app.url}/api/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${app.url}/api/mcp`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/json, text/event-stream",
      Authorization: `Bearer ${app.token}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

/** The JSON-RPC message of a response, whether it came as JSON or as one SSE event. */
async function message(response: Response): Promise<{ result?: Record<string, unknown>; error?: { code: number; message: string } }> {
  const text = await response.text();
  if (response.headers.get("content-type")?.includes("text/event-stream")) {
    const data = text.split("\n").find((line) => line.startsWith("data: "));
    return JSON.parse(data!.slice("data: ".length)) as never;
  }
  return JSON.parse(text) as never;
}

describe.each(["modern", "legacy"] as const)("the SDK's v2 client, %s era", (revision) => {
  it("negotiates its revision, lists the tools and gets a quote", async () => {
    const client = await connect(revision);
    expect(client.getNegotiatedProtocolVersion()).toBe(revision === "modern" ? MODERN : "2025-11-25");

    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["get_quote", "get_options_chain", "execute_trade", "get_account_summary"]));
    expect(tools.find((t) => t.name === "get_quote")!.annotations?.readOnlyHint).toBe(true);

    const result = (await client.callTool({ name: "get_quote", arguments: { symbol: "spy" } })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { symbol: string }).symbol).toBe("SPY");
    await client.close();
  });

  it("gets a tool error, not a protocol error, for a symbol TWS does not know", async () => {
    const client = await connect(revision);
    const result = (await client.callTool({ name: "get_quote", arguments: { symbol: "ZZZZQ" } })) as CallToolResult;
    expect(result.isError).toBe(true);
    await client.close();
  });

  it("is refused without the bearer token", async () => {
    await expect(connect(revision, "wrong-token")).rejects.toThrow();
  });
});

describe("raw requests", () => {
  it("answers server/discover with the 2026-07-28 revision", async () => {
    const response = await post(
      {
        jsonrpc: "2.0",
        id: 1,
        method: "server/discover",
        params: {
          _meta: {
            "io.modelcontextprotocol/protocolVersion": MODERN,
            "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1" },
            "io.modelcontextprotocol/clientCapabilities": {},
          },
        },
      },
      { "MCP-Protocol-Version": MODERN, "Mcp-Method": "server/discover" },
    );
    expect(response.status).toBe(200);
    const { result } = await message(response);
    expect(result?.supportedVersions).toContain(MODERN);
  });

  it.each(["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"])("initializes a client at %s", async (version) => {
    const response = await post({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    });
    expect(response.status).toBe(200);
    const { result } = await message(response);
    expect(result?.protocolVersion).toBe(version);
    expect((result?.serverInfo as { name: string }).name).toBe("sumppump");
  });

  it("refuses a modern request from a foreign Origin before anything runs", async () => {
    const response = await post({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }, { Origin: "http://evil.example", "MCP-Protocol-Version": MODERN });
    expect(response.status).toBe(403);
  });
});
