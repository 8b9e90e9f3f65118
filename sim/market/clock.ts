/**
 * The simulated clock. By default it follows wall time; `speed` makes simulated time run faster (tests use
 * hundreds of times real time), and `advance` jumps it forward instantly.
 */
export interface ClockOptions {
  /** Simulated epoch milliseconds at start; defaults to the wall clock. */
  startTime?: number;
  /** Simulated milliseconds per real millisecond; 1 = real time. */
  speed?: number;
}

export class SimClock {
  readonly startTime: number;
  private speed: number;
  private anchorReal: number;
  private anchorSim: number;

  constructor(options: ClockOptions = {}, private readonly wall: () => number = Date.now) {
    this.startTime = options.startTime ?? wall();
    this.speed = options.speed ?? 1;
    if (!(this.speed > 0)) throw new RangeError("clock speed must be positive");
    this.anchorReal = wall();
    this.anchorSim = this.startTime;
  }

  /** Simulated epoch milliseconds. */
  now(): number {
    return this.anchorSim + (this.wall() - this.anchorReal) * this.speed;
  }

  get speedFactor(): number {
    return this.speed;
  }

  setSpeed(speed: number): void {
    if (!(speed > 0)) throw new RangeError("clock speed must be positive");
    this.anchorSim = this.now();
    this.anchorReal = this.wall();
    this.speed = speed;
  }

  /** Jumps simulated time forward (never backward: prices already sent must stay in the past). */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError("the simulated clock only moves forward");
    this.anchorSim += ms;
  }

  /** Real milliseconds until `simMs` of simulated time have passed. */
  realDelay(simMs: number): number {
    return simMs / this.speed;
  }
}
