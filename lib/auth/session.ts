/**
 * What route handlers and server components call to know who is asking.
 *
 *   const actor = await requireUser(request);   // route handler: throws AuthError (401/403) → error.toResponse()
 *   const actor = await requirePageUser("/x");  // server component: redirects to /login when not logged in
 *   const actor = await getAuthenticatedActor(); // null when not logged in (e.g. the top bar)
 *
 * requireUser also refuses a state-changing request (POST, PUT, PATCH, DELETE) that is not same-origin. The MCP
 * bearer token is never accepted here: only the session cookie set by logging in or pairing a device.
 */
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { actorFor, type Actor } from "./actor";
import { AuthError, AuthErrorCode } from "./errors";
import { loginPath } from "./gate";
import { requireSameOrigin } from "./same-origin";
import { SESSION_COOKIE } from "./tokens";

export type { Actor } from "./actor";

/** The session cookie's value, from the request when given, else from the incoming request's cookies. */
function cookieValue(request: Request | undefined): Promise<string | undefined> | string | undefined {
  if (!request) return cookies().then((jar) => jar.get(SESSION_COOKIE)?.value);
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The logged-in actor, or throws AuthError: 401 without a valid session, 403 for a cross-origin state change. */
export async function requireUser(request?: Request): Promise<Actor> {
  if (request) requireSameOrigin(request);
  return actorFor(await cookieValue(request));
}

/** Like requireUser, but only the desktop (passphrase) login will do; a paired device gets 403. */
export async function requireDesktop(request?: Request): Promise<Actor> {
  const actor = await requireUser(request);
  if (actor.kind !== "desktop") throw new AuthError(AuthErrorCode.DesktopOnly, "Only the desktop login can do this; a paired phone cannot.");
  return actor;
}

/** The logged-in actor, or null. */
export async function getAuthenticatedActor(request?: Request): Promise<Actor | null> {
  try {
    return await actorFor(await cookieValue(request));
  } catch (error) {
    if (error instanceof AuthError) return null;
    throw error;
  }
}

/** For server components: the actor, or a redirect to the login page that comes back to `nextPath`. */
export async function requirePageUser(nextPath: string): Promise<Actor> {
  try {
    return await actorFor(await cookieValue(undefined));
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    const [pathname, search = ""] = nextPath.split(/(?=\?)/);
    redirect(loginPath(pathname ?? "/", search, error.code));
  }
}
