/** JSON responses for the REST routes, with expected failures mapped to HTTP statuses and readable messages. */
import { ZodError } from "zod";
import { IbError, IbErrorCode, InputError, TradingError } from "../errors";

const STATUS_BY_IB_CODE: Record<IbErrorCode, number> = {
  [IbErrorCode.NotConnected]: 503,
  [IbErrorCode.ConnectionLost]: 503,
  [IbErrorCode.NotResponding]: 503,
  [IbErrorCode.Busy]: 503,
  [IbErrorCode.Timeout]: 504,
  [IbErrorCode.Rejected]: 502,
  [IbErrorCode.UnknownContract]: 404,
  [IbErrorCode.NotSubscribed]: 403,
  [IbErrorCode.NoData]: 404,
  [IbErrorCode.Withheld]: 409,
  // Nobody reads it: the caller went away (the status nginx logs for that).
  [IbErrorCode.Aborted]: 499,
};

export function jsonOk(body: unknown): Response {
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
}

export function jsonFail(status: number, error: string, code?: string): Response {
  return Response.json({ error, code }, { status, headers: { "Cache-Control": "no-store" } });
}

/** Expected failures become a status and a message; anything else is rethrown for Next to log as a bug. */
export function jsonFromError(error: unknown): Response {
  if (error instanceof IbError) return jsonFail(STATUS_BY_IB_CODE[error.code], error.message, error.code);
  if (error instanceof InputError) return jsonFail(400, error.message, error.code);
  if (error instanceof TradingError) {
    return Response.json({ error: error.message, code: "refused", current: error.current }, { status: error.httpStatus, headers: { "Cache-Control": "no-store" } });
  }
  if (error instanceof ZodError) return jsonFail(400, error.issues.map((i) => i.message).join("; "), "invalid_input");
  // A %-escape that does not decode is the caller's mistake, not the server's.
  if (error instanceof URIError) return jsonFail(400, "The address has a malformed %-escape.", "invalid_input");
  throw error;
}
