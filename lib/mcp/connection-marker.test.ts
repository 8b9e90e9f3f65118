/** Every tool result carries the line to TWS: in structuredContent (valid against the advertised schema) and after an error's text. */
import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport, McpServer, type CallToolResult } from "@modelcontextprotocol/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { IbStatus } from "../ib/client";
import type { Ib } from "../ib";
import { markEveryResult } from "./connection-marker";
import { fail, ok } from "./results";

const base: IbStatus = { state: "connected", host: "127.0.0.1", port: 7497, clientId: 1, accounts: [], responding: true, ibLink: "ok", farms: [], failedAttempts: 0 };

async function serverWith(status: () => IbStatus): Promise<Client> {
  const server = new McpServer({ name: "t", version: "0" });
  markEveryResult(server, { status } as unknown as Ib);
  server.registerTool("shape", { description: "d", outputSchema: { value: z.number() }, annotations: { readOnlyHint: true } }, async () => ok({ value: 1 }));
  server.registerTool("loose", { description: "d", outputSchema: z.looseObject({ value: z.number() }), annotations: { readOnlyHint: true } }, async () => ok({ value: 2, extra: true }));
  server.registerTool("broken", { description: "d", annotations: { readOnlyHint: true } }, async () => fail("TWS did not answer the quote for SPY within 15 s.", "Try again."));
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: "c", version: "0" });
  await client.connect(b);
  return client;
}

describe("the connection marker on every MCP result", () => {
  it("says ok when the line is up, in structuredContent, its JSON text, and the advertised output schema", async () => {
    const client = await serverWith(() => base);
    for (const name of ["shape", "loose"]) {
      const result = (await client.callTool({ name })) as CallToolResult;
      expect(result.structuredContent).toMatchObject({ connection: "ok" });
      expect(JSON.parse((result.content[0] as { text: string }).text)).toMatchObject({ connection: "ok" });
    }
    const { tools } = await client.listTools();
    expect(tools.find((t) => t.name === "shape")!.outputSchema!.properties).toHaveProperty("connection");
    expect(tools.find((t) => t.name === "loose")!.outputSchema!.properties).toHaveProperty("connection");
    await client.close();
  });

  it("says what is down, and what it means, on results and errors alike", async () => {
    let status: IbStatus = { ...base, ibLink: "lost", ibLinkSince: "2026-03-02T15:04:05.000Z" };
    const client = await serverWith(() => status);
    const result = (await client.callTool({ name: "shape" })) as CallToolResult;
    expect((result.structuredContent as { connection: string }).connection).toMatch(/^IB link lost: TWS lost its connection to IB's servers at 15:04:05 UTC/);
    status = { ...base, responding: false, silentSince: "2026-03-02T15:04:05.000Z" };
    const error = (await client.callTool({ name: "broken" })) as CallToolResult;
    expect(error.isError).toBe(true);
    expect((error.content[0] as { text: string }).text).toMatch(/^TWS did not answer the quote for SPY within 15 s\. Try again\. \(connection: TWS not responding: TWS has not answered since 15:04:05 UTC/);
    await client.close();
  });
});
