/**
 * The trading core of SumpPump (the shared IB client, the trading desk, SQLite) in a process of its own, driven
 * over IPC by the chaos battery, so that "the app crashed" is a real SIGKILL at any point between an approval
 * and a fill. Started with CHAOS_SIM_PORT, CHAOS_DB_FILE and CHAOS_CLIENT_ID.
 */
import pino from "pino";
import { openDatabase } from "../../db";
import { tradeRequestSchema } from "../../trading/trade-request";
import { marketableSpread, newTestDesk } from "../desk-harness";
import type { ChaosCommand, ChaosReply, ChaosEvent } from "./protocol";

const send = (message: ChaosReply | ChaosEvent): void => {
  process.send?.(message);
};

for (const event of ["uncaughtException", "unhandledRejection"] as const) {
  process.on(event, (error: unknown) => {
    send({ event: "crash", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  });
}

const db = openDatabase(process.env.CHAOS_DB_FILE!);
const { ib, desk } = newTestDesk(Number(process.env.CHAOS_SIM_PORT), db, Number(process.env.CHAOS_CLIENT_ID), {
  log: pino({ level: "silent" }),
  // Long enough that a proposal made early in a schedule can still be approved at its end.
  proposalTtlMs: 600_000,
  maxDrift: 0.05,
});

async function run(command: ChaosCommand): Promise<unknown> {
  switch (command.op) {
    case "ready":
      return desk.ready();
    case "not_ready_reason":
      return desk.notReadyReason();
    case "spread":
      return marketableSpread(ib);
    case "propose": {
      const request = tradeRequestSchema.parse(command.request);
      return (await desk.propose(request, "mcp")).view;
    }
    case "approve": {
      const seen = await desk.view(command.proposalId);
      return desk.approve(command.proposalId, { contentHash: seen.content_hash, revision: seen.revision }, "desktop");
    }
    case "cancel":
      return (await desk.cancel(command.proposalId, "desktop", "human")).outcome;
    case "quote":
      return ib.quote(command.symbol);
    case "list":
      return desk.list({ limit: 500 });
  }
}

process.on("message", (command: ChaosCommand) => {
  run(command).then(
    (value) => send({ seq: command.seq, ok: true, value }),
    (error: unknown) => send({ seq: command.seq, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});

let pacingReported = 0;
setInterval(() => {
  const count = ib.client.rateLimitErrors - pacingReported;
  if (count > 0) send({ event: "pacing", count });
  pacingReported += count;
}, 100).unref();

await desk.start();
send({ event: "started" });
