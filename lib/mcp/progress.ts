/**
 * MCP progress notifications for long calls (multi-expiry chains, suggestions, backtests). Sent only when the
 * client asked for them with a progress token; at most every 250 ms so that a big chain doesn't flood it.
 */
import type { ServerContext } from "@modelcontextprotocol/server";

export type ToolExtra = ServerContext;

export function progressReporter(extra: ToolExtra, label: string): (done: number, total: number) => void {
  const token = extra.mcpReq._meta?.progressToken;
  if (token === undefined) return () => {};
  let lastSent = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - lastSent < 250) return;
    lastSent = now;
    void extra.mcpReq
      .notify({ method: "notifications/progress", params: { progressToken: token, progress: done, total, message: `${label}: ${done} of ${total}` } })
      .catch(() => {});
  };
}
