/**
 * Why a request is not allowed, as a class with a string-enum code. Branded with Symbol.for like the errors in
 * lib/errors.ts, so `instanceof` works across Next's separately bundled copies of this module.
 */

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

const STATUS: Record<AuthErrorCode, 401 | 403 | 410> = {
  [AuthErrorCode.Unauthenticated]: 401,
  [AuthErrorCode.Expired]: 401,
  [AuthErrorCode.Revoked]: 401,
  [AuthErrorCode.LoggedOut]: 401,
  [AuthErrorCode.PassphraseChanged]: 401,
  [AuthErrorCode.DesktopOnly]: 403,
  [AuthErrorCode.CrossOrigin]: 403,
  [AuthErrorCode.PairingInvalid]: 410,
};

export class AuthError extends Error {
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

  /** The HTTP status a route answers with: 401 (log in), 403 (not allowed), 410 (pairing link gone). */
  get status(): 401 | 403 | 410 {
    return STATUS[this.code];
  }

  /** A JSON error response in the same shape as lib/http/responses.ts's jsonFail. */
  toResponse(): Response {
    return Response.json({ error: this.message, code: this.code }, { status: this.status, headers: { "Cache-Control": "no-store" } });
  }
}
