import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { devices, expect, newMarketContext, test, type Browser, type BrowserContext } from "./fixtures";
import type { LegInput } from "../lib/analysis/legs";
import { analyseStrategy } from "../lib/analysis/strategy";
import { openDatabase } from "../lib/db";
import type { PrismaClient } from "../lib/generated/prisma/client";
import { Ib } from "../lib/ib/ib";
import { login, startApp, waitForConnected, type RunningApp } from "../lib/testing/app-process";
import { suggestedStop } from "../lib/trading/stop-loss";
import type { ProposalView } from "../lib/trading/views";
import { startSimulator } from "../sim/server";

// The shared e2e server runs its built-in simulator, which offers no way to make TWS forget an order. So this spec
// starts an app of its own, connected to a simulator it owns, with a database it can reach, and makes the orders of
// unknown outcome as a reconciliation finds them. Once is enough: it runs in the desktop project only.

/** The phone of the task: 390 × 844 CSS pixels, touch, Chromium. */
const phoneDevice = { ...devices["Pixel 7"], viewport: { width: 390, height: 844 } };

let sim: Awaited<ReturnType<typeof startSimulator>>;
let app: RunningApp;
let db: PrismaClient;
let cookie: string;
let legs: LegInput[];
let limit: number;

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
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

/** Orders of unknown outcome: proposed, then made to look sent long ago, and found so by the next reconciliation. */
async function unknownOrders(quantities: number[]): Promise<ProposalView[]> {
  const made: ProposalView[] = [];
  for (const quantity of quantities) {
    const { proposal } = await api<{ proposal: ProposalView }>("/api/proposals", { symbol: "SPY", legs, quantity, order_type: "LMT", limit_price: limit, tif: "GTC" });
    await db.proposal.update({ where: { id: proposal.id }, data: { status: "transmitted", approvedBy: "desktop", approvedAt: new Date(), orderId: 1, transmittedAt: new Date() } });
    made.push(proposal);
  }
  sim.control.dropAllConnections();
  for (const p of made) {
    await until(`${p.id} of unknown outcome`, async () => ((await api<{ proposal: ProposalView }>(`/api/proposals/${p.id}`)).proposal.status === "outcome_unknown" ? true : undefined));
  }
  return made;
}

async function phoneContext(browser: Browser): Promise<BrowserContext> {
  const context = await newMarketContext(browser, { ...phoneDevice, baseURL: app.url });
  const url = new URL(app.url);
  await context.addCookies(
    cookie.split("; ").map((pair) => {
      const eq = pair.indexOf("=");
      return { name: pair.slice(0, eq), value: pair.slice(eq + 1), domain: url.hostname, path: "/" };
    }),
  );
  return context;
}

test.beforeAll(async ({}, testInfo) => {
  // Skipped here rather than per test, so that no app is started for a project that runs nothing.
  test.skip(testInfo.project.name !== "desktop", "runs its own app and phone context; once is enough");
  test.setTimeout(180_000);
  sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 13 });
  // Order ids up to 100 were handed out before: an order sent with id 1 is one TWS received.
  sim.simulator.orders.markUsed(100);
  const dbFile = path.join(mkdtempSync(path.join(tmpdir(), "sumppump-e2e-settle-")), "app.db");
  app = await startApp({ SUMPPUMP_MODE: "live", IB_HOST: "127.0.0.1", IB_PORT: String(sim.port), DATABASE_URL: `file:${dbFile}` });
  await waitForConnected(app.url);
  cookie = await login(app);
  db = openDatabase(dbFile);
  const ib = new Ib({ host: "127.0.0.1", port: sim.port, clientId: 78, connectTimeoutMs: 3_000, requestTimeoutMs: 8_000 });
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
  await db?.$disconnect();
  await app?.stop();
  await sim?.close();
});

test("on a phone, the trader records what TWS's trade log shows for orders of unknown outcome: a fill gets its stop-loss prompt, 'did not fill' ends cancelled", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const [filled, notFilled] = (await unknownOrders([2, 1])) as [ProposalView, ProposalView];
  const context = await phoneContext(browser);
  const page = await context.newPage();
  try {
    await page.goto("/inbox");
    const section = page.getByTestId("unknown-outcomes");
    await expect(section.getByTestId("unknown-order")).toHaveCount(2, { timeout: 20_000 });
    const card = section.locator(`[data-proposal-id="${filled.id}"]`);
    const form = card.getByTestId("settle-form");
    await expect(form).toContainText("In TWS's trade log this order…");
    await expect(card.getByTestId("settle-quantity")).toHaveValue("2");
    // Nothing runs off the right edge of a 390-px screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath("settle-phone-form.png"), fullPage: true });

    // A bad entry is explained, and nothing is sent.
    await card.getByTestId("settle-quantity").fill("3");
    await card.getByTestId("settle-price").fill("2.91");
    await card.getByTestId("settle-filled").click();
    await expect(card.getByRole("alert")).toHaveText("Units filled: a whole number from 1 to 2.");

    // Record the fill: a confirm step says what will be recorded; Back changes nothing.
    await card.getByTestId("settle-quantity").fill("2");
    await card.getByTestId("settle-filled").click();
    await expect(card.getByTestId("settle-summary")).toHaveText("Record: filled 2 of 2 at 2.91 per unit. It becomes filled, and you are asked for a stop loss.");
    await page.screenshot({ path: testInfo.outputPath("settle-phone-confirm.png"), fullPage: true });
    await card.getByTestId("settle-back").click();
    await expect(card.getByTestId("settle-price")).toHaveValue("2.91");
    expect((await api<{ proposal: ProposalView }>(`/api/proposals/${filled.id}`)).proposal.status).toBe("outcome_unknown");
    await card.getByTestId("settle-filled").click();
    await card.getByTestId("settle-confirm").click();

    // The order moves to the stop-loss prompts, with the fill and a suggested stop.
    const prompt = page.getByTestId("stop-prompts").locator(`[data-proposal-id="${filled.id}"]`);
    await expect(prompt).toBeVisible({ timeout: 10_000 });
    await expect(prompt.getByTestId("fill-price")).toHaveText("2.91");
    await expect(prompt.getByTestId("stop-input")).toHaveValue(suggestedStop(2.91, true)!.toFixed(2));
    await expect(section.getByTestId("unknown-order")).toHaveCount(1);

    // The other order did not fill.
    const other = section.locator(`[data-proposal-id="${notFilled.id}"]`);
    await other.getByTestId("settle-not-filled").click();
    await expect(other.getByTestId("settle-summary")).toHaveText("Record: did not fill. It becomes cancelled, with nothing filled.");
    await other.getByTestId("settle-confirm").click();
    await expect(page.getByTestId("unknown-outcomes")).toHaveCount(0, { timeout: 10_000 });
    await expect(page.getByTestId("recent").locator(`[data-proposal-id="${notFilled.id}"]`)).toContainText("cancelled");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: testInfo.outputPath("settle-phone-after.png"), fullPage: true });

    const history = (await api<{ proposal: ProposalView }>(`/api/proposals/${filled.id}`)).proposal.history!;
    expect(history.find((h) => h.action === "settle_by_trader")).toMatchObject({ actor: "desktop", detail: { source: "trader", entered: { filled: true, quantity: 2, avg_price: 2.91 } } });
  } finally {
    await context.close();
  }
});
