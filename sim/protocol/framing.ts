/**
 * TWS socket framing, server side. After the connect prefix ("API\0" + uint32 length + "v100..193"), every
 * message is uint32BE(length) + fields joined by NUL and ending in NUL.
 */

export type Field = string | number | boolean | undefined | null;

/** What a client said: the opening version handshake, or one ordinary message split into fields. */
export type InboundFrame = { kind: "handshake"; versions: string } | { kind: "message"; fields: string[] };

const API_PREFIX = Buffer.from("API\0", "latin1");
/** The client gives up on a frame over 16 MiB; one this large from a client is certainly garbage. */
const MAX_FRAME = 0xffffff;

export class FramingError extends Error {
  override readonly name = "FramingError";
}

/** Accumulates TCP chunks and yields complete frames; the first frame must be the API handshake. */
export class FrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  private handshakeSeen = false;

  push(chunk: Buffer): InboundFrame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: InboundFrame[] = [];
    for (;;) {
      if (!this.handshakeSeen) {
        if (this.buffer.length < API_PREFIX.length + 4) break;
        if (!this.buffer.subarray(0, API_PREFIX.length).equals(API_PREFIX)) {
          throw new FramingError("connection did not start with the API prefix");
        }
        const len = this.buffer.readUInt32BE(API_PREFIX.length);
        if (len > MAX_FRAME) throw new FramingError(`handshake of ${len} bytes`);
        const end = API_PREFIX.length + 4 + len;
        if (this.buffer.length < end) break;
        const versions = this.buffer.subarray(API_PREFIX.length + 4, end).toString("utf8").replace(/\0+$/, "");
        this.buffer = this.buffer.subarray(end);
        this.handshakeSeen = true;
        frames.push({ kind: "handshake", versions });
        continue;
      }
      if (this.buffer.length < 4) break;
      const len = this.buffer.readUInt32BE(0);
      if (len > MAX_FRAME) throw new FramingError(`frame of ${len} bytes`);
      if (this.buffer.length < 4 + len) break;
      const text = this.buffer.subarray(4, 4 + len).toString("utf8");
      this.buffer = this.buffer.subarray(4 + len);
      const fields = text.split("\0");
      // The payload ends in NUL, so the split leaves one empty string at the end.
      if (fields.length > 0 && fields[fields.length - 1] === "") fields.pop();
      frames.push({ kind: "message", fields });
    }
    return frames;
  }
}

/** Formats one field the way TWS does: booleans as 1/0, missing values as empty. */
export function formatField(value: Field): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "";
    return String(value);
  }
  return value;
}

/** One outbound frame; every field, the last included, is followed by NUL (the client relies on it). */
export function encodeFrame(fields: readonly Field[]): Buffer {
  let text = "";
  for (const f of fields) text += formatField(f) + "\0";
  const body = Buffer.from(text, "utf8");
  const frame = Buffer.allocUnsafe(4 + body.length);
  frame.writeUInt32BE(body.length, 0);
  body.copy(frame, 4);
  return frame;
}

/** Parses "v100..193" (or "v176") into the highest version the client accepts. */
export function parseVersionRange(versions: string): { min: number; max: number } | undefined {
  const m = /^v(\d+)(?:\.\.(\d+))?/.exec(versions.trim());
  if (!m || m[1] === undefined) return undefined;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  return { min, max };
}
