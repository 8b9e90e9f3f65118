/**
 * Which paths need what, for the proxy gate. Pure, so the rules can be read and tested in one place.
 *
 * - `public`: the login and pairing pages, next-auth's routes, the health check, Next's static assets, and what a
 *   phone fetches to install the app (the web manifest and its icons, which hold nothing private).
 * - `bearer`: the MCP endpoint, which checks its own bearer token; a session cookie never opens it and its
 *   token never opens anything else.
 * - `session`: everything else, pages and REST routes alike.
 */

export type Access = "public" | "bearer" | "session";

const PUBLIC_EXACT = new Set(["/login", "/api/health", "/favicon.ico", "/robots.txt", "/manifest.webmanifest", "/apple-touch-icon.png"]);
const PUBLIC_PREFIXES = ["/pair/", "/api/auth/", "/_next/", "/icons/"];

function within(pathname: string, base: string): boolean {
  return pathname === base || pathname.startsWith(`${base}/`);
}

export function accessFor(pathname: string): Access {
  if (within(pathname, "/api/mcp")) return "bearer";
  if (PUBLIC_EXACT.has(pathname) || PUBLIC_PREFIXES.some((p) => pathname.startsWith(p))) return "public";
  return "session";
}

export function isApiPath(pathname: string): boolean {
  return within(pathname, "/api");
}

/**
 * A `next` parameter reduced to a path on this site: it must start with one "/" (not "//" or "/\", which browsers
 * read as another host) and must not lead back to the login page. Anything else becomes "/".
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f\u007f]/.test(next)) return "/";
  if (within(next.split(/[?#]/)[0]!, "/login")) return "/";
  return next;
}

/** Where an unauthenticated page request is sent: the login page, remembering where it was going. */
export function loginPath(pathname: string, search: string, reason?: string): string {
  const params = new URLSearchParams();
  const next = `${pathname}${search}`;
  if (next !== "/") params.set("next", next);
  if (reason) params.set("reason", reason);
  const query = params.toString();
  return query ? `/login?${query}` : "/login";
}
