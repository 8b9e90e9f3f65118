/**
 * Who is asking and over what, decided once, where a request enters the server (instrumentation.ts installs the
 * edge on Node's HTTP server, before Next sees anything):
 *
 * - X-Forwarded-For, -Proto and -Host are believed only when the socket's peer is a trusted proxy
 *   (SUMPPUMP_TRUSTED_PROXIES); for anyone else they are overwritten with what the socket says. Every later reader
 *   (the login backoff, secure cookies, Origin checks, pairing links, Next itself) reads the truth from them.
 * - A request no route can take (an unknown method, a path whose %-escapes do not decode) is answered 405 / 400
 *   here rather than failing inside Next.
 *
 * The edge marks each request it has seen with a per-process nonce. A request without it (one that reached Next
 * while the server was still starting) has its forwarded headers ignored.
 */
import { randomBytes } from "node:crypto";
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";

export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const EDGE_HEADER = "x-sumppump-edge";

const globalForEdge = globalThis as typeof globalThis & { sumppumpEdgeNonce?: string; sumppumpEdgeInstalled?: boolean };

function edgeNonce(): string {
  globalForEdge.sumppumpEdgeNonce ??= randomBytes(16).toString("hex");
  return globalForEdge.sumppumpEdgeNonce;
}

/** An address as compared and counted: lower case, no IPv6 zone, IPv4-mapped IPv6 as plain IPv4. */
export function normaliseAddress(address: string | undefined): string {
  const value = (address ?? "").trim().toLowerCase().replace(/%.*$/, "");
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/.test(value) ? value.slice(7) : value;
}

function first(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  return raw?.split(",")[0]?.trim() || undefined;
}

export interface Forwarded {
  /** The client's address. */
  for: string;
  proto: "http" | "https";
  /** The host the client asked for (the Host header, or a trusted proxy's X-Forwarded-Host). */
  host: string | undefined;
}

/**
 * What the forwarded headers must say. From a trusted proxy: the nearest address in X-Forwarded-For that is not
 * itself a trusted proxy (entries further left are the client's own claims), and its proto and host. From anyone
 * else: the socket's own peer and transport, and the Host header.
 */
export function resolveForwarded(
  input: { peer: string | undefined; encrypted: boolean; headers: IncomingHttpHeaders },
  trustedProxies: ReadonlySet<string>,
): Forwarded {
  const peer = normaliseAddress(input.peer) || "unknown";
  const own: Forwarded = { for: peer, proto: input.encrypted ? "https" : "http", host: first(input.headers.host) };
  if (!trustedProxies.has(peer)) return own;
  const chain = String(input.headers["x-forwarded-for"] ?? "")
    .split(",")
    .map((a) => normaliseAddress(a))
    .filter(Boolean);
  let client = peer;
  for (let i = chain.length - 1; i >= 0; i--) {
    client = chain[i]!;
    if (!trustedProxies.has(client)) break;
  }
  const proto = first(input.headers["x-forwarded-proto"])?.toLowerCase();
  return {
    for: client.slice(0, 64),
    proto: proto === "https" || proto === "http" ? proto : own.proto,
    host: first(input.headers["x-forwarded-host"]) ?? own.host,
  };
}

export type RequestLineVerdict = { ok: true } | { ok: false; status: 400 | 405; message: string };

/** Refuses what no route can answer: a method outside HTTP's usual set, or a path that does not decode. */
export function checkRequestLine(method: string | undefined, url: string | undefined): RequestLineVerdict {
  if (!ALLOWED_METHODS.includes((method ?? "") as (typeof ALLOWED_METHODS)[number])) {
    return { ok: false, status: 405, message: `Method ${method ?? ""} is not allowed.` };
  }
  const path = (url ?? "/").split(/[?#]/)[0]!;
  try {
    decodeURIComponent(path);
  } catch {
    return { ok: false, status: 400, message: "The address has a malformed %-escape." };
  }
  return { ok: true };
}

/** Sets the forwarded headers and the edge mark on a request, or answers it; true when it was answered. */
export function guardIncoming(req: IncomingMessage, res: ServerResponse, trustedProxies: ReadonlySet<string>): boolean {
  const line = checkRequestLine(req.method, req.url);
  if (!line.ok) {
    res.writeHead(line.status, {
      "Content-Type": "application/json",
      "Cache-Control": "no-store",
      ...(line.status === 405 ? { Allow: ALLOWED_METHODS.join(", ") } : {}),
      Connection: "close",
    });
    res.end(JSON.stringify({ error: line.message }));
    return true;
  }
  const forwarded = resolveForwarded({ peer: req.socket.remoteAddress, encrypted: "encrypted" in req.socket && Boolean(req.socket.encrypted), headers: req.headers }, trustedProxies);
  req.headers["x-forwarded-for"] = forwarded.for;
  req.headers["x-forwarded-proto"] = forwarded.proto;
  if (forwarded.host) req.headers["x-forwarded-host"] = forwarded.host;
  else delete req.headers["x-forwarded-host"];
  delete req.headers["x-forwarded-port"];
  req.headers[EDGE_HEADER] = edgeNonce();
  return false;
}

/** Puts guardIncoming in front of every HTTP server of this process (Next's); once. */
export function installRequestEdge(trustedProxies: readonly string[]): void {
  if (globalForEdge.sumppumpEdgeInstalled) return;
  globalForEdge.sumppumpEdgeInstalled = true;
  const trusted = new Set(trustedProxies.map((a) => normaliseAddress(a)));
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request" && guardIncoming(args[0] as IncomingMessage, args[1] as ServerResponse, trusted)) return true;
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Whether the request passed the edge, so its forwarded headers are the edge's and not the client's. */
export function passedEdge(headers: HeaderSource): boolean {
  const mark = header(headers, EDGE_HEADER);
  return mark !== undefined && mark === globalForEdge.sumppumpEdgeNonce;
}

/** The client's address as the edge decided it; "unverified" for a request the edge has not seen. */
export function clientAddress(headers: HeaderSource): string {
  if (!passedEdge(headers)) return "unverified";
  return first(header(headers, "x-forwarded-for")) ?? "unknown";
}

/** Whether the client reached SumpPump over https (directly, or through a trusted proxy that says so). */
export function requestProtocol(headers: HeaderSource, url: string): "http" | "https" {
  if (passedEdge(headers)) return header(headers, "x-forwarded-proto") === "https" ? "https" : "http";
  return url.startsWith("https:") ? "https" : "http";
}
