import { describe, expect, it } from "vitest";
import { accountMarker, isPaperAccountId } from "./account-kind";

describe("which account it is", () => {
  it("the simulator whatever TWS names", () => {
    expect(accountMarker("sim", ["DU123456"]).kind).toBe("simulator");
  });

  it("paper accounts start with D (DU…, DF…), live ones do not", () => {
    expect(isPaperAccountId("DU1234567")).toBe(true);
    expect(isPaperAccountId("DF998877")).toBe(true);
    expect(isPaperAccountId("U1234567")).toBe(false);
    expect(isPaperAccountId("F112233")).toBe(false);
    expect(accountMarker("live", ["DU1234567"])).toMatchObject({ kind: "paper", label: expect.stringContaining("PAPER ACCOUNT DU1234567") });
    expect(accountMarker("live", ["U1234567"])).toMatchObject({ kind: "live", label: expect.stringContaining("LIVE ACCOUNT U1234567") });
  });

  it("a login mixing paper and live accounts, or none named yet, counts as live", () => {
    expect(accountMarker("live", ["DU1", "U2"]).kind).toBe("live");
    expect(accountMarker("live", [])).toMatchObject({ kind: "live", label: expect.stringContaining("not known yet") });
  });
});
