import { describe, expect, it } from "vitest";
import { IbError, IbErrorCode, InputError } from "./errors";

describe("error brands", () => {
  it("recognise errors made by another copy of the module (separately bundled code)", () => {
    const foreign = Object.assign(new Error("x"), { [Symbol.for("sumppump.IbError")]: true, code: IbErrorCode.Timeout });
    expect(foreign instanceof IbError).toBe(true);
    expect(new IbError(IbErrorCode.Timeout, "t") instanceof IbError).toBe(true);
    expect(new IbError(IbErrorCode.Timeout, "t") instanceof InputError).toBe(false);
    expect(new Error("plain") instanceof IbError).toBe(false);
    expect((null as unknown as object) instanceof IbError).toBe(false);
    expect(new InputError("bad") instanceof InputError).toBe(true);
    expect(new InputError("bad") instanceof Error).toBe(true);
  });
});
