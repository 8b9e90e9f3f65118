/**
 * Why a request is not allowed, as a class with a string-enum code. Branded with Symbol.for like the errors in
 * lib/errors.ts, so `instanceof` works across Next's separately bundled copies of this module.
 */

import { AppError, type ErrorKind } from "../errors";
import { httpStatusOf, jsonFromAppError } from "../http/responses";

const AUTH_ERROR = Symbol.for("sumppump.AuthError");

export enum AuthErrorCode {
  /** No session cookie, or one that cannot be read (wrong key, tampered). */
  Unauthenticated = "unauthenticated",
  /** The session was valid once but its time is up. */
  Expired = "session_expired",
  /** The paired device was revoked on /devices. */
  Revoked = "device_revoked",
  /** The browser logged out: its session was ended on the server, so a copy of the cookie opens nothing. */
  LoggedOut = "logged_out",
  /** The passphrase changed since this login. */
  PassphraseChanged = "passphrase_changed",
  /** Logged in, but this action needs the desktop login (e.g. pairing another phone). */
  DesktopOnly = "desktop_only",
  /** A state-changing request without proof that it came from this app's own pages. */
  CrossOrigin = "cross_origin",
  /** The pairing link is unknown, used or expired. */
  PairingInvalid = "pairing_invalid",
}

const KIND: Record<AuthErrorCode, ErrorKind> = {
  [AuthErrorCode.Unauthenticated]: "unauthenticated",
  [AuthErrorCode.Expired]: "unauthenticated",
  [AuthErrorCode.Revoked]: "unauthenticated",
  [AuthErrorCode.LoggedOut]: "unauthenticated",
  [AuthErrorCode.PassphraseChanged]: "unauthenticated",
  [AuthErrorCode.DesktopOnly]: "forbidden",
  [AuthErrorCode.CrossOrigin]: "forbidden",
  [AuthErrorCode.PairingInvalid]: "not_found",
};

export class AuthError extends AppError {
  override readonly name = "AuthError";
  readonly [AUTH_ERROR] = true;
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[AUTH_ERROR] === true;
  }
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
  }

  get kind(): ErrorKind {
    return KIND[this.code];
  }

  /** The HTTP status a route answers with (401 log in, 403 not allowed, 404 pairing link gone), from its kind. */
  get status(): number {
    return httpStatusOf(this.kind);
  }

  /** The JSON error response every route gives (lib/http/responses.ts). */
  toResponse(): Response {
    return jsonFromAppError(this);
  }
}
