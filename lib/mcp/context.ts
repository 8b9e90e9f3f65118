/** Everything the MCP endpoint needs, from the process-wide config, database and IB connection. */
import { getConfig } from "../config";
import { getDb } from "../db";
import { allowedHostNames } from "../http/request-guard";
import { getIb } from "../ib";
import { resolveMcpToken } from "../secrets";
import { getDesk } from "../trading";
import type { McpHttpOptions } from "./http";

export async function mcpHttpOptions(): Promise<McpHttpOptions> {
  const config = getConfig();
  const { token } = await resolveMcpToken(getDb(), config);
  return {
    ib: getIb(),
    desk: getDesk(),
    simulated: config.SUMPPUMP_MODE === "sim",
    token,
    allowedHosts: allowedHostNames(config.SUMPPUMP_ALLOWED_HOSTS),
  };
}
