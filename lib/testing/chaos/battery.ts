/**
 * One chaos schedule over a real SumpPump trading core (its own process: the shared IB client, the desk, SQLite)
 * and the simulator: the schedule's traffic and faults run, the faults heal, and then the invariants are checked
 * against what the simulated TWS holds.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startSimulator, type SimulatorHandle } from "../../../sim/server";
import type { LegInput } from "../../analysis/legs";
import type { ProposalView } from "../../trading/views";
import { CLOCK_OFFSET_ENV, nextTradingMorning, shiftedClockEnv } from "../test-clock";
import { ChaosApp } from "./app-handle";
import { buildSchedule, describeStep, seededRandom, type ChaosStep, type TimedStep } from "./schedule";
import { checkInvariants, unknownOutcomes, type TwsOrder } from "./invariants";

export interface ScheduleResult {
  seed: number;
  steps: string[];
  /** Orders the simulated TWS received from the app. */
  orders: number;
  fills: number;
  crashesOfApp: number;
  /** Proposals honestly left of unknown outcome (the app died with an id claimed, TWS reports nothing of it). */
  unknownOutcomes: number;
  violations: string[];
  /** What each request to the app answered, in order: for reading a replayed schedule. */
  log: string[];
  durationMs: number;
}

const CLIENT_ID = 11;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return true;
    await sleep(100);
  }
  return false;
}

/** What the simulated TWS holds of the app's orders (white box: every order it accepted or refused). */
function twsOrders(sim: SimulatorHandle): TwsOrder[] {
  const engine = sim.simulator.orders;
  return [...engine.orders.values(), ...engine.rejected]
    .filter((o) => !o.req.whatIf && o.clientId === CLIENT_ID)
    .map((o) => ({ orderId: o.orderId, orderRef: o.req.orderRef, status: o.status, filled: o.filled, totalQuantity: o.totalQuantity, lmtPrice: o.lmtPrice, placedAt: o.placedAt }));
}

export async function runSchedule(seed: number, schedule: TimedStep[] = buildSchedule(seed)): Promise<ScheduleResult> {
  const started = Date.now();
  const dir = mkdtempSync(path.join(tmpdir(), "sumppump-chaos-"));
  // The run lives on a trading morning, whatever the hour: the simulator starts there and the app's clock is
  // moved by the same offset.
  const realNow = Date.now();
  const morning = nextTradingMorning(realNow);
  const clock = shiftedClockEnv({ [CLOCK_OFFSET_ENV]: String(morning - realNow) }, realNow);
  const sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 1 + (seed % 5), startTime: morning, stateFile: path.join(dir, "tws-state.json") });
  const app = new ChaosApp({ ...clock, CHAOS_SIM_PORT: String(sim.port), CHAOS_DB_FILE: path.join(dir, "app.db"), CHAOS_CLIENT_ID: String(CLIENT_ID) });
  const violations: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, action: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
  };
  const inFlight = new Set<Promise<unknown>>();
  const log: string[] = [];
  const t0 = Date.now();
  const note = (line: string): void => void log.push(`${String(Date.now() - t0).padStart(6)} ms  ${line}`);
  const proposing = new Set<Promise<unknown>>();
  const track = (what: string, promise: Promise<unknown>): void => {
    const settled = promise.then(
      (value) => note(`${what}: ${typeof value === "object" && value && "status" in value ? `→ ${String((value as { status: unknown }).status)}` : JSON.stringify(value)?.slice(0, 80)}`),
      (error: unknown) => note(`${what}: ✘ ${error instanceof Error ? error.message : String(error)}`),
    );
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
  };
  let appCrashes = 0;
  let unknowns = 0;
  let restarting: Promise<void> | undefined;
  const restartApp = (afterMs: number): void => {
    restarting = (async () => {
      await sleep(afterMs);
      await app.start();
    })();
    // Awaited before the next step; a start that fails shows as the app never becoming ready.
    restarting.catch(() => undefined);
  };

  try {
    await app.start();
    if (!(await until(() => app.call<boolean>({ op: "ready" }), 20_000))) throw new Error("the app never became ready");
    const { legs, limit } = await app.call<{ legs: LegInput[]; limit: number }>({ op: "spread" });
    const r = seededRandom(seed ^ 0x5eed);
    const proposals = async (): Promise<ProposalView[]> => app.call<ProposalView[]>({ op: "list" });
    const pick = <T>(items: T[]): T | undefined => (items.length === 0 ? undefined : items[Math.floor(r() * items.length)]);

    const perform = async (step: ChaosStep): Promise<void> => {
      switch (step.kind) {
        case "propose": {
          // A resting order sits below the market; a marketable one fills at once (unless fills are stopped).
          const price = step.resting ? Math.max(0.05, Math.round(limit * 0.85 * 100) / 100) : limit;
          const proposal = app.call({ op: "propose", request: { symbol: "SPY", legs, quantity: 1 + Math.floor(r() * 2), order_type: "LMT", limit_price: price } });
          track(`propose${step.resting ? " (resting)" : ""}`, proposal);
          const done = proposal.catch(() => undefined);
          proposing.add(done);
          void done.then(() => proposing.delete(done));
          return;
        }
        case "approve":
        case "approve_then_crash": {
          // The trader approves a card once it is on screen: wait for the proposals being made.
          await Promise.race([Promise.all([...proposing]), sleep(10_000)]);
          const pending = (await proposals().catch(() => [])).filter((p) => p.status === "pending_approval");
          const target = pick(pending);
          if (!target) return;
          track(`approve ${target.id}`, app.call({ op: "approve", proposalId: target.id }));
          if (step.kind === "approve_then_crash") {
            await sleep(step.afterMs);
            await app.kill();
            appCrashes++;
            restartApp(200);
          }
          return;
        }
        case "cancel": {
          const working = (await proposals().catch(() => [])).filter((p) => p.status === "transmitted" || p.status === "partially_filled");
          const target = pick(working);
          if (target) track(`cancel ${target.id}`, app.call({ op: "cancel", proposalId: target.id }));
          return;
        }
        case "quote":
          track("quote SPY", app.call({ op: "quote", symbol: "SPY" }));
          return;
        case "drop_connections":
          sim.control.dropAllConnections();
          return;
        case "connectivity_lost":
          sim.control.connectivityLost();
          later(step.forMs, () => sim.control.connectivityRestored(step.dataMaintained));
          return;
        case "latency":
          sim.control.setLatency(step.ms);
          later(step.forMs, () => sim.control.setLatency(0));
          return;
        case "reject_next_order":
          sim.control.rejectNextOrder("Chaos: refused by the exchange");
          return;
        case "stop_filling":
          sim.control.stopFilling();
          later(step.forMs, () => sim.control.resumeFilling());
          return;
        case "restart_tws":
          await sim.control.restart(step.downMs);
          return;
        case "hang":
          sim.control.hang(step.forMs);
          return;
        case "competing_client":
          sim.control.takeOrderIds(step.ids);
          sim.control.placeCompetingOrder("SPY");
          return;
        case "competing_live_session":
          sim.control.competingLiveSession(step.forMs);
          return;
        case "delayed_data":
          sim.control.setDelayedData("SPY", true);
          later(step.forMs, () => sim.control.setDelayedData("SPY", false));
          return;
        case "crash_app":
          await app.kill();
          appCrashes++;
          restartApp(step.downMs);
          return;
      }
    };

    for (const { waitMs, step } of schedule) {
      await sleep(waitMs);
      if (restarting && !app.alive) await restarting.catch(() => undefined);
      note(describeStep(step));
      await perform(step);
    }

    // Heal: TWS back to normal, the app running, every order's fate reported.
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    sim.control.setLatency(0);
    sim.control.setDelayedData("SPY", false);
    sim.control.resumeFilling();
    sim.control.connectivityRestored(true);
    sim.simulator.orders.rejectNextReason = undefined;
    if (restarting) await restarting.catch(() => undefined);
    if (!app.alive) await app.start();
    // Reconnection backs off to at most 12 s; then connecting and reconciling.
    if (!(await until(() => app.call<boolean>({ op: "ready" }), 45_000))) {
      const reason = await app.call<string | null>({ op: "not_ready_reason" }).catch((error: unknown) => String(error));
      violations.push(`the app was not ready to send orders 45 s after the faults healed: ${reason}`);
    }
    // Commands in flight when the faults healed must end (an approval never hangs on "Sending…").
    const drained = await Promise.race([Promise.all([...inFlight]).then(() => true), sleep(20_000).then(() => false)]);
    if (!drained) violations.push(`${app.outstanding()} request(s) to the app still unanswered 20 s after the faults healed`);

    // Reports arrive, reconciliation runs: the invariants must hold within a few seconds and stay holding.
    let last: string[] = [];
    const settled = await until(async () => {
      last = checkInvariants(await proposals(), twsOrders(sim));
      return last.length === 0;
    }, 15_000);
    if (!settled) violations.push(...last);
    else {
      await sleep(500);
      violations.push(...checkInvariants(await proposals(), twsOrders(sim)));
    }
    unknowns = unknownOutcomes(await proposals(), twsOrders(sim));
    if (app.pacingErrors > 0) violations.push(`TWS refused ${app.pacingErrors} message(s) for pacing (error 100)`);
  } catch (error) {
    violations.push(`the schedule could not run: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    for (const timer of timers) clearTimeout(timer);
    await app.kill().catch(() => undefined);
    violations.push(...app.crashes.map((c) => `the app crashed: ${c.split("\n")[0]}`));
    const orders = twsOrders(sim);
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
    return {
      seed,
      steps: schedule.map((s) => describeStep(s.step)),
      orders: orders.length,
      fills: orders.filter((o) => o.filled > 0).length,
      crashesOfApp: appCrashes,
      unknownOutcomes: unknowns,
      violations,
      log,
      durationMs: Date.now() - started,
    };
  }
}
