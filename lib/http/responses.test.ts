/** One mapping from an error's kind to its HTTP status and JSON, whatever layer raised it. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AuthError, AuthErrorCode } from "../auth/errors";
import { IbError, IbErrorCode, InputError, TradingError } from "../errors";
import { OptionsError, OptionsErrorCode } from "../options/errors";
import { jsonFromError } from "./responses";

async function answer(error: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = jsonFromError(error);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("jsonFromError", () => {
  it.each([
    [new InputError("strike must be positive"), 400, "invalid", "invalid_input"],
    [new OptionsError(OptionsErrorCode.InvalidExpiry, "20261340 is not a date"), 400, "invalid", "invalid_input"],
    [z.object({ n: z.number({ error: "n must be a number" }) }).safeParse({}).error, 400, "invalid", "invalid_input"],
    [new IbError(IbErrorCode.UnknownContract, "No contract ZZZZQ"), 404, "not_found", "unknown_contract"],
    [new IbError(IbErrorCode.NotConnected, "TWS is not connected"), 503, "unavailable", "not_connected"],
    [new IbError(IbErrorCode.Busy, "Max number of tickers"), 429, "limit", "busy"],
    [new TradingError("This proposal is filled; only a pending proposal can be approved.", "conflict", { id: "prp_1" }), 409, "conflict", "refused"],
    [new AuthError(AuthErrorCode.Expired, "Your session has expired."), 401, "unauthenticated", "session_expired"],
    [new AuthError(AuthErrorCode.DesktopOnly, "Only the desktop can pair."), 403, "forbidden", "desktop_only"],
  ])("%s answers %i", async (error, status, kind, code) => {
    const { status: got, body } = await answer(error);
    expect(got).toBe(status);
    expect(body).toMatchObject({ kind, code });
    expect(typeof body.error).toBe("string");
  });

  it("returns the proposal as it stands with a trading refusal", async () => {
    const { body } = await answer(new TradingError("Expired.", "conflict", { id: "prp_1", status: "expired" }));
    expect(body.current).toEqual({ id: "prp_1", status: "expired" });
  });

  it("rethrows a bug", () => {
    expect(() => jsonFromError(new TypeError("undefined is not a function"))).toThrow(TypeError);
  });
});
