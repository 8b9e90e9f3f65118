/**
 * The line to TWS as the client models it, against the simulator over a real socket: TWS's link to IB (1100, 1101,
 * 1102), the data farms, a hang noticed by the heartbeat within 5 s (requests then fail at once, saying so), order
 * ids resynchronised after another client used some, and TWS's 322 read as busy, not as a bad request.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator } from "../../sim/server";
import { IbError, IbErrorCode } from "../errors";
import { linkHealth, type IbStatus } from "./client";
import { summarise } from "./health";
import { Ib, retryWhileBusy } from "./ib";

type Simulator = Awaited<ReturnType<typeof startSimulator>>;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(clientId: number): Promise<{ sim: Simulator; ib: Ib }> {
  const sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 3 });
  cleanups.push(() => sim.close());
  const ib = new Ib({ host: "127.0.0.1", port: sim.port, clientId, connectTimeoutMs: 3_000, requestTimeoutMs: 5_000, reconnectDelayMs: { initial: 100, max: 500 } });
  ib.start();
  cleanups.push(() => ib.stop());
  await ib.client.whenReady();
  return { sim, ib };
}

function until(ib: Ib, what: string, test: (s: IbStatus) => boolean, timeoutMs = 8_000): Promise<IbStatus> {
  if (test(ib.status())) return Promise.resolve(ib.status());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(ib.status())}`));
    }, timeoutMs);
    const off = ib.client.onStatus((s) => {
      if (!test(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

describe("the line to TWS", () => {
  it("lists the data farms TWS reports on connecting, and a farm that breaks and comes back", async () => {
    const { sim, ib } = await setUp(31);
    const status = await until(ib, "three farms", (s) => s.farms.length === 3);
    expect(status.farms.map((f) => `${f.kind}:${f.name}:${f.state}`).sort()).toEqual(["historical data:ushmds:ok", "market data:usfarm:ok", "security definitions:secdefnj:ok"]);
    expect(summarise(linkHealth(status)).level).toBe("ok");

    sim.control.farmStatus("market", "broken");
    const broken = await until(ib, "usfarm broken", (s) => s.farms.some((f) => f.name === "usfarm" && f.state === "broken"));
    expect(summarise(linkHealth(broken))).toMatchObject({ level: "degraded", label: "data farm broken: usfarm" });

    sim.control.farmStatus("market", "ok");
    const back = await until(ib, "usfarm ok", (s) => s.farms.every((f) => f.state === "ok"));
    expect(summarise(linkHealth(back)).level).toBe("ok");
  });

  it("follows TWS's link to IB: lost on 1100, back on 1102, back with market data to ask again on 1101", async () => {
    const { sim, ib } = await setUp(32);
    sim.control.connectivityLost();
    const lost = await until(ib, "link lost", (s) => s.ibLink === "lost");
    expect(lost.state).toBe("connected");
    expect(lost.ibLinkSince).toBeTruthy();
    expect(summarise(linkHealth(lost))).toMatchObject({ level: "down", label: "IB link lost" });

    sim.control.connectivityRestored(true);
    const kept = await until(ib, "link back (1102)", (s) => s.ibLink === "ok");
    expect(kept.dataResetAt).toBeUndefined();

    sim.control.connectivityLost();
    await until(ib, "link lost again", (s) => s.ibLink === "lost");
    sim.control.connectivityRestored(false);
    const reset = await until(ib, "link back (1101)", (s) => s.ibLink === "ok");
    expect(reset.dataResetAt).toBeTruthy();
    // Quotes work again afterwards.
    expect((await ib.quote("SPY")).symbol).toBe("SPY");
  });

  it("notices within 5 s that TWS stopped answering on an open socket, fails new requests at once, and sees it answer again", async () => {
    const { sim, ib } = await setUp(33);
    await ib.quote("SPY");
    const hungAt = Date.now();
    // TWS freezes for 7 s with the socket open: it reads nothing and writes nothing.
    sim.control.hang(7_000);
    const silent = await until(ib, "not responding", (s) => !s.responding, 6_000);
    const noticedMs = Date.now() - hungAt;
    expect(noticedMs).toBeLessThan(5_000);
    expect(silent.state).toBe("connected");
    expect(summarise(linkHealth(silent)).label).toBe("TWS not responding");

    const started = Date.now();
    const error = await ib.quote("QQQ").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IbError);
    expect((error as IbError).code).toBe(IbErrorCode.NotResponding);
    expect((error as IbError).message).toMatch(/connected but has not answered since/);
    expect(Date.now() - started).toBeLessThan(100);

    await until(ib, "responding again", (s) => s.responding, 15_000);
    expect((await ib.quote("QQQ")).symbol).toBe("QQQ");
  }, 30_000);

  it("takes order ids above those another API client used, once TWS is asked for the next valid id", async () => {
    const { sim, ib } = await setUp(34);
    const ours = ib.takeOrderId();
    const theirs = Math.max(...sim.control.takeOrderIds(40));
    expect(theirs).toBeGreaterThan(ours);
    const next = await ib.client.resyncOrderIds();
    expect(next).toBe(theirs + 1);
    expect(ib.takeOrderId()).toBe(theirs + 1);
  });

  it("reads TWS's 322 (too many account summaries at once) as busy, and asks again after a pause", async () => {
    const { ib } = await setUp(36);
    // Two summaries held open, as TWS allows; a third is refused with 322.
    const hold = (): Promise<void> =>
      ib.client.request<void>({
        label: "held account summary",
        send: (api, reqId) => api.reqAccountSummary(reqId, "All", "NetLiquidation"),
        handle: () => {},
        timeoutMs: 2_000,
        onTimeout: (settle) => settle.resolve(),
        cancel: (api, reqId) => api.cancelAccountSummary(reqId),
      });
    const held = [hold(), hold()];
    const third = await ib.client
      .request<void>({ label: "account summary", send: (api, reqId) => api.reqAccountSummary(reqId, "All", "NetLiquidation"), handle: () => {} })
      .catch((e: unknown) => e);
    expect(third).toBeInstanceOf(IbError);
    expect((third as IbError).code).toBe(IbErrorCode.Busy);
    expect((third as IbError).details.ibCode).toBe(322);
    // The summary asked for meanwhile waits out the busy moment instead of failing.
    const summaries = await retryWhileBusy(() => ib.accountSummaries(), [2_500]);
    expect(summaries.length).toBeGreaterThan(0);
    await Promise.all(held);
  }, 20_000);
});
