/**
 * The one origin comparison: scheme, host and port, as URL's `origin` has them (default ports dropped, host in
 * lower case). This server's own origin is what the client used to reach it: the scheme and host the edge
 * settled (lib/http/forwarded.ts), or, for a request the edge has not seen, the request URL's scheme and Host.
 */
import { passedEdge, requestProtocol } from "./forwarded";

type HeaderSource = Headers;

/** The origin the client addressed, e.g. "http://192.168.1.20:8765"; undefined without a usable Host. */
export function ownOrigin(headers: HeaderSource, url = "http://unknown/"): string | undefined {
  const host = (passedEdge(headers) ? (headers.get("x-forwarded-host") ?? headers.get("host")) : headers.get("host"))?.split(",")[0]?.trim();
  if (!host) return undefined;
  try {
    return new URL(`${requestProtocol(headers, url)}://${host}`).origin;
  } catch {
    return undefined;
  }
}

/** Whether an Origin header names exactly this server's origin; "null", other schemes and garbage never do. */
export function isOwnOrigin(origin: string, headers: HeaderSource, url?: string): boolean {
  const own = ownOrigin(headers, url);
  if (!own) return false;
  try {
    return new URL(origin).origin === own;
  } catch {
    return false;
  }
}
