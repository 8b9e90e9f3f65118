import type { Entitlement, Simulator } from "./simulator";
import { errorMsg } from "./protocol/outbound";
import { TwsError } from "./protocol/error-codes";

/**
 * Fault injection and test control for an embedded simulator (the same operations are exposed over loopback
 * HTTP with --control-port). Every method acts at once on all connected clients.
 */
export class SimulatorControl {
  constructor(
    private readonly sim: Simulator,
    private readonly restartServer: () => Promise<void>,
  ) {}

  /** Closes every client socket abruptly, as when TWS restarts or the network drops. */
  dropAllConnections(): void {
    for (const c of [...this.sim.connections]) c.destroy();
  }

  /** Number of clients that completed START_API and are still connected. */
  connectedClients(): number {
    return [...this.sim.connections].filter((c) => c.ready).length;
  }

  /** Sends 1100 "connectivity lost" to every client (TWS lost its link to IB; the socket stays open). */
  connectivityLost(): void {
    this.broadcast(TwsError.CONNECTIVITY_LOST);
    this.sim.feed.paused = true;
  }

  /**
   * Sends 1101 (data lost: market-data lines are gone and must be requested again) or 1102 (data maintained:
   * lines resume).
   */
  connectivityRestored(dataMaintained: boolean): void {
    if (!dataMaintained) {
      this.sim.feed.clear();
    }
    this.sim.feed.paused = false;
    this.broadcast(dataMaintained ? TwsError.RESTORED_DATA_KEPT : TwsError.RESTORED_DATA_LOST);
  }

  pauseMarketData(): void {
    this.sim.feed.paused = true;
  }

  resumeMarketData(): void {
    this.sim.feed.paused = false;
  }

  /** Delays every message to clients by `ms` (order is kept). 0 turns it off. */
  setLatency(ms: number): void {
    this.sim.faults.latencyMs = Math.max(0, ms);
  }

  /** Market-data entitlement of a symbol: "live", "delayed" (354 / 10167), "none" (354 / 10168) or "partial" (10090). */
  setEntitlement(symbol: string, entitlement: Entitlement): void {
    this.sim.entitlements.set(symbol.toUpperCase(), entitlement);
  }

  /** Moves simulated time forward at once. */
  advanceTime(ms: number): void {
    this.sim.clock.advance(ms);
  }

  /** Simulated milliseconds per real millisecond from now on. */
  setSpeed(speed: number): void {
    this.sim.clock.setSpeed(speed);
  }

  /** Simulated epoch milliseconds. */
  now(): number {
    return this.sim.clock.now();
  }

  /** Rejects the next order placed (error 201 with this reason, status Inactive). */
  rejectNextOrder(reason = "Simulated rejection"): void {
    this.sim.orders.rejectNextReason = reason;
  }

  /** Working orders stay working but nothing fills until resumeFilling(). */
  stopFilling(): void {
    this.sim.orders.fillsStopped = true;
  }

  resumeFilling(): void {
    this.sim.orders.fillsStopped = false;
  }

  /**
   * TWS's day rollover for the executions report: reqExecutions no longer reports anything that happened before
   * now (TWS reports the current day's executions, or the few days its trade log is set to keep).
   */
  forgetExecutions(): void {
    this.sim.orders.reportWindows.executionsSince = this.sim.clock.now();
  }

  /** The same for reqCompletedOrders: orders completed before now are no longer reported. */
  forgetCompletedOrders(): void {
    this.sim.orders.reportWindows.completedOrdersSince = this.sim.clock.now();
  }

  /** Closes the listener and every client, then listens again on the same port with the same state. */
  restart(): Promise<void> {
    return this.restartServer();
  }

  private broadcast(e: { code: number; text: string }): void {
    for (const c of this.sim.connections) if (c.ready) c.send(errorMsg(-1, e.code, e.text));
  }
}
