/** JSON responses for the REST routes. The one place where an error's kind becomes an HTTP status. */
import { toAppError, type AppError, type ErrorKind } from "../errors";

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  limit: 429,
  // Nobody reads it: the caller went away (the status nginx logs for that).
  aborted: 499,
  unavailable: 503,
};

export function httpStatusOf(kind: ErrorKind): number {
  return STATUS_BY_KIND[kind];
}

export function jsonOk(body: unknown): Response {
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
}

/** A refusal in the routes' one JSON shape: `{ error, code, kind }`, plus the object as it stands now when there is one. */
export function jsonFail(kind: ErrorKind, error: string, code: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ error, code, kind, ...extra }, { status: httpStatusOf(kind), headers: { "Cache-Control": "no-store" } });
}

/** The response for an AppError. */
export function jsonFromAppError(error: AppError): Response {
  const current = "current" in error && error.current !== undefined ? { current: error.current } : {};
  return jsonFail(error.kind, error.message, error.code, current);
}

/** Expected failures become a status and a message; anything else is rethrown for Next to log as a bug. */
export function jsonFromError(error: unknown): Response {
  const known = toAppError(error);
  if (!known) throw error;
  return jsonFromAppError(known);
}
