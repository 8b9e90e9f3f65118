/** The MCP Inspector's own CLI, a client SumpPump does not control, lists and calls the tools. */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, waitForConnected, type RunningApp } from "../testing/app-process";

const run = promisify(execFile);
// The CLI behind `@modelcontextprotocol/inspector --cli`. It looks for its package.json relative to the working
// directory, so it runs from its own build folder.
const CLI_DIR = path.resolve(import.meta.dirname, "..", "..", "node_modules", "@modelcontextprotocol", "inspector-cli", "build");

let app: RunningApp;

beforeAll(async () => {
  app = await startApp();
  await waitForConnected(app.url);
}, 120_000);

afterAll(() => app?.stop());

async function inspector(...args: string[]): Promise<unknown> {
  const { stdout } = await run(
    process.execPath,
    ["index.js", `${app.url}/api/mcp`, "--transport", "http", "--header", `Authorization: Bearer ${app.token}`, ...args],
    { timeout: 60_000, cwd: CLI_DIR },
  );
  // The CLI prints a notice before the JSON result.
  return JSON.parse(stdout.slice(stdout.indexOf("{")));
}

describe("MCP Inspector CLI", () => {
  it("lists the tools", async () => {
    const result = (await inspector("--method", "tools/list")) as { tools: Array<{ name: string }> };
    expect(result.tools.map((t) => t.name)).toEqual(expect.arrayContaining(["get_quote", "get_options_chain", "calculate_strategy", "get_account_summary"]));
  });

  it("calls get_quote", async () => {
    const result = (await inspector("--method", "tools/call", "--tool-name", "get_quote", "--tool-arg", "symbol=IWM")) as {
      structuredContent: { symbol: string; last: number };
      isError?: boolean;
    };
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent.symbol).toBe("IWM");
    expect(result.structuredContent.last).toBeGreaterThan(0);
  });
});
