/**
 * Seeded fault schedules: what the trader, Claude and TWS do to one SumpPump, and when. The same seed gives the
 * same schedule, so a failing run can be replayed (timings between the processes still vary a little, as they
 * would on any machine).
 */

/** What happens at one step of a schedule. */
export type ChaosStep =
  | { kind: "propose"; resting: boolean }
  | { kind: "approve" }
  /** Approves, then SIGKILLs the app this many ms later: somewhere between approval, send and fill. */
  | { kind: "approve_then_crash"; afterMs: number }
  | { kind: "cancel" }
  | { kind: "quote" }
  | { kind: "drop_connections" }
  /** TWS loses its link to IB (1100) for `forMs`, then 1101 (lines lost) or 1102 (data kept). */
  | { kind: "connectivity_lost"; forMs: number; dataMaintained: boolean }
  | { kind: "latency"; ms: number; forMs: number }
  | { kind: "reject_next_order" }
  | { kind: "stop_filling"; forMs: number }
  /** TWS restarts and refuses connections for `downMs` (the nightly restart, or an update). */
  | { kind: "restart_tws"; downMs: number }
  /** TWS stops reading and writing for `forMs` with the socket open. */
  | { kind: "hang"; forMs: number }
  /** Another API client on the same TWS takes order ids and places an order of its own. */
  | { kind: "competing_client"; ids: number }
  /** Another session takes the live data (10197) for `forMs`. */
  | { kind: "competing_live_session"; forMs: number }
  /** SPY's live data ends and turns delayed for `forMs`, then live again. */
  | { kind: "delayed_data"; forMs: number }
  /** SIGKILL of the app, restarted after `downMs`. */
  | { kind: "crash_app"; downMs: number };

export interface TimedStep {
  /** Real milliseconds to wait before this step. */
  waitMs: number;
  step: ChaosStep;
}

/** A small, fast, well-mixed PRNG (mulberry32): uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Traffic outweighs faults about two to one, so most faults land with orders in flight. */
const WEIGHTS: Array<[number, (r: () => number, int: (lo: number, hi: number) => number) => ChaosStep]> = [
  [5, (r) => ({ kind: "propose", resting: r() < 0.4 })],
  [5, () => ({ kind: "approve" })],
  [2, (_r, int) => ({ kind: "approve_then_crash", afterMs: int(0, 60) })],
  [2, () => ({ kind: "cancel" })],
  [2, () => ({ kind: "quote" })],
  [1, () => ({ kind: "drop_connections" })],
  [1, (r, int) => ({ kind: "connectivity_lost", forMs: int(200, 2_000), dataMaintained: r() < 0.5 })],
  [1, (_r, int) => ({ kind: "latency", ms: int(100, 1_200), forMs: int(300, 2_000) })],
  [1, () => ({ kind: "reject_next_order" })],
  [1, (_r, int) => ({ kind: "stop_filling", forMs: int(300, 2_500) })],
  [1, (r, int) => ({ kind: "restart_tws", downMs: r() < 0.5 ? 0 : int(200, 3_000) })],
  [1, (_r, int) => ({ kind: "hang", forMs: int(300, 7_000) })],
  [1, (_r, int) => ({ kind: "competing_client", ids: int(1, 5) })],
  [1, (_r, int) => ({ kind: "competing_live_session", forMs: int(200, 2_000) })],
  [1, (_r, int) => ({ kind: "delayed_data", forMs: int(300, 2_500) })],
  [1, (_r, int) => ({ kind: "crash_app", downMs: int(50, 800) })],
];
const TOTAL_WEIGHT = WEIGHTS.reduce((sum, [w]) => sum + w, 0);

/** The schedule of a seed: `steps` steps, each after a short random wait. */
export function buildSchedule(seed: number, steps = 14): TimedStep[] {
  const r = seededRandom(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const schedule: TimedStep[] = [
    // Every schedule starts with something to approve.
    { waitMs: 0, step: { kind: "propose", resting: false } },
    { waitMs: 0, step: { kind: "propose", resting: true } },
    { waitMs: 0, step: { kind: "approve" } },
  ];
  for (let i = 0; i < steps; i++) {
    let pick = r() * TOTAL_WEIGHT;
    const entry = WEIGHTS.find(([w]) => (pick -= w) < 0) ?? WEIGHTS[0]!;
    schedule.push({ waitMs: int(10, 400), step: entry[1](r, int) });
  }
  return schedule;
}

/** "approve_then_crash(afterMs=12)": one line per step, for a failing seed's report. */
export function describeStep(step: ChaosStep): string {
  const { kind, ...rest } = step;
  const args = Object.entries(rest).map(([k, v]) => `${k}=${String(v)}`);
  return args.length > 0 ? `${kind}(${args.join(", ")})` : kind;
}
