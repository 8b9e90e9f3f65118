/** Messages between the chaos battery and its app process (IPC). */
export type ChaosCommand = { seq: number } & (
  | { op: "ready" }
  | { op: "not_ready_reason" }
  | { op: "spread" }
  | { op: "propose"; request: Record<string, unknown> }
  | { op: "approve"; proposalId: string }
  | { op: "cancel"; proposalId: string }
  | { op: "quote"; symbol: string }
  | { op: "list" }
);

export type ChaosReply = { seq: number; ok: true; value: unknown } | { seq: number; ok: false; error: string };

/** `pacing`: TWS refused this many more messages for pacing (error 100) since the last such event. */
export type ChaosEvent = { event: "started" } | { event: "crash"; message: string } | { event: "pacing"; count: number };
