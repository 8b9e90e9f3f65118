import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, ConfigError, databaseFile, parseConfig } from "./config";

function errorOf(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("has the documented defaults for an empty environment", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      PORT: 8765,
      HOST: "0.0.0.0",
      SUMPPUMP_MODE: "sim",
      IB_HOST: "127.0.0.1",
      IB_PORT: 7497,
      IB_CLIENT_ID: 1,
      DATABASE_URL: "file:./data/sumppump.db",
      SUMPPUMP_LOG_FILE: "logs/sump_pump.log",
    });
    expect(config.SUMPPUMP_MCP_TOKEN).toBeUndefined();
  });

  it("reads and coerces values", () => {
    const config = parseConfig({ PORT: "9000", SUMPPUMP_MODE: "live", IB_PORT: "4002", IB_CLIENT_ID: "7", SUMPPUMP_ALLOWED_HOSTS: "Trader.lan, desk " });
    expect(config.PORT).toBe(9000);
    expect(config.SUMPPUMP_MODE).toBe("live");
    expect(config.IB_PORT).toBe(4002);
    expect(config.IB_CLIENT_ID).toBe(7);
    expect(config.SUMPPUMP_ALLOWED_HOSTS).toEqual(["trader.lan", "desk"]);
  });

  it("treats empty variables as unset", () => {
    expect(parseConfig({ PORT: "", SUMPPUMP_MCP_TOKEN: "  " }).PORT).toBe(8765);
  });

  it.each([
    [{ PORT: "abc" }, "PORT", /must be a number/],
    [{ PORT: "70000" }, "PORT", /between 1 and 65535/],
    [{ PORT: "80.5" }, "PORT", /whole number/],
    [{ SUMPPUMP_MODE: "paper" }, "SUMPPUMP_MODE", /"sim".*"live"/],
    [{ IB_PORT: "-1" }, "IB_PORT", /between 1 and 65535/],
    [{ IB_CLIENT_ID: "x" }, "IB_CLIENT_ID", /must be a number/],
    [{ DATABASE_URL: "postgres://db" }, "DATABASE_URL", /SQLite URL/],
    [{ SUMPPUMP_MCP_TOKEN: "short" }, "SUMPPUMP_MCP_TOKEN", /at least 24 characters/],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL", /must be one of/],
    [{ HOST: "bad host!" }, "HOST", /host name or IP/],
  ])("rejects %j with one clear line naming %s", (env, variable, problem) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
    expect(error.message).toMatch(problem);
    expect(error.message).not.toContain("\n");
  });

  it("shows the offending value but never a valid secret", () => {
    expect(errorOf({ PORT: "abc" }).message).toContain('(got "abc")');
  });

  it("resolves the database file relative to the working directory", () => {
    expect(databaseFile({ DATABASE_URL: "file:./data/x.db" })).toBe(path.resolve("data/x.db"));
  });
});

describe(".env.example", () => {
  it("documents every variable the app reads", () => {
    const example = readFileSync(path.join(import.meta.dirname, "..", ".env.example"), "utf8");
    for (const { name } of CONFIG_VARIABLES) expect(example, `${name} missing from .env.example`).toMatch(new RegExp(`^#? ?${name}=`, "m"));
  });
});
