/**
 * Priority classes and abandoned requests through lib/ib against the simulator, over a real socket: Claude's
 * quote goes ahead of a page's big chain, and a chain nobody waits for any more stops asking TWS.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../../sim/server";
import { IbErrorCode } from "../errors";
import { Ib } from "./ib";
import { withPriority } from "./priority";

let sim: Awaited<ReturnType<typeof startSimulator>>;
let ib: Ib;

/** Market-data lines the simulator holds open for this client. */
const linesAtTws = (clientId: number): number => {
  const conn = [...sim.simulator.connections].find((c) => c.clientId === clientId);
  return conn ? sim.simulator.feed.count(conn) : 0;
};

beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 12 });
  ib = new Ib({ host: "127.0.0.1", port: sim.port, clientId: 51, connectTimeoutMs: 3_000, requestTimeoutMs: 30_000, marketDataLines: 20 });
  ib.start();
  await ib.client.whenReady();
  await ib.quote("QQQ");
});

afterAll(async () => {
  ib?.stop();
  await sim?.close();
});

describe("priority classes", () => {
  it("answers an interactive quote while a page's chain of hundreds of contracts is still queued", async () => {
    const info = await ib.optionChainInfo("SPY");
    const pageClosed = new AbortController();
    let done = 0;
    const chain = ib.optionChainWindow({ symbol: "SPY", expiries: info.expirations.slice(1, 5), strikesEachSide: 20, signal: pageClosed.signal, onProgress: (n) => (done = n) });
    void chain.catch(() => undefined);
    await expect.poll(() => done, { timeout: 10_000 }).toBeGreaterThan(5);
    const quote = await withPriority("interactive", () => ib.quote("QQQ"));
    expect(quote.bid).toBeGreaterThan(0);
    // 4 expiries × 41 strikes × 2 rights: most of the chain is still to come when the quote is in.
    expect(done).toBeLessThan(200);
    pageClosed.abort();
    await expect.poll(() => ib.lines.used, { timeout: 5_000 }).toBe(0);
  }, 30_000);
});

describe("abandoned requests", () => {
  it("stops a chain window whose caller went away: queued quotes are dropped, those in flight cancelled at TWS", async () => {
    const info = await ib.optionChainInfo("SPY");
    const gone = new AbortController();
    let done = 0;
    const chain = ib.optionChainWindow({ symbol: "SPY", expiries: info.expirations.slice(6, 10), strikesEachSide: 20, signal: gone.signal, onProgress: (n) => (done = n) });
    await expect.poll(() => done, { timeout: 10_000 }).toBeGreaterThan(3);
    gone.abort();
    await expect(chain).rejects.toMatchObject({ code: IbErrorCode.Aborted });
    const doneAtAbort = done;
    // Every line comes back and TWS holds none of them; nothing more is asked for.
    await expect.poll(() => ib.lines.used, { timeout: 5_000 }).toBe(0);
    await expect.poll(() => linesAtTws(51), { timeout: 5_000 }).toBe(0);
    expect(ib.client.throttle.pending).toBe(0);
    expect(done).toBe(doneAtAbort);
  }, 30_000);

  it("never sends a request abandoned before its turn", async () => {
    const gone = new AbortController();
    gone.abort();
    await expect(ib.client.request({ label: "test request", signal: gone.signal, send: () => expect.fail("sent"), handle: () => undefined })).rejects.toMatchObject({
      code: IbErrorCode.Aborted,
    });
  });
});
