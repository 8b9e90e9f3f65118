/** When the login lacks a live subscription: delayed data, said so; or a clear "not subscribed". */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../../sim/server";
import { IbError, IbErrorCode } from "../errors";
import { Ib } from "./ib";

let sim: Awaited<ReturnType<typeof startSimulator>>;

beforeAll(async () => {
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 5 });
  sim.control.setEntitlement("TSLA", "delayed");
  sim.control.setEntitlement("AMZN", "none");
});
afterAll(() => sim?.close());

async function connected(clientId: number, fallback?: "delayed" | "live-only"): Promise<Ib> {
  const ib = new Ib({ host: "127.0.0.1", port: sim.port, clientId, connectTimeoutMs: 3_000, requestTimeoutMs: 5_000, marketDataFallback: fallback });
  ib.start();
  await ib.client.whenReady();
  return ib;
}

describe("market data without a live subscription", () => {
  it("falls back to delayed data and labels it, while subscribed symbols stay live", async () => {
    const ib = await connected(31);
    try {
      const delayed = await ib.quote("TSLA");
      expect(delayed.marketData).toBe("delayed");
      expect(delayed.last ?? delayed.close).toBeGreaterThan(0);
      expect((await ib.quote("SPY")).marketData).toBe("live");
    } finally {
      ib.stop();
    }
  });

  it("says 'not subscribed' when there is neither live nor delayed data", async () => {
    const ib = await connected(32);
    try {
      const error = await ib.quote("AMZN").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IbError);
      expect((error as IbError).code).toBe(IbErrorCode.NotSubscribed);
    } finally {
      ib.stop();
    }
  });

  it("never presents delayed data as live when the fallback is off", async () => {
    const ib = await connected(33, "live-only");
    try {
      const result = await ib.quote("TSLA").then(
        (q) => q.marketData,
        (e: unknown) => (e as IbError).code,
      );
      expect(result).not.toBe("live");
    } finally {
      ib.stop();
    }
  });
});
