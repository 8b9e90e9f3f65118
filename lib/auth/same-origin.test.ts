import { describe, expect, it } from "vitest";
import { AuthError, AuthErrorCode } from "./errors";
import { checkSameOrigin, requireSameOrigin } from "./same-origin";

const h = (headers: Record<string, string>) => new Headers({ host: "192.168.1.20:8765", ...headers });

describe("checkSameOrigin", () => {
  it("lets safe methods through without an Origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) expect(checkSameOrigin(method, h({}))).toEqual({ ok: true });
  });

  it("accepts a state change whose Origin is this very origin", () => {
    expect(checkSameOrigin("POST", h({ origin: "http://192.168.1.20:8765" }))).toEqual({ ok: true });
    expect(checkSameOrigin("DELETE", h({ origin: "http://192.168.1.20:8765" }))).toEqual({ ok: true });
  });

  it("accepts a browser's Sec-Fetch-Site: same-origin when there is no Origin", () => {
    expect(checkSameOrigin("POST", h({ "sec-fetch-site": "same-origin" }))).toEqual({ ok: true });
  });

  it.each([
    ["no Origin at all", {}],
    ["a cross-site fetch", { "sec-fetch-site": "cross-site" }],
    ["a same-site (other port) fetch", { "sec-fetch-site": "same-site" }],
    ["another origin", { origin: "http://evil.example" }],
    ["another port", { origin: "http://192.168.1.20:9999" }],
    ["an opaque origin", { origin: "null" }],
  ])("refuses a POST with %s", (_label, headers) => {
    expect(checkSameOrigin("POST", h(headers))).toMatchObject({ ok: false });
  });

  it("compares the scheme too: https or ftp on an http server is another origin", () => {
    expect(checkSameOrigin("POST", h({ origin: "https://192.168.1.20:8765" }), "http://192.168.1.20:8765/api/x")).toMatchObject({ ok: false });
    expect(checkSameOrigin("POST", h({ origin: "ftp://192.168.1.20:8765" }), "http://192.168.1.20:8765/api/x")).toMatchObject({ ok: false });
  });

  it("ignores an X-Forwarded-Host the edge did not set", () => {
    expect(checkSameOrigin("POST", h({ "x-forwarded-host": "trader.lan", origin: "http://trader.lan" }))).toMatchObject({ ok: false });
  });
});

describe("requireSameOrigin", () => {
  it("throws a 403 AuthError for a cross-origin state change", () => {
    const request = new Request("http://192.168.1.20:8765/api/x", { method: "POST", headers: h({ origin: "http://evil.example" }) });
    let caught: unknown;
    try {
      requireSameOrigin(request);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AuthError);
    expect((caught as AuthError).code).toBe(AuthErrorCode.CrossOrigin);
    expect((caught as AuthError).status).toBe(403);
  });

  it("passes a same-origin POST and any GET", () => {
    expect(() => requireSameOrigin(new Request("http://x/api", { method: "POST", headers: h({ origin: "http://192.168.1.20:8765" }) }))).not.toThrow();
    expect(() => requireSameOrigin(new Request("http://x/api", { headers: h({}) }))).not.toThrow();
  });
});
