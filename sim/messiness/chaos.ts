import { hashString, uniform } from "../market/rng";

/** What a chaos schedule can do; each is also a control operation of its own (see docs/simulator.md). */
export const CHAOS_KINDS = [
  "order-ids",
  "competing-order",
  "advisory",
  "farm",
  "competing-session",
  "connectivity",
  "delayed",
  "hang",
  "drop",
  "restart",
] as const;
export type ChaosKind = (typeof CHAOS_KINDS)[number];

/** Relative frequency: advisories and order-id contention are everyday; restarts and hangs are rare. */
const WEIGHT: Record<ChaosKind, number> = {
  "order-ids": 3,
  "competing-order": 3,
  advisory: 2,
  farm: 2,
  "competing-session": 1,
  connectivity: 2,
  delayed: 1,
  hang: 1,
  drop: 1,
  restart: 1,
};

export const ADVISORY_CODES = [10089, 10090, 10091, 10167, 354, 10168] as const;
export type AdvisoryCode = (typeof ADVISORY_CODES)[number];
export const FARMS = ["market", "hmds", "secdef"] as const;
export type Farm = (typeof FARMS)[number];

export interface ChaosOptions {
  /** Mean real ms between two events (exponentially distributed gaps). Default 20 000. */
  intervalMs: number;
  /** Longest outage (hang, lost connectivity, restart, delayed spell) in real ms. Default 15 000. */
  maxOutageMs: number;
  /** Only these kinds (default: all). */
  kinds: readonly ChaosKind[];
  /** Symbols the data advisories and delayed spells pick from. */
  symbols: readonly string[];
}

export const DEFAULT_CHAOS: ChaosOptions = {
  intervalMs: 20_000,
  maxOutageMs: 15_000,
  kinds: CHAOS_KINDS,
  symbols: ["SPY", "QQQ", "AAPL", "TSLA"],
};

export interface ChaosEvent {
  /** Real ms after the schedule started. */
  atMs: number;
  kind: ChaosKind;
  /** How long the fault lasts (outages) in real ms. */
  durationMs: number;
  symbol: string;
  code: AdvisoryCode;
  farm: Farm;
  /** connectivity: 1102 (true) or 1101 (false) when it comes back. */
  dataMaintained: boolean;
  /** order-ids: how many ids the competing client takes. */
  count: number;
}

const STREAM = hashString("chaos");

function pick<T>(items: readonly T[], u: number): T {
  const item = items[Math.min(items.length - 1, Math.floor(u * items.length))];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

/** The i-th event's draws, a pure function of (seed, i); `atMs` is the previous event's plus an exponential gap. */
function drawEvent(seed: number, i: number, previousAtMs: number, o: ChaosOptions): ChaosEvent {
  const u = (k: number): number => uniform(seed, STREAM, i * 16 + k);
  const kinds = o.kinds.length > 0 ? o.kinds : CHAOS_KINDS;
  const total = kinds.reduce((s, k) => s + WEIGHT[k], 0);
  let w = u(1) * total;
  let kind = kinds[kinds.length - 1] ?? "farm";
  for (const k of kinds) {
    w -= WEIGHT[k];
    if (w < 0) {
      kind = k;
      break;
    }
  }
  return {
    atMs: Math.round(previousAtMs - Math.log(u(0)) * o.intervalMs),
    kind,
    durationMs: Math.round((0.1 + 0.9 * u(2)) * o.maxOutageMs),
    symbol: pick(o.symbols, u(3)),
    code: pick(ADVISORY_CODES, u(4)),
    farm: pick(FARMS, u(5)),
    dataMaintained: u(6) < 0.5,
    count: 1 + Math.floor(u(7) * 5),
  };
}

/** The first `count` events of the schedule for `seed`: the same seed and options always give the same list. */
export function chaosPlan(seed: number, count: number, options: Partial<ChaosOptions> = {}): ChaosEvent[] {
  const o = { ...DEFAULT_CHAOS, ...options };
  const events: ChaosEvent[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const e = drawEvent(seed, i, at, o);
    events.push(e);
    at = e.atMs;
  }
  return events;
}

/** Runs a schedule in real time, handing each event to `apply` when it is due, until stopped. */
export class ChaosRunner {
  private timer: NodeJS.Timeout | undefined;
  private index = 0;
  private lastAt = 0;
  private readonly startedAt = Date.now();
  private readonly options: ChaosOptions;

  constructor(
    readonly seed: number,
    options: Partial<ChaosOptions>,
    private readonly apply: (e: ChaosEvent) => void,
  ) {
    this.options = { ...DEFAULT_CHAOS, ...options };
    this.scheduleNext();
  }

  private scheduleNext(): void {
    const e = drawEvent(this.seed, this.index, this.lastAt, this.options);
    this.timer = setTimeout(
      () => {
        this.index++;
        this.lastAt = e.atMs;
        this.apply(e);
        this.scheduleNext();
      },
      Math.max(0, this.startedAt + e.atMs - Date.now()),
    );
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
