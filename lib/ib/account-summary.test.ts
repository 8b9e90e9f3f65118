/**
 * Account summaries against the simulator, which refuses a third open summary subscription as TWS does (322):
 * many callers at once, and again right after, share one subscription and never see the refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../../sim/server";
import { Ib } from "./ib";

let sim: Awaited<ReturnType<typeof startSimulator>>;
let ib: Ib;

beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 4 });
  ib = new Ib({ host: "127.0.0.1", port: sim.port, clientId: 81, connectTimeoutMs: 3_000, requestTimeoutMs: 8_000 });
  ib.start();
  await ib.client.whenReady();
}, 30_000);

afterAll(async () => {
  ib?.stop();
  await sim?.close();
});

describe("account summaries", () => {
  it("ten callers at once, in waves and alongside positions, all get the summary", async () => {
    for (let wave = 0; wave < 4; wave++) {
      const results = await Promise.allSettled([...Array.from({ length: 10 }, () => ib.accountSummaries()), ib.overview(), ib.positions()]);
      const failed = results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason));
      expect(failed).toEqual([]);
      // After the brief reuse, the next wave asks TWS again; the previous subscription was cancelled first.
      await new Promise((r) => setTimeout(r, wave % 2 === 0 ? 50 : 2_100));
    }
    const summaries = await ib.accountSummaries();
    expect(summaries[0]?.netLiquidation).toBeGreaterThan(0);
  });
});
