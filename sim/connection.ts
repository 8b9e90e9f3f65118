import type { Socket } from "node:net";
import { encodeFrame, type Field, FrameDecoder, parseVersionRange } from "./protocol/framing";
import { FieldReader } from "./protocol/field-reader";
import { SERVER_VERSION, Req } from "./protocol/message-ids";
import { errorMessage } from "./protocol/outbound";
import { TwsError } from "./protocol/error-codes";
import { formatConnectionTime } from "./time-format";
import type { Simulator } from "./simulator";
import { HistoricalPacing } from "./limits";
import type { ClientSession } from "./session";

/** One API client socket: framing, the handshake, per-client state and an ordered, optionally delayed, send queue. */
export class Connection implements ClientSession {
  readonly id: number;
  clientId: number | undefined;
  serverVersion = SERVER_VERSION;
  /** 1 live, 2 frozen, 3 delayed, 4 delayed-frozen, as set by reqMarketDataType. */
  marketDataType = 1;
  closed = false;
  /** reqAutoOpenOrders(true) on client 0: orders from other clients are bound to it. */
  autoBind = false;
  private readonly decoder = new FrameDecoder();
  private readonly queue: { due: number; frame: Buffer }[] = [];
  private queueTimer: NodeJS.Timeout | undefined;
  /** Real ms until which this connection neither reads nor writes (a hung TWS with the socket open). */
  private hungUntil = 0;
  private hangTimer: NodeJS.Timeout | undefined;
  /** Message timestamps (real ms) within the last second, for the 50 messages/s limit. */
  readonly recentMessages: number[] = [];
  lastRateErrorAt = 0;
  readonly historicalPacing: HistoricalPacing;

  constructor(
    readonly socket: Socket,
    private readonly sim: Simulator,
    id: number,
  ) {
    this.id = id;
    this.historicalPacing = new HistoricalPacing(sim.config.historicalPacing);
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", () => this.onClose());
    socket.on("close", () => this.onClose());
    if (sim.faults.hangUntil > Date.now()) this.hang(sim.faults.hangUntil);
  }

  /**
   * Stops reading and writing until `untilMs` (real epoch ms), keeping the socket open: requests wait in the
   * socket and answers in the send queue, and both are processed in order when the hang ends.
   */
  hang(untilMs: number): void {
    if (this.closed || untilMs <= Date.now()) return;
    this.hungUntil = Math.max(this.hungUntil, untilMs);
    this.socket.pause();
    if (this.hangTimer) clearTimeout(this.hangTimer);
    this.hangTimer = setTimeout(() => {
      this.hangTimer = undefined;
      if (this.closed) return;
      this.socket.resume();
      this.scheduleFlush();
    }, this.hungUntil - Date.now());
  }

  get ready(): boolean {
    return this.clientId !== undefined && !this.closed;
  }

  private onData(chunk: Buffer): void {
    let frames;
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      this.sim.log(`client #${this.id}: ${(err as Error).message}; closing`);
      this.destroy();
      return;
    }
    for (const frame of frames) {
      if (this.closed) return;
      if (frame.kind === "handshake") {
        this.onHandshake(frame.versions);
        continue;
      }
      const r = new FieldReader(frame.fields);
      const msgId = r.int();
      if (this.clientId === undefined) {
        if (msgId === Req.START_API) this.onStartApi(r);
        else this.sim.log(`client #${this.id}: message ${msgId} before START_API ignored`);
        continue;
      }
      if (!this.sim.limits.admitMessage(this)) continue;
      this.sim.dispatch(this, msgId, r);
    }
  }

  private onHandshake(versions: string): void {
    const range = parseVersionRange(versions);
    if (!range || range.max < 100 || range.min > SERVER_VERSION) {
      this.sim.log(`client #${this.id}: unsupported version range "${versions}"; closing`);
      this.destroy();
      return;
    }
    this.serverVersion = Math.min(SERVER_VERSION, range.max);
    // The first reply is the bare version frame: [serverVersion, connectionTime].
    this.socket.write(encodeFrame([this.serverVersion, formatConnectionTime(this.sim.clock.now())]));
  }

  private onStartApi(r: FieldReader): void {
    r.int(); // version
    const clientId = r.int();
    if (this.sim.clientIdInUse(clientId, this)) {
      const e = TwsError.CLIENT_ID_IN_USE;
      this.socket.write(encodeFrame(errorMessage(this.serverVersion, -1, e.code, e.text)));
      this.sim.log(`client #${this.id}: clientId ${clientId} already in use; closing`);
      // TWS closes right after the error; let the frame flush first.
      this.socket.end();
      this.closed = true;
      return;
    }
    this.clientId = clientId;
    this.sim.onClientStarted(this);
  }

  /** Queues one message; with injected latency, messages keep their order. */
  send(fields: readonly Field[]): void {
    if (this.closed) return;
    const frame = encodeFrame(fields);
    const latency = this.sim.faults.latencyMs;
    const now = Date.now();
    if (latency <= 0 && this.queue.length === 0 && now >= this.hungUntil) {
      this.socket.write(frame);
      return;
    }
    const last = this.queue[this.queue.length - 1];
    const due = Math.max(now + latency, last?.due ?? 0, this.hungUntil);
    this.queue.push({ due, frame });
    this.scheduleFlush();
  }

  sendError(id: number, code: number, text: string): void {
    this.send(errorMessage(this.serverVersion, id, code, text));
  }

  private scheduleFlush(): void {
    if (this.queueTimer) return;
    const head = this.queue[0];
    if (!head) return;
    this.queueTimer = setTimeout(() => {
      this.queueTimer = undefined;
      const now = Date.now();
      while (this.queue.length > 0 && (this.queue[0]?.due ?? Infinity) <= now) {
        const item = this.queue.shift();
        if (item && !this.closed) this.socket.write(item.frame);
      }
      this.scheduleFlush();
    }, Math.max(0, head.due - Date.now()));
  }

  /** Closes the socket at once (a dropped connection, as when TWS or the network goes away). */
  destroy(): void {
    if (!this.closed) {
      this.closed = true;
      this.socket.destroy();
    }
    this.onClose();
  }

  private onClose(): void {
    this.closed = true;
    if (this.queueTimer) clearTimeout(this.queueTimer);
    if (this.hangTimer) clearTimeout(this.hangTimer);
    this.queueTimer = undefined;
    this.hangTimer = undefined;
    this.queue.length = 0;
    this.sim.onClientClosed(this);
  }
}
