/**
 * Error classes with string-enum codes. Code that can act on a failure switches on `code`, never on text.
 *
 * Next bundles instrumentation, routes and pages separately, so one process can hold several copies of this
 * module: `instanceof` therefore checks a brand registered with Symbol.for, not the class object's identity.
 */

function branded(brand: symbol): (value: unknown) => boolean {
  return (value) => typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
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

/** A failure talking to TWS. `ibCode` is TWS's own error number when TWS sent one. */
export class IbError extends Error {
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
}

export enum InputErrorCode {
  Invalid = "invalid_input",
}

/** The caller sent something unusable; the message says what and how to fix it. */
export class InputError extends Error {
  override readonly name = "InputError";
  readonly [INPUT_ERROR] = true;
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isInputError(value);
  }
  readonly code = InputErrorCode.Invalid;
}

const TRADING_ERROR = Symbol.for("sumppump.TradingError");
const isTradingError = branded(TRADING_ERROR);

/**
 * A trading action refused (approve a proposal that is not pending, a stale approval, the kill switch…), with the
 * HTTP status a route answers and, when there is one, the proposal as it stands now.
 */
export class TradingError extends Error {
  override readonly name = "TradingError";
  readonly [TRADING_ERROR] = true;
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isTradingError(value);
  }
  constructor(
    message: string,
    readonly httpStatus: 400 | 403 | 404 | 409 | 503,
    readonly current?: unknown,
  ) {
    super(message);
  }
}
