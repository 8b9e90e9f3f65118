/** The chaos battery's side of its app process: start, call over IPC, SIGKILL. */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { ChaosCommand, ChaosEvent, ChaosReply } from "./protocol";

type Call = ChaosCommand extends infer C ? (C extends { seq: number } ? Omit<C, "seq"> : never) : never;

export class ChaosApp {
  private child: ChildProcess | undefined;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  /** Crashes the app reported itself (uncaught exceptions, unhandled rejections), and exits we did not cause. */
  readonly crashes: string[] = [];
  private killing = false;
  /** Messages TWS refused for pacing (error 100), over every process of this app. */
  pacingErrors = 0;

  constructor(private readonly env: Record<string, string>) {}

  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts a new app process and waits until its desk has started. */
  start(timeoutMs = 120_000): Promise<void> {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "app-process.ts")], {
      env: { ...process.env, ...this.env },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    this.child = child;
    this.killing = false;
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the app did not start within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
      child.on("message", (message: ChaosReply | ChaosEvent) => {
        if ("event" in message) {
          if (message.event === "started") {
            clearTimeout(timer);
            resolve();
          } else if (message.event === "pacing") this.pacingErrors += message.count;
          else this.crashes.push(message.message);
          return;
        }
        const call = this.pending.get(message.seq);
        if (!call) return;
        this.pending.delete(message.seq);
        if (message.ok) call.resolve(message.value);
        else call.reject(new Error(message.error));
      });
      child.on("exit", (code, signal) => {
        clearTimeout(timer);
        if (!this.killing) this.crashes.push(`the app exited on its own (code ${code}, signal ${signal}): ${stderr}`);
        for (const call of this.pending.values()) call.reject(new Error("the app process is gone"));
        this.pending.clear();
        reject(new Error("the app exited"));
      });
    });
  }

  call<T>(command: Call): Promise<T> {
    const child = this.child;
    if (!child || !this.alive) return Promise.reject(new Error("the app process is down"));
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(seq, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...command, seq } as ChaosCommand);
    });
  }

  /** Commands sent and not yet answered. */
  outstanding(): number {
    return this.pending.size;
  }

  /** SIGKILL: nothing more of this process runs, as in a crash or a power cut. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    this.killing = true;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }
}
