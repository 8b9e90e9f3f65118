/**
 * TWS simulator throughput: how many quote ticks per second it pushes to connected clients, and how many
 * concurrent clients it serves with prompt answers. Raw sockets count frames without decoding them, so the
 * figures are the simulator's, not a client library's.
 */
import net from "node:net";
import { encodeFrame } from "../sim/protocol/framing";
import { startSimulator } from "../sim/server";

const SERVER_VERSION_RANGE = "v100..193";

/** A bare API client: handshake, START_API, then counts every frame it receives. */
class RawClient {
  frames = 0;
  private buffer = Buffer.alloc(0);
  private handshakeDone = false;
  private readonly waiters: { msgId: string; resolve: () => void }[] = [];
  readonly socket: net.Socket;

  private constructor(port: number) {
    this.socket = net.connect({ host: "127.0.0.1", port });
    this.socket.setNoDelay(true);
    this.socket.on("data", (chunk: Buffer) => this.onData(chunk));
    this.socket.on("error", () => undefined);
  }

  static async connect(port: number, clientId: number): Promise<RawClient> {
    const c = new RawClient(port);
    await new Promise<void>((resolve, reject) => {
      c.socket.once("connect", () => resolve());
      c.socket.once("error", reject);
    });
    const version = Buffer.from(SERVER_VERSION_RANGE, "utf8");
    const len = Buffer.alloc(4);
    len.writeUInt32BE(version.length);
    c.socket.write(Buffer.concat([Buffer.from("API\0", "latin1"), len, version]));
    const ready = c.waitFor("9"); // NEXT_VALID_ID
    c.socket.write(encodeFrame([71, 2, clientId, ""]));
    await ready;
    return c;
  }

  waitFor(msgId: string): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ msgId, resolve }));
  }

  send(fields: (string | number | boolean)[]): void {
    this.socket.write(encodeFrame(fields));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 4) {
      const len = this.buffer.readUInt32BE(0);
      if (this.buffer.length < 4 + len) break;
      const body = this.buffer.subarray(4, 4 + len);
      this.buffer = this.buffer.subarray(4 + len);
      if (!this.handshakeDone) {
        this.handshakeDone = true;
        continue;
      }
      this.frames++;
      const nul = body.indexOf(0);
      const msgId = body.subarray(0, nul).toString();
      const i = this.waiters.findIndex((w) => w.msgId === msgId);
      if (i >= 0) {
        const [w] = this.waiters.splice(i, 1);
        w?.resolve();
      }
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

function reqMktData(reqId: number, symbol: string, secType: string, expiry = "", strike = "", right = ""): (string | number)[] {
  return [1, 11, reqId, 0, symbol, secType, expiry, strike, right, secType === "OPT" ? "100" : "", "SMART", "", "USD", "", "", 0, "", 0, 0, ""];
}

async function tickThroughput(): Promise<void> {
  // Lines update every 10 ms (25x IB's stock sampling) and the clock runs 50x faster so quotes keep moving.
  const sim = await startSimulator({ port: 0, seed: 1, startTime: "2025-03-24T15:00:00Z", speed: 50, timing: { stockIntervalMs: 10, optionIntervalMs: 10, firstTickDelayMs: 1 } });
  const chain = sim.simulator.market.chains.chain(sim.simulator.market.stocks.get("SPY")!.underlying, sim.simulator.market.today());
  const expiry = chain.find((e) => e.kind === "monthly")!;
  const spot = sim.simulator.market.stocks.get("SPY")!.mid(sim.control.now());
  const strikes = [...expiry.strikes].sort((a, b) => Math.abs(a - spot) - Math.abs(b - spot)).slice(0, 40);
  const yyyymmdd = new Date(expiry.day * 86_400_000).toISOString().slice(0, 10).replaceAll("-", "");
  const clients: RawClient[] = [];
  const clientCount = 10;
  for (let i = 0; i < clientCount; i++) clients.push(await RawClient.connect(sim.port, 100 + i));
  let lines = 0;
  for (const c of clients) {
    let reqId = 1;
    for (const s of ["SPY", "QQQ", "IWM", "AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "META", "GOOGL"]) {
      c.send(reqMktData(reqId++, s, "STK"));
      lines++;
    }
    for (const k of strikes) {
      for (const right of ["C", "P"]) {
        c.send(reqMktData(reqId++, "SPY", "OPT", yyyymmdd, String(k), right));
        lines++;
      }
    }
    // Stay under the 50 messages/s limit while subscribing.
    await new Promise((r) => setTimeout(r, 1100));
    c.send([49, 1]);
  }
  await new Promise((r) => setTimeout(r, 500));
  const before = clients.reduce((s, c) => s + c.frames, 0);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await new Promise((r) => setTimeout(r, 3000));
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const frames = clients.reduce((s, c) => s + c.frames, 0) - before;
  for (const c of clients) c.close();
  await sim.close();
  const cpuShare = (cpu.user + cpu.system) / 1e6 / elapsed;
  console.log(`quote ticks:   ${Math.round(frames / elapsed).toLocaleString("en-US")} messages/s to ${clientCount} clients over ${lines} lines (${Math.round(cpuShare * 100)}% of one core)`);
  // What the app can ever ask of TWS: the account's 100 market-data lines, all options (sampled every 100 ms),
  // each update carrying about 6 changed fields (bid, ask, sizes, last, an option computation): an estimate.
  const ibRate = 100 * 10 * 6;
  console.log(`  vs. a full 100-line allowance of options at IB's 100 ms sampling (~${ibRate.toLocaleString("en-US")} messages/s): ${(frames / elapsed / ibRate).toFixed(0)}x headroom`);
}

async function concurrentClients(): Promise<void> {
  const sim = await startSimulator({ port: 0, seed: 1, limits: { marketDataLines: 100 } });
  const results: string[] = [];
  let sustained = 0;
  const all: RawClient[] = [];
  for (const target of [50, 100, 200, 400, 800]) {
    while (all.length < target) all.push(await RawClient.connect(sim.port, all.length + 1));
    // Every client asks for the time at once; the slowest answer tells whether the server keeps up.
    const t0 = performance.now();
    const times = await Promise.all(
      all.map(async (c) => {
        const answered = c.waitFor("49");
        c.send([49, 1]);
        await answered;
        return performance.now() - t0;
      }),
    );
    const worst = Math.max(...times);
    results.push(`${target}: ${worst.toFixed(1)} ms`);
    if (worst < 100) sustained = target;
  }
  for (const c of all) c.close();
  await sim.close();
  console.log(`concurrent clients: ${sustained}+ answered within 100 ms (slowest answer per client count: ${results.join(", ")})`);
  console.log(`  vs. TWS, which accepts at most 32 API clients: ${(sustained / 32).toFixed(0)}x`);
}

// bench/ is a CommonJS package (its own package.json), so no top-level await.
void (async () => {
  await tickThroughput();
  await concurrentClients();
  process.exit(0);
})();
