/**
 * CSRF defence for the app's own state-changing routes: a POST, PUT, PATCH or DELETE must prove it came from
 * SumpPump's own pages, by an Origin header naming this very origin (scheme, host and port) or, if a browser sent no Origin, by
 * `Sec-Fetch-Site: same-origin`. A request with neither is refused (curl and other programs must send Origin).
 * next-auth's own routes also check their CSRF token; the MCP endpoint uses its bearer token instead.
 */
import { isOwnOrigin } from "../http/origin";
import { AuthError, AuthErrorCode } from "./errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export type SameOriginResult = { ok: true } | { ok: false; message: string };

/** Pure check on a method, headers and URL; the Host itself is allow-listed separately (lib/http/request-guard.ts). */
export function checkSameOrigin(method: string, headers: Headers, url?: string): SameOriginResult {
  if (!isStateChanging(method)) return { ok: true };
  const origin = headers.get("origin");
  if (origin !== null) {
    return isOwnOrigin(origin, headers, url) ? { ok: true } : { ok: false, message: "Cross-origin requests are not allowed." };
  }
  if (headers.get("sec-fetch-site") === "same-origin") return { ok: true };
  return {
    ok: false,
    message: "This request must come from SumpPump's own pages: send an Origin header naming this server.",
  };
}

/** Throws AuthError(CrossOrigin, 403) unless a state-changing request is same-origin. Safe methods always pass. */
export function requireSameOrigin(request: Request): void {
  const result = checkSameOrigin(request.method, request.headers, request.url);
  if (!result.ok) throw new AuthError(AuthErrorCode.CrossOrigin, result.message);
}
