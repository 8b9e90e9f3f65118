import { describe, expect, it } from "vitest";
import { allowedHostNames, checkHostAndOrigin, hostWithoutPort } from "./request-guard";

const allowed = allowedHostNames(["trader.lan"]);
const headers = (h: Record<string, string>) => new Headers(h);

describe("checkHostAndOrigin", () => {
  it("accepts loopback and configured hosts with or without an Origin of the same host", () => {
    expect(checkHostAndOrigin(headers({ host: "localhost:8765" }), allowed)).toEqual({ ok: true });
    expect(checkHostAndOrigin(headers({ host: "127.0.0.1:8765", origin: "http://127.0.0.1:8765" }), allowed)).toEqual({ ok: true });
    expect(checkHostAndOrigin(headers({ host: "Trader.LAN:8765" }), allowed)).toEqual({ ok: true });
  });

  it("rejects an Origin that is not the app's own", () => {
    expect(checkHostAndOrigin(headers({ host: "localhost:8765", origin: "http://evil.example" }), allowed)).toMatchObject({ ok: false, status: 403 });
    // Same host name, different port: a different origin.
    expect(checkHostAndOrigin(headers({ host: "localhost:8765", origin: "http://localhost:9999" }), allowed)).toMatchObject({ ok: false, status: 403 });
    expect(checkHostAndOrigin(headers({ host: "localhost:8765", origin: "null" }), allowed)).toMatchObject({ ok: false, status: 403 });
  });

  it("rejects a Host that is not this machine (DNS rebinding)", () => {
    expect(checkHostAndOrigin(headers({ host: "evil.example:8765" }), allowed)).toMatchObject({ ok: false, status: 421 });
    expect(checkHostAndOrigin(headers({}), allowed)).toMatchObject({ ok: false, status: 421 });
  });

  it("splits ports off IPv4, names and bracketed IPv6", () => {
    expect(hostWithoutPort("example:80")).toBe("example");
    expect(hostWithoutPort("[::1]:8765")).toBe("[::1]");
    expect(hostWithoutPort("LOCALHOST")).toBe("localhost");
  });
});
