import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { formatDay, parseDay } from "../market/calendar";
import type { Instrument } from "../market/instruments";
import type { Market } from "../market/market";
import { underlyingBySymbol } from "../market/underlyings";
import type { Account } from "./account";
import type { OrderEngine, ReportWindows } from "./order-engine";
import type { SimOrder } from "./order-types";

/** An instrument as saved: enough to rebuild it without the chain (it may have expired since). */
type SavedInstrument = { kind: "stock"; symbol: string } | { kind: "option"; symbol: string; expiry: string; strike: number; right: "C" | "P" };

type SavedOrder = Omit<SimOrder, "inst" | "legs"> & { inst: SavedInstrument | undefined; legs: { inst: SavedInstrument; ratio: number; action: "BUY" | "SELL"; exchange: string }[] };

interface SavedState {
  format: 1;
  accountId: string;
  cash: number;
  realizedToday: number;
  positions: { inst: SavedInstrument; quantity: number; avgCost: number; priorMark: number | undefined; realizedToday: number }[];
  orders: SavedOrder[];
  /** Refused orders, kept for the completed-orders report (absent in files from before it existed). */
  rejected?: SavedOrder[];
  executions: OrderEngine["executions"];
  counters: { nextId: number; nextPermId: number; execSeq: number };
  /** Where the executions and completed-orders reports start (absent: everything is reported). */
  reportWindows?: ReportWindows;
}

function save(inst: Instrument): SavedInstrument {
  return inst.kind === "stock"
    ? { kind: "stock", symbol: inst.symbol }
    : { kind: "option", symbol: inst.symbol, expiry: formatDay(inst.expiry), strike: inst.strike, right: inst.right };
}

function saveOrder(o: SimOrder): SavedOrder {
  return {
    ...o,
    inst: o.inst ? save(o.inst) : undefined,
    legs: o.legs.map((l) => ({ inst: save(l.inst), ratio: l.ratio, action: l.action, exchange: l.exchange })),
  };
}

function loadOrder(o: SavedOrder, market: Market): SimOrder {
  return { ...o, inst: o.inst ? load(o.inst, market) : undefined, legs: o.legs.map((l) => ({ ...l, inst: load(l.inst, market) })) };
}

function load(s: SavedInstrument, market: Market): Instrument {
  const u = underlyingBySymbol(s.symbol);
  if (!u) throw new Error(`state file names an unknown symbol ${s.symbol}`);
  if (s.kind === "stock") return market.stockInstrument(u);
  const expiry = parseDay(s.expiry);
  if (expiry === undefined) throw new Error(`state file has a bad expiry ${s.expiry}`);
  return market.chains.instrument(u, expiry, s.strike, s.right);
}

/**
 * Keeps account, orders (working, done and refused), executions and the report windows in a JSON file so a restarted simulator (same file) carries on where
 * the last one stopped. Writes are atomic (temp file + rename) and only happen when something changed.
 */
export class StateFile {
  private last = "";

  constructor(
    readonly path: string,
    private readonly account: Account,
    private readonly orders: OrderEngine,
    private readonly market: Market,
  ) {}

  /** Loads the file if it exists; returns whether state was restored. */
  restore(): boolean {
    if (!existsSync(this.path)) return false;
    const state = JSON.parse(readFileSync(this.path, "utf8")) as SavedState;
    if (state.format !== 1) throw new Error(`unsupported state file format in ${this.path}`);
    this.account.cash = state.cash;
    this.account.realizedToday = state.realizedToday;
    this.account.positions.clear();
    for (const p of state.positions) {
      const instrument = load(p.inst, this.market);
      this.account.positions.set(instrument.conId, { instrument, quantity: p.quantity, avgCost: p.avgCost, priorMark: p.priorMark, realizedToday: p.realizedToday });
    }
    this.orders.orders.clear();
    for (const o of state.orders) {
      const restored = loadOrder(o, this.market);
      this.orders.orders.set(restored.orderId, restored);
    }
    this.orders.rejected.length = 0;
    for (const o of state.rejected ?? []) this.orders.rejected.push(loadOrder(o, this.market));
    this.orders.executions.length = 0;
    this.orders.executions.push(...state.executions);
    Object.assign(this.orders.reportWindows, state.reportWindows ?? { executionsSince: 0, completedOrdersSince: 0 });
    this.orders.restoreCounters(state.counters.nextId, state.counters.nextPermId, state.counters.execSeq);
    this.last = JSON.stringify(state);
    return true;
  }

  /** Writes the current state if it differs from what was last written. */
  flush(): void {
    const state: SavedState = {
      format: 1,
      accountId: this.account.id,
      cash: this.account.cash,
      realizedToday: this.account.realizedToday,
      positions: [...this.account.positions.values()].map((p) => ({
        inst: save(p.instrument),
        quantity: p.quantity,
        avgCost: p.avgCost,
        priorMark: p.priorMark,
        realizedToday: p.realizedToday,
      })),
      orders: [...this.orders.orders.values()].map(saveOrder),
      rejected: this.orders.rejected.map(saveOrder),
      executions: this.orders.executions,
      counters: this.orders.counters(),
      reportWindows: { ...this.orders.reportWindows },
    };
    const text = JSON.stringify(state);
    if (text === this.last) return;
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, this.path);
    this.last = text;
  }
}
