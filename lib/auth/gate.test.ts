import { describe, expect, it } from "vitest";
import { accessFor, isApiPath, loginPath, safeNextPath } from "./gate";

describe("accessFor", () => {
  it.each([
    ["/", "session"],
    ["/devices", "session"],
    ["/inbox", "session"],
    ["/api/status", "session"],
    ["/api/account", "session"],
    ["/api/quote", "session"],
    ["/api/devices/pairings", "session"],
    ["/api/mcpx", "session"],
    ["/loginx", "session"],
    ["/pair", "session"],
    ["/login", "public"],
    ["/pair/abc", "public"],
    ["/api/auth/csrf", "public"],
    ["/api/auth/callback/passphrase", "public"],
    ["/api/health", "public"],
    ["/_next/static/chunks/x.js", "public"],
    ["/manifest.webmanifest", "public"],
    ["/icons/icon-192.png", "public"],
    ["/apple-touch-icon.png", "public"],
    ["/iconsx", "session"],
    ["/orders", "session"],
    ["/api/mcp", "bearer"],
    ["/api/mcp/anything", "bearer"],
  ] as const)("%s → %s", (path, access) => {
    expect(accessFor(path)).toBe(access);
  });

  it("knows API paths", () => {
    expect(isApiPath("/api")).toBe(true);
    expect(isApiPath("/api/quote")).toBe(true);
    expect(isApiPath("/apis")).toBe(false);
    expect(isApiPath("/")).toBe(false);
  });
});

describe("safeNextPath", () => {
  it.each([
    [undefined, "/"],
    ["", "/"],
    ["/devices", "/devices"],
    ["/inbox?order=7#top", "/inbox?order=7#top"],
    ["https://evil.example/", "/"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["/login", "/"],
    ["/login?next=/x", "/"],
    ["/ok\nSet-Cookie: x", "/"],
  ])("%j → %j", (next, safe) => {
    expect(safeNextPath(next)).toBe(safe);
  });
});

describe("loginPath", () => {
  it("remembers where the request was going and why it was stopped", () => {
    expect(loginPath("/", "")).toBe("/login");
    expect(loginPath("/devices", "")).toBe("/login?next=%2Fdevices");
    expect(loginPath("/inbox", "?id=3", "session_expired")).toBe("/login?next=%2Finbox%3Fid%3D3&reason=session_expired");
  });
});
