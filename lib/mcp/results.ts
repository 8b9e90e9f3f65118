/**
 * Tool results. Success carries everything in `structuredContent` (Claude Code shows the model only that) with
 * the same JSON as text for clients that read content. Failures the caller can fix are `isError` results that
 * say what went wrong and what to do next; programmer errors are thrown.
 */
import type { CallToolResult } from "@modelcontextprotocol/server";
import { IbError, IbErrorCode, InputError } from "../errors";

export function ok<T extends Record<string, unknown>>(structured: T): CallToolResult & { structuredContent: T } {
  return { content: [{ type: "text", text: JSON.stringify(structured) }], structuredContent: structured };
}

export function fail(message: string, nextStep?: string): CallToolResult {
  return { content: [{ type: "text", text: nextStep ? `${message} ${nextStep}` : message }], isError: true };
}

const NEXT_STEP: Record<IbErrorCode, string> = {
  [IbErrorCode.NotConnected]: "SumpPump reconnects by itself; try again in a few seconds, and check that TWS is running if it persists.",
  [IbErrorCode.ConnectionLost]: "SumpPump is reconnecting; try again in a few seconds.",
  [IbErrorCode.NotResponding]: "TWS is connected but answers nothing (hung, busy or held by a dialog in TWS); the trader may need to look at TWS. Try again once `connection` is ok.",
  [IbErrorCode.Busy]: "Nothing is wrong with the request: TWS is handling as many of these as it allows at once. Try again in a few seconds.",
  [IbErrorCode.Timeout]: "TWS did not answer in time (`connection` says whether it is reachable); try again shortly.",
  [IbErrorCode.Rejected]: "Check the arguments against TWS's message and try again.",
  [IbErrorCode.UnknownContract]: "Check the symbol (US stocks and ETFs, e.g. SPY, AAPL).",
  [IbErrorCode.NotSubscribed]:
    "The IBKR login has no market-data subscription for this; subscribe in IBKR's Client Portal, or enable delayed data there.",
  [IbErrorCode.NoData]: "The market may be closed or the symbol not trading; try another symbol or later.",
  [IbErrorCode.Withheld]: "The kill switch is on: the trader must turn it off in the inbox before anything is sent.",
  [IbErrorCode.Aborted]: "The request was abandoned before TWS answered; ask again if it is still wanted.",
};

/** Turns an expected failure into a tool error; anything else is a bug and is rethrown. */
export function failFrom(error: unknown): CallToolResult {
  if (error instanceof IbError) return fail(error.message, NEXT_STEP[error.code]);
  if (error instanceof InputError) return fail(error.message);
  throw error;
}
