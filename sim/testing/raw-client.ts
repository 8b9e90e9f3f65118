/**
 * A raw TWS API client for tests: its own framing (4-byte length, NUL-terminated fields) and handshake, sharing
 * nothing with the simulator's encoders, so tests can send exact field lists and read exact answers.
 */
import net from "node:net";

const START_API = 71;

export type Frame = string[];

/** A raw API client: its own framing (4-byte length, NUL-terminated fields), nothing shared with the simulator. */
export class RawClient {
  private buf = Buffer.alloc(0);
  private readonly frames: Frame[] = [];
  private waiters: (() => void)[] = [];
  serverVersion = 0;

  private constructor(private readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      while (this.buf.length >= 4) {
        const len = this.buf.readUInt32BE(0);
        if (this.buf.length < 4 + len) break;
        const body = this.buf.subarray(4, 4 + len).toString("utf8");
        this.buf = this.buf.subarray(4 + len);
        const fields = body.split("\0");
        fields.pop(); // every field ends with NUL
        this.frames.push(fields);
      }
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async connect(port: number, maxVersion: number, clientId: number): Promise<RawClient> {
    const socket = net.connect(port, "127.0.0.1");
    await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    const c = new RawClient(socket);
    const range = Buffer.from(`v100..${maxVersion}`);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(range.length);
    socket.write(Buffer.concat([Buffer.from("API\0"), len, range]));
    const hello = await c.next(() => true);
    c.serverVersion = Number(hello[0]);
    c.send([START_API, 2, clientId, ""]);
    return c;
  }

  send(fields: (string | number | boolean)[]): void {
    const body = Buffer.from(fields.map((f) => `${typeof f === "boolean" ? (f ? 1 : 0) : f}\0`).join(""));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    this.socket.write(Buffer.concat([len, body]));
  }

  /** The first frame (received or still to come) that matches; it is removed from the inbox. */
  async next(match: (f: Frame) => boolean, timeoutMs = 4000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.frames.findIndex(match);
      if (i >= 0) return this.frames.splice(i, 1)[0]!;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message; inbox: ${JSON.stringify(this.frames.map((f) => f.slice(0, 6)))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

