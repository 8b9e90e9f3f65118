/**
 * Every request passes the Host allow-list (against DNS rebinding) and, when it carries an Origin, must come
 * from this app's own origin (a hostile page on the LAN cannot drive the API from a visitor's browser).
 */
import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "./lib/config";
import { allowedHostNames, checkHostAndOrigin } from "./lib/http/request-guard";

export function proxy(request: NextRequest): NextResponse {
  const guard = checkHostAndOrigin(request.headers, allowedHostNames(getConfig().SUMPPUMP_ALLOWED_HOSTS));
  if (!guard.ok) return NextResponse.json({ error: guard.message }, { status: guard.status });
  return NextResponse.next();
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
