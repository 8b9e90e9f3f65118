import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../config";

function errorOf(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("the login settings", () => {
  it("default to a generated passphrase and secret, 12-hour logins and 30-day phones", () => {
    const config = parseConfig({});
    expect(config.SUMPPUMP_PASSPHRASE).toBeUndefined();
    expect(config.NEXTAUTH_SECRET).toBeUndefined();
    expect(config.SUMPPUMP_SESSION_HOURS).toBe(12);
    expect(config.SUMPPUMP_DEVICE_SESSION_DAYS).toBe(30);
  });

  it("take a passphrase of 12 characters or more", () => {
    expect(parseConfig({ SUMPPUMP_PASSPHRASE: "twelve chars" }).SUMPPUMP_PASSPHRASE).toBe("twelve chars");
  });

  it.each([
    [{ SUMPPUMP_PASSPHRASE: "eleven char" }, "SUMPPUMP_PASSPHRASE", /at least 12 characters/],
    [{ NEXTAUTH_SECRET: "too-short-to-be-a-key" }, "NEXTAUTH_SECRET", /at least 32 characters/],
    [{ SUMPPUMP_SESSION_HOURS: "0" }, "SUMPPUMP_SESSION_HOURS", /between 1 and 720/],
    [{ SUMPPUMP_DEVICE_SESSION_DAYS: "1.5" }, "SUMPPUMP_DEVICE_SESSION_DAYS", /whole number/],
  ])("refuse %j naming %s", (env, variable, problem) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(problem);
  });

  it("never echo a rejected secret", () => {
    expect(errorOf({ SUMPPUMP_PASSPHRASE: "hunter2" }).message).not.toContain("hunter2");
    expect(errorOf({ NEXTAUTH_SECRET: "abc123" }).message).not.toContain("abc123");
    expect(errorOf({ SUMPPUMP_MCP_TOKEN: "tok3n" }).message).not.toContain("tok3n");
  });
});
