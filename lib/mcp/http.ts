/**
 * The MCP endpoint's HTTP handling, kept out of the route so it can be tested with plain web Requests:
 * Host/Origin checks, the bearer token (constant-time), and a stateless Streamable HTTP transport per POST.
 */
import { timingSafeEqual, createHash } from "node:crypto";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { checkHostAndOrigin } from "../http/request-guard";
import { withPriority } from "../ib/priority";
import { createMcpServer, type McpDeps } from "./server";
import { trimToolList } from "./tool-list";
import { accountMarker } from "../ib/account-kind";
import { markAccount } from "./account-marker";

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

  const server = createMcpServer({ ...options, baseUrl: `http://${request.headers.get("host")}` });
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  const send = transport.send.bind(transport);
  const marker = () => accountMarker(options.simulated ? "sim" : "live", options.ib.status().accounts);
  transport.send = (message, sendOptions) => send(markAccount(trimToolList(message), marker()), sendOptions);
  await server.connect(transport);
  // Claude is waiting on every tool call: its requests to TWS go ahead of pages and background work.
  return withPriority("interactive", () => transport.handleRequest(request));
}

/** GET would open a server-to-client stream that a stateless server never uses; DELETE ends sessions we don't keep. */
export function methodNotAllowed(): Response {
  return jsonError(405, "Method not allowed: this MCP endpoint is stateless and accepts only POST.", { Allow: "POST" });
}
