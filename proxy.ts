/**
 * Every request passes, in order:
 * 1. the Host allow-list (against DNS rebinding; X-Forwarded-Host too, since next-auth builds its URLs from it),
 *    and a present Origin must be this app's own (a hostile page on the LAN cannot drive the API);
 * 2. for a state-changing request (POST, PUT, PATCH, DELETE) anywhere but the MCP endpoint, proof that it came
 *    from this app's own pages (same Origin, or Sec-Fetch-Site: same-origin);
 * 3. the login gate: pages and REST routes need a session cookie (a passphrase login or a paired device, checked
 *    against the database so a revoked device stops at once). Without one, a page GET is sent to /login and
 *    anything else gets 401 JSON. The MCP endpoint checks its own bearer token and nothing else.
 */
import { NextResponse, type NextRequest } from "next/server";
import { actorFor } from "./lib/auth/actor";
import { AuthError, AuthErrorCode } from "./lib/auth/errors";
import { accessFor, isApiPath, loginPath } from "./lib/auth/gate";
import { checkSameOrigin } from "./lib/auth/same-origin";
import { SESSION_COOKIE } from "./lib/auth/tokens";
import { getConfig } from "./lib/config";
import { allowedHostNames, checkHostAndOrigin, hostWithoutPort } from "./lib/http/request-guard";

function refuse(status: number, error: string, code?: string): NextResponse {
  return NextResponse.json({ error, code }, { status, headers: { "Cache-Control": "no-store" } });
}

/** An absolute URL on the origin the browser used (request.nextUrl follows the Host header). */
function loginUrl(request: NextRequest, path: string): URL {
  const url = request.nextUrl.clone();
  const target = new URL(path, "http://placeholder");
  url.pathname = target.pathname;
  url.search = target.search;
  return url;
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const allowed = allowedHostNames(getConfig().SUMPPUMP_ALLOWED_HOSTS);
  const guard = checkHostAndOrigin(request.headers, allowed, request.url);
  if (!guard.ok) return refuse(guard.status, guard.message);
  const forwardedHost = request.headers.get("x-forwarded-host");
  if (forwardedHost && !allowed.has(hostWithoutPort(forwardedHost.split(",")[0]!))) {
    return refuse(421, `This server does not answer to the host "${forwardedHost}". Add it to SUMPPUMP_ALLOWED_HOSTS if it is this machine.`);
  }

  const { pathname, search } = request.nextUrl;
  const access = accessFor(pathname);
  if (access === "bearer") return NextResponse.next();

  const sameOrigin = checkSameOrigin(request.method, request.headers, request.url);
  if (!sameOrigin.ok) return refuse(403, sameOrigin.message, AuthErrorCode.CrossOrigin);
  if (access === "public") return NextResponse.next();

  const cookie = request.cookies.get(SESSION_COOKIE)?.value;
  try {
    await actorFor(cookie);
    return NextResponse.next();
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    const response =
      !isApiPath(pathname) && request.method === "GET"
        ? NextResponse.redirect(loginUrl(request, loginPath(pathname, search, cookie ? error.code : undefined)))
        : refuse(error.status, error.message, error.code);
    // A cookie that no longer opens anything (expired, revoked, old passphrase) is removed.
    if (cookie) response.cookies.delete(SESSION_COOKIE);
    return response;
  }
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
