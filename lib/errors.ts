/**
 * Every expected failure is an `AppError`: a `code` from its family's string enum (what happened, for code that
 * acts on it) and a `kind` (what sort of refusal it is). The HTTP status is derived from the kind in exactly one
 * place (lib/http/responses.ts), the MCP tool result in exactly one other (lib/mcp/results.ts). Anything that is
 * not an AppError (after `toAppError`) is a bug and propagates.
 *
 * Next bundles instrumentation, routes and pages separately, so one process can hold several copies of this
 * module: `instanceof` therefore checks a brand registered with Symbol.for, not the class object's identity.
 */
import { ZodError } from "zod";
import { NoImpliedVolatility, OptionsError } from "./options/errors";
import { StrategyError } from "./strategies/errors";

function branded(brand: symbol): (value: unknown) => boolean {
  return (value) => typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/** What sort of refusal an error is; each maps to one HTTP status and reads the same in a tool result. */
export type ErrorKind =
  /** The request itself is wrong: fix the arguments. */
  | "invalid"
  /** What the request names does not exist (a symbol, a proposal). */
  | "not_found"
  /** The request is fine but the state it acts on has moved on (not pending any more, changed since seen). */
  | "conflict"
  /** A dependency (TWS, the market-data feed) cannot answer now: try again later. */
  | "unavailable"
  /** Not allowed, whoever asks (permission policy, subscription, origin). */
  | "forbidden"
  /** A limit or rate is exceeded (max loss, daily loss, too many attempts). */
  | "limit"
  /** Not logged in (no session, expired, revoked). */
  | "unauthenticated"
  /** The caller went away before the answer; nobody reads it. */
  | "aborted";

const APP_ERROR = Symbol.for("sumppump.AppError");
const isAppError = branded(APP_ERROR);

/** The base of every expected failure. Subclasses set `code` (their family's enum) and `kind`. */
export abstract class AppError extends Error {
  readonly [APP_ERROR] = true;
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isAppError(value);
  }
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;
  /** What the caller can do about it, when the message alone does not say. */
  get nextStep(): string | undefined {
    return undefined;
  }
}

const IB_ERROR = Symbol.for("sumppump.IbError");
const INPUT_ERROR = Symbol.for("sumppump.InputError");
const isIbError = branded(IB_ERROR);
const isInputError = branded(INPUT_ERROR);

export enum IbErrorCode {
  /** No connection to TWS / IB Gateway right now. */
  NotConnected = "not_connected",
  /** The connection dropped while the request was in flight. */
  ConnectionLost = "connection_lost",
  /** The socket is open but TWS answers nothing (hung, busy, or waiting on a dialog). */
  NotResponding = "not_responding",
  /** TWS is at its limit of concurrent requests of this kind (e.g. 322 for account summaries): ask again shortly. */
  Busy = "busy",
  /** TWS did not answer within the request timeout. */
  Timeout = "timeout",
  /** TWS answered with an error message for this request. */
  Rejected = "rejected",
  /** TWS knows no contract matching the request (TWS error 200). */
  UnknownContract = "unknown_contract",
  /** The login has no market-data subscription for this (TWS errors 354, 10089, 10168). */
  NotSubscribed = "not_subscribed",
  /** TWS returned no usable data (e.g. a quote with neither bid, ask nor last). */
  NoData = "no_data",
  /** A message held back at the moment it was to be written (an order when the kill switch went on). */
  Withheld = "withheld",
  /** Whoever asked went away (a closed page) before the answer: the request was dropped or cancelled at TWS. */
  Aborted = "aborted",
}

const IB_KIND: Record<IbErrorCode, ErrorKind> = {
  [IbErrorCode.NotConnected]: "unavailable",
  [IbErrorCode.ConnectionLost]: "unavailable",
  [IbErrorCode.NotResponding]: "unavailable",
  [IbErrorCode.Busy]: "limit",
  [IbErrorCode.Timeout]: "unavailable",
  [IbErrorCode.Rejected]: "invalid",
  [IbErrorCode.UnknownContract]: "not_found",
  [IbErrorCode.NotSubscribed]: "forbidden",
  [IbErrorCode.NoData]: "not_found",
  [IbErrorCode.Withheld]: "conflict",
  [IbErrorCode.Aborted]: "aborted",
};

const IB_NEXT_STEP: Record<IbErrorCode, string> = {
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

/** A failure talking to TWS. `ibCode` is TWS's own error number when TWS sent one. */
export class IbError extends AppError {
  override readonly name = "IbError";
  readonly [IB_ERROR] = true;
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isIbError(value);
  }
  constructor(
    readonly code: IbErrorCode,
    message: string,
    readonly details: { reqId?: number; ibCode?: number } = {},
  ) {
    super(message);
  }
  get kind(): ErrorKind {
    return IB_KIND[this.code];
  }
  override get nextStep(): string {
    return IB_NEXT_STEP[this.code];
  }
}

export enum InputErrorCode {
  Invalid = "invalid_input",
}

/** The caller sent something unusable; the message says what and how to fix it. */
export class InputError extends AppError {
  override readonly name = "InputError";
  readonly [INPUT_ERROR] = true;
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isInputError(value);
  }
  readonly code = InputErrorCode.Invalid;
  readonly kind = "invalid";
}

const TRADING_ERROR = Symbol.for("sumppump.TradingError");
const isTradingError = branded(TRADING_ERROR);

export enum TradingErrorCode {
  Refused = "refused",
}

/**
 * A trading action refused (approve a proposal that is not pending, a stale approval, the kill switch…), with its
 * kind and, when there is one, the proposal as it stands now.
 */
export class TradingError extends AppError {
  override readonly name = "TradingError";
  readonly [TRADING_ERROR] = true;
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isTradingError(value);
  }
  readonly code = TradingErrorCode.Refused;
  constructor(
    message: string,
    readonly kind: ErrorKind,
    readonly current?: unknown,
  ) {
    super(message);
  }
}

/**
 * The AppError a caught value stands for: itself, or the refusals of the pure layers (lib/options,
 * lib/strategies, which import nothing outside themselves) and of zod, all as invalid input. Undefined for a bug.
 */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof OptionsError || error instanceof StrategyError || error instanceof NoImpliedVolatility) {
    return new InputError(error.message);
  }
  if (error instanceof ZodError) return new InputError(error.issues.map((i) => i.message).join("; "));
  // A %-escape that does not decode is the caller's mistake, not the server's.
  if (error instanceof URIError) return new InputError("The address has a malformed %-escape.");
  return undefined;
}
