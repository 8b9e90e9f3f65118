/**
 * Test helpers: an unmodified @stoqey/ib IBApi connected to a simulator, with every error and notice recorded
 * so tests can assert that the client's strict decoder never complained.
 */
import { EventName, IBApi } from "@stoqey/ib";

/** The subset of the client's event emitter the helpers use, untyped by event name. */
export interface Listenable {
  on(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
}

export interface RecordedError {
  code: number;
  reqId: number;
  message: string;
}

export interface TestClient {
  ib: IBApi;
  /** The same client seen as a plain EventEmitter, for listeners on any event. */
  events: Listenable;
  errors: RecordedError[];
  infos: RecordedError[];
  nextValidId: number;
  /** Resolves with the arguments of the first `event` whose arguments satisfy `match`. */
  waitFor<T extends unknown[]>(event: EventName, match?: (...args: T) => boolean, timeoutMs?: number): Promise<T>;
  /** Collects the arguments of every `event` until `until` fires (or times out). */
  collect<T extends unknown[]>(event: EventName, until: EventName, untilMatch?: (...args: unknown[]) => boolean, timeoutMs?: number): Promise<T[]>;
  /** Decoder complaints (505 "Decoding error", "Underrun error", unparsed messages). */
  decodingErrors(): RecordedError[];
  disconnect(): Promise<void>;
}

export async function connectClient(port: number, clientId: number, options: { maxReqPerSec?: number } = {}): Promise<TestClient> {
  const ib = new IBApi({ host: "127.0.0.1", port, clientId, maxReqPerSec: options.maxReqPerSec ?? 1000 });
  const events = ib as unknown as Listenable;
  const errors: RecordedError[] = [];
  const infos: RecordedError[] = [];
  ib.on(EventName.error, (err: Error, code: number, reqId: number) => {
    errors.push({ code, reqId, message: err?.message ?? String(err) });
  });
  ib.on(EventName.info, (message: string, code: number) => infos.push({ code, reqId: -1, message }));

  const waitFor = <T extends unknown[]>(event: EventName, match?: (...args: T) => boolean, timeoutMs = 5000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const listener = (...args: unknown[]): void => {
        if (match && !match(...(args as T))) return;
        clearTimeout(timer);
        events.off(event, listener);
        resolve(args as T);
      };
      const timer = setTimeout(() => {
        events.off(event, listener);
        reject(new Error(`timed out waiting for ${event}; errors: ${JSON.stringify(errors)}`));
      }, timeoutMs);
      events.on(event, listener);
    });

  const collect = <T extends unknown[]>(
    event: EventName,
    until: EventName,
    untilMatch?: (...args: unknown[]) => boolean,
    timeoutMs = 5000,
  ): Promise<T[]> => {
    const items: T[] = [];
    const listener = (...args: unknown[]): void => {
      items.push(args as T);
    };
    events.on(event, listener);
    return waitFor(until, untilMatch, timeoutMs).then(
      () => {
        events.off(event, listener);
        return items;
      },
      (err: unknown) => {
        events.off(event, listener);
        throw err;
      },
    );
  };

  const ready = waitFor<[number]>(EventName.nextValidId);
  ib.connect();
  const [nextValidId] = await ready;

  return {
    ib,
    events,
    errors,
    infos,
    nextValidId,
    waitFor,
    collect,
    decodingErrors: () =>
      [...errors, ...infos].filter(
        (e) => /decoding error|underrun|unprocessed data|no parser implementation/i.test(e.message) || (e.code === 505 && e.reqId === -1),
      ),
    disconnect: async () => {
      if (!ib.isConnected) return;
      const gone = waitFor(EventName.disconnected, undefined, 2000).catch(() => undefined);
      ib.disconnect();
      await gone;
    },
  };
}
