/**
 * A TWS that hangs while SumpPump connects: the handshake times out, and the abandoned socket must be closed.
 * Left open, TWS answers it once the hang ends, that socket takes SumpPump's client id, and every later attempt is
 * refused with 326 "client id already in use" for as long as the process lives.
 */
import { afterAll, expect, it } from "vitest";
import { startSimulator } from "../../sim/server";
import { Ib } from "./ib";

const sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 3 });
const ib = new Ib({ host: "127.0.0.1", port: sim.port, clientId: 31, connectTimeoutMs: 800, requestTimeoutMs: 5_000, reconnectDelayMs: { initial: 200, max: 1_000 } });

afterAll(async () => {
  ib.stop();
  await sim.close();
});

it("connects again once a hang that outlasted its handshakes ends, with one connection at TWS", { timeout: 30_000 }, async () => {
  ib.start();
  await ib.client.whenReady();
  sim.control.hang(4_000);
  sim.control.dropAllConnections();
  const refused: number[] = [];
  ib.client.onStatus((s) => {
    if (s.lastError?.ibCode === 326) refused.push(326);
  });
  // Handshakes time out during the hang; the first after it succeeds.
  await new Promise((resolve) => setTimeout(resolve, 4_500));
  await ib.client.whenReady(8_000);
  expect(sim.control.connectedClients()).toBe(1);
  expect(refused).toEqual([]);
  expect(await ib.spot("SPY")).toBeGreaterThan(0);
});
