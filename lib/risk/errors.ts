/** Typed errors of lib/risk. */

/** Why a risk computation refused its input. */
export enum RiskErrorCode {
  /** A number is missing, negative or not finite where it must not be. */
  InvalidInput = "invalid_input",
}

/** An error from lib/risk with a machine-readable code. */
export class RiskError extends Error {
  readonly code: RiskErrorCode;

  constructor(code: RiskErrorCode, message: string) {
    super(message);
    this.name = "RiskError";
    this.code = code;
  }
}
