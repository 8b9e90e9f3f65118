import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, newMarketContext, test, type Page } from "./fixtures";
import type { LegInput } from "../lib/analysis/legs";
import { analyseStrategy } from "../lib/analysis/strategy";
import { Ib } from "../lib/ib/ib";
import { login, startApp, waitForConnected, type RunningApp } from "../lib/testing/app-process";
import type { ProposalView } from "../lib/trading/views";
import { startSimulator } from "../sim/server";

// Each state of the line to TWS, driven through the simulator's control API, as the header on every page and
// /api/health show it; and an approval caught by an outage, refused with the reason and cleared once the line is
// back. The shared e2e server's simulator cannot be reached from here, so this spec starts an app of its own,
// connected to a simulator it owns. Once is enough: it runs in the desktop project only.

let sim: Awaited<ReturnType<typeof startSimulator>>;
let app: RunningApp;
let cookie: string;
let legs: LegInput[];
let limit: number;

interface Health {
  ok: boolean;
  ib: { state: string; responding: boolean; ibLink: string; farms: Array<{ name: string; state: string }>; level: string; label: string; detail: string };
}

async function health(): Promise<Health["ib"]> {
  return ((await (await fetch(`${app.url}/api/health`)).json()) as Health).ib;
}

async function api<T>(pathname: string, body?: unknown): Promise<T> {
  const r = await fetch(`${app.url}${pathname}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Cookie: cookie, Origin: app.url, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${pathname}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** The header's badge shows `label` (and its level); /api/health says the same. */
async function expectState(page: Page, level: string, label: RegExp, apiLabel: RegExp): Promise<void> {
  await expect.poll(async () => (await health()).level, { timeout: 10_000 }).toBe(level);
  expect((await health()).label).toMatch(apiLabel);
  const badge = page.getByTestId("tws-connection");
  await expect(badge).toHaveAttribute("data-level", level, { timeout: 10_000 });
  await expect(badge.locator("summary")).toHaveText(label);
}

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "runs its own app and simulator; once is enough");
  test.setTimeout(180_000);
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 17 });
  const dbFile = path.join(mkdtempSync(path.join(tmpdir(), "sumppump-e2e-connection-")), "app.db");
  app = await startApp({ SUMPPUMP_MODE: "live", IB_HOST: "127.0.0.1", IB_PORT: String(sim.port), DATABASE_URL: `file:${dbFile}` });
  await waitForConnected(app.url);
  cookie = await login(app);
  const ib = new Ib({ host: "127.0.0.1", port: sim.port, clientId: 79, connectTimeoutMs: 3_000, requestTimeoutMs: 8_000 });
  ib.start();
  try {
    await ib.client.whenReady();
    const info = await ib.optionChainInfo("SPY");
    const spot = await ib.spot("SPY");
    const expiry = info.expirations.find((e) => Number(e) > Number(new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10).replace(/-/g, "")))!;
    const atm = info.strikes.reduce((best, k) => (Math.abs(k - spot) < Math.abs(best - spot) ? k : best));
    const upper = info.strikes.find((k) => k >= atm + 10)!;
    legs = [
      { type: "call", action: "buy", strike: atm, expiry, quantity: 1 },
      { type: "call", action: "sell", strike: upper, expiry, quantity: 1 },
    ];
    const analysis = await analyseStrategy(ib, "SPY", legs);
    limit = Math.round((analysis.netDebitNatural! / 100 + 0.1) * 100) / 100;
  } finally {
    ib.stop();
  }
});

test.afterAll(async () => {
  await app?.stop();
  await sim?.close();
});

test("the header and /api/health show each state of the line to TWS; an approval during an outage is refused with the reason, which clears when the line is back", async ({ browser }, testInfo) => {
  test.setTimeout(150_000);
  const context = await newMarketContext(browser, { baseURL: app.url });
  const url = new URL(app.url);
  await context.addCookies(
    cookie.split("; ").map((pair) => {
      const eq = pair.indexOf("=");
      return { name: pair.slice(0, eq), value: pair.slice(eq + 1), domain: url.hostname, path: "/" };
    }),
  );
  const page = await context.newPage();
  try {
    const { proposal } = await api<{ proposal: ProposalView }>("/api/proposals", { symbol: "SPY", legs, quantity: 1, order_type: "LMT", limit_price: limit, tif: "DAY" });
    await page.goto("/inbox");
    const card = page.locator(`[data-testid="pending-card"][data-proposal-id="${proposal.id}"]`);
    await expect(card).toBeVisible({ timeout: 20_000 });

    // All well: the farms TWS reported on connecting, and nothing to say.
    await expectState(page, "ok", /TWS ok/, /^ok$/);
    expect((await health()).farms.map((f) => `${f.name}:${f.state}`).sort()).toEqual(["secdefnj:ok", "usfarm:ok", "ushmds:ok"]);
    await page.getByTestId("tws-connection").locator("summary").click();
    await expect(page.getByTestId("tws-ib-link")).toHaveText("ok");

    // A data farm breaks: degraded, orders still possible.
    sim.control.farmStatus("market", "broken");
    await expectState(page, "degraded", /Data farm broken: usfarm/, /^data farm broken: usfarm$/);
    await expect(page.getByTestId("tws-farms")).toContainText("market data usfarm: broken");
    await expect(card.getByTestId("approve")).toBeEnabled();
    sim.control.farmStatus("market", "ok");
    await expectState(page, "ok", /TWS ok/, /^ok$/);

    // TWS loses its link to IB (1100): the header says so, the inbox says why nothing can be approved.
    sim.control.connectivityLost();
    await expectState(page, "down", /IB link lost/, /^IB link lost$/);
    expect((await health()).ibLink).toBe("lost");
    await expect(page.getByTestId("not-ready-reason")).toContainText("TWS lost its connection to IB's servers", { timeout: 10_000 });
    await expect(card.getByTestId("approve-blocked")).toContainText("TWS lost its connection to IB's servers");
    await expect(card.getByTestId("approve")).toBeDisabled();
    await page.screenshot({ path: testInfo.outputPath("connection-ib-link-lost.png"), fullPage: true });
    sim.control.connectivityRestored(true);
    await expectState(page, "ok", /TWS ok/, /^ok$/);
    await expect(page.getByTestId("not-ready")).toHaveCount(0, { timeout: 10_000 });
    await expect(card.getByTestId("approve")).toBeEnabled();

    // The link fails while the approval reads its price: refused with the reason, never "sending" without one.
    // With ticks paused past the 5 s a streamed price is trusted for, the approval must ask TWS for a fresh one.
    sim.control.pauseMarketData();
    await page.waitForTimeout(6_000);
    await card.getByTestId("approve").click();
    await expect(card.getByTestId("approve")).toHaveText("Checking and sending…");
    sim.control.connectivityLost();
    await expect(card.getByTestId("card-error")).toContainText("Not sent: TWS lost its connection to IB's servers", { timeout: 5_000 });
    // Back: the stale refusal clears by itself, and nothing went out on its own.
    sim.control.connectivityRestored(true);
    sim.control.resumeMarketData();
    await expectState(page, "ok", /TWS ok/, /^ok$/);
    await expect(card.getByTestId("card-error")).toHaveCount(0, { timeout: 10_000 });
    expect((await api<{ proposal: ProposalView }>(`/api/proposals/${proposal.id}`)).proposal.status).toBe("pending_approval");

    // TWS hangs for 12 s with the socket open: "not responding" within seconds, on every page, and back after.
    await page.goto("/orders");
    const hungAt = Date.now();
    sim.control.hang(12_000);
    await expectState(page, "down", /TWS not responding/, /^TWS not responding$/);
    expect(Date.now() - hungAt).toBeLessThan(9_000);
    expect((await health()).responding).toBe(false);
    await page.screenshot({ path: testInfo.outputPath("connection-not-responding.png") });
    await expect.poll(async () => (await health()).level, { timeout: 20_000 }).toBe("ok");
    await expectState(page, "ok", /TWS ok/, /^ok$/);

    // TWS restarts and refuses connections for 8 s: disconnected (reconnecting) on every page, then back.
    const restarted = sim.control.restart(8_000);
    await expectState(page, "down", /TWS disconnected|Connecting to TWS/, /^(TWS disconnected|connecting to TWS)$/);
    await page.goto("/");
    await expect(page.getByTestId("tws-connection")).toHaveAttribute("data-level", "down", { timeout: 10_000 });
    await page.getByTestId("tws-connection").locator("summary").click();
    await expect(page.getByTestId("tws-socket")).toContainText(/disconnected|connecting/);
    await restarted;
    // SumpPump's backoff may wait a few seconds more before its next attempt.
    await expect.poll(async () => (await health()).level, { timeout: 30_000 }).toBe("ok");
    await expectState(page, "ok", /TWS ok/, /^ok$/);
  } finally {
    await context.close();
  }
});
