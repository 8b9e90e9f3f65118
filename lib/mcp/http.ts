/**
 * The MCP endpoint's HTTP handling, kept out of the route so it can be tested with plain web Requests:
 * Host/Origin checks, the bearer token (constant-time), then the SDK's handler, which serves the 2026-07-28
 * revision (per-request `_meta` envelope, MCP-Protocol-Version header) and, statelessly, the 2025 revisions
 * (initialize handshake), each request from a fresh server built by the same factory.
 */
import { timingSafeEqual, createHash } from "node:crypto";
import { createMcpHandler } from "@modelcontextprotocol/server";
import { checkHostAndOrigin } from "../http/request-guard";
import { withPriority } from "../ib/priority";
import { logger } from "../log";
import { createMcpServer, type McpDeps } from "./server";
import { accountMarker } from "../ib/account-kind";
import { markAccount } from "./account-marker";
import { isToolListRequest, rewriteResponse, trimToolList } from "./tool-list";

export interface McpHttpOptions extends McpDeps {
  token: string;
  allowedHosts: ReadonlySet<string>;
}

function jsonError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }, { status, headers });
}

/** Compares two secrets in time that does not depend on where they differ (hashing first equalises lengths). */
export function tokensMatch(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export async function handleMcpPost(request: Request, options: McpHttpOptions): Promise<Response> {
  const guard = checkHostAndOrigin(request.headers, options.allowedHosts, request.url);
  if (!guard.ok) return jsonError(guard.status, guard.message);

  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match || !tokensMatch(match[1]!, options.token)) {
    return jsonError(401, "Missing or wrong bearer token. Send Authorization: Bearer <token> as printed by npm start.", {
      "WWW-Authenticate": 'Bearer realm="sumppump"',
    });
  }

  const deps: McpDeps = { ...options, baseUrl: `http://${request.headers.get("host")}` };
  // One handler per request, left to finish on its own: a streamed (progress) answer outlives this function.
  const handler = createMcpHandler(() => createMcpServer(deps), {
    onerror: (error) => logger("mcp").debug({ err: error }, "MCP request refused"),
  });
  // Claude is waiting on every tool call: its requests to TWS go ahead of pages and background work.
  const listsTools = await isToolListRequest(request);
  const response = withPriority("interactive", () => handler.fetch(request));
  if (!listsTools) return response;
  // tools/list: trimmed, and every output schema admits the account field each result carries.
  const marker = accountMarker(options.simulated ? "sim" : "live", options.ib.status().accounts);
  return rewriteResponse(await response, (message) => markAccount(trimToolList(message), marker));
}

/** GET would open a server-to-client stream that a stateless server never uses; DELETE ends sessions we don't keep. */
export function methodNotAllowed(): Response {
  return jsonError(405, "Method not allowed: this MCP endpoint is stateless and accepts only POST.", { Allow: "POST" });
}
