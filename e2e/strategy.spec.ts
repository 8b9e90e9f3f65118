import { expect, test, type Locator, type Page } from "./fixtures";
import { strategyUrl } from "../lib/analysis/strategy-url";
import { analyzePayoff } from "../lib/options/payoff";
import { pnlCurve, pnlGrid } from "../lib/options/pnl-grid";
import { positionGreeks } from "../lib/options/position-greeks";
import type { Leg } from "../lib/options/types";

// Logged in by the setup project (e2e/auth.setup.ts) through playwright.config.ts's storageState.

const num = (text: string | null): number => Number((text ?? "").replace(/[−–]/g, "-").replace(/[^0-9.\-]/g, ""));

interface Inputs {
  legs: Leg[];
  market: { spot: number; rate: number; dividendYield: number; nowMs: number; vol: number };
  dateMs: number;
  ivShift: number;
}

async function inputs(model: Locator): Promise<Inputs> {
  const get = async (name: string) => (await model.getAttribute(name))!;
  return {
    legs: JSON.parse(await get("data-legs")) as Leg[],
    market: { spot: Number(await get("data-spot")), rate: Number(await get("data-rate")), dividendYield: 0, nowMs: Number(await get("data-now")), vol: 0.3 },
    dateMs: Number(await get("data-date")),
    ivShift: Number(await get("data-iv-shift")),
  };
}

/** The P/L at spot shown under the chart equals lib/options pnlCurve for the page's own inputs. */
async function expectPnlAtSpot(page: Page): Promise<Inputs> {
  const model = page.getByTestId("strategy-model");
  const shown = await inputs(model);
  const expected = pnlCurve(shown.legs, shown.market, [shown.market.spot], shown.dateMs, shown.ivShift)[0]!;
  await expect.poll(async () => num(await page.getByTestId("pnl-at-spot").textContent())).toBeCloseTo(expected, 1);
  return shown;
}

test("build a spread by clicking the chain; payoff, sliders, P/L table and greeks agree with lib/options", async ({ page }, testInfo) => {
  await page.goto("/strategy?symbol=SPY");
  await expect(page.getByTestId("no-legs")).toBeVisible();
  const table = page.getByTestId("chain-table");
  await expect(table).toBeVisible({ timeout: 30_000 });

  // Buy the at-the-money call at its ask.
  const atm = Number(await table.locator("tr.spot-row").getAttribute("data-strike"));
  const ask = num(await table.getByTestId(`pick-call-ask-${atm}`).textContent());
  await table.getByTestId(`pick-call-ask-${atm}`).click();
  await expect(page.getByTestId("leg")).toHaveCount(1);
  const model = page.getByTestId("strategy-model");
  await expect(model).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("net-debit")).toHaveText((ask * 100).toFixed(2));
  let shown = await inputs(model);
  const single = analyzePayoff(shown.legs);
  expect(num(await page.getByTestId("max-loss").textContent())).toBeCloseTo(single.maxLoss, 2);
  await expect(page.getByTestId("max-profit")).toHaveText("unlimited");
  expect(num(await page.getByTestId("breakevens").textContent())).toBeCloseTo(atm + ask, 2);
  await expectPnlAtSpot(page);

  // Sell a call three strikes up at its bid: a bull call spread.
  const strikes = (await table.locator("tr[data-strike]").evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-strike"))))).sort((a, b) => a - b);
  const upper = strikes[strikes.indexOf(atm) + 3]!;
  await table.getByTestId(`pick-call-bid-${upper}`).click();
  await expect(page.getByTestId("leg")).toHaveCount(2);
  await expect(page.getByTestId("analysis").getByRole("heading", { name: /Bull call spread/ })).toBeVisible({ timeout: 30_000 });
  await expect(model).toHaveAttribute("data-legs", /"strike":\d+.*"strike":\d+/);
  shown = await inputs(model);
  const payoff = analyzePayoff(shown.legs);
  expect(num(await page.getByTestId("max-profit").textContent())).toBeCloseTo(payoff.maxProfit, 2);
  expect(num(await page.getByTestId("max-loss").textContent())).toBeCloseTo(payoff.maxLoss, 2);
  expect(num(await page.getByTestId("breakevens").textContent())).toBeCloseTo(payoff.breakevens[0]!, 2);
  await expect(page.getByTestId("pop")).toHaveText(/^\d+\.\d%$/);
  await expectPnlAtSpot(page);

  // Move the date slider: the dashed line, the read-out and the greeks follow, computed in the browser.
  const slider = page.getByTestId("date-slider");
  const maxDays = Number(await slider.getAttribute("max"));
  const day = Math.max(1, Math.floor(maxDays / 2));
  await slider.fill(String(day));
  await expect(model).not.toHaveAttribute("data-date", String(shown.market.nowMs));
  shown = await expectPnlAtSpot(page);
  expect(Math.round((shown.dateMs - shown.market.nowMs) / 86_400_000)).toBe(Math.min(day, maxDays));
  const greeks = positionGreeks(shown.legs, { ...shown.market, nowMs: shown.dateMs });
  expect(num(await page.getByTestId("greek-delta").textContent())).toBeCloseTo(greeks.delta, 1);
  expect(num(await page.getByTestId("greek-theta").textContent())).toBeCloseTo(greeks.thetaPerDay, 1);

  // Shift IV up 10 points.
  await page.getByTestId("iv-slider").fill("10");
  await expect(page.getByTestId("iv-label")).toHaveText("+10 vol pts");
  shown = await expectPnlAtSpot(page);
  expect(shown.ivShift).toBeCloseTo(0.1, 10);

  // The P/L table: every cell is lib/options pnlGrid at its price and date, green for profit, red for loss.
  const cells = page.getByTestId("pnl-table").locator("td[data-price]");
  const count = await cells.count();
  expect(count).toBeGreaterThan(20);
  for (const i of [0, Math.floor(count / 2), count - 1]) {
    const cell = cells.nth(i);
    const price = Number(await cell.getAttribute("data-price"));
    const date = Number(await cell.getAttribute("data-date"));
    const grid = pnlGrid({ legs: shown.legs, market: shown.market, prices: [price], datesMs: [date], ivShift: shown.ivShift });
    expect(num(await cell.textContent())).toBeCloseTo(grid.pnl[0]!, -1);
    const background = await cell.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).toContain(grid.pnl[0]! >= 0 ? "63, 185, 80" : "248, 81, 73");
  }

  await expect(page).toHaveURL(/legs=/);
  await page.screenshot({ path: testInfo.outputPath(`strategy-${testInfo.project.name}.png`), fullPage: true });

  // Propose sends the spread to the approval inbox, as one unit of ratio legs at the net mid by default.
  await page.getByTestId("propose").click();
  const form = page.getByTestId("propose-form");
  await expect(form).toBeVisible();
  const limitInput = form.getByTestId("propose-limit");
  await expect(limitInput).toHaveValue(/^\d+\.\d\d$/);
  await expect(form.getByTestId("propose-quantity")).toHaveValue("1");
  const limit = Number(await limitInput.inputValue());
  expect(limit).toBeGreaterThan(0);
  expect(limit).toBeLessThan(upper - atm);
  await form.screenshot({ path: testInfo.outputPath(`strategy-propose-${testInfo.project.name}.png`) });
  await form.getByTestId("propose-submit").click();
  await expect(form.getByTestId("proposed")).toContainText(`max loss $${(limit * 100).toFixed(2)}`);
  const href = (await form.getByTestId("proposed-link").getAttribute("href"))!;
  expect(href).toMatch(/^\/inbox#prp_/);
  await form.getByTestId("proposed-link").click();
  const card = page.locator(`[data-testid="pending-card"][data-proposal-id="${href.split("#")[1]}"]`);
  await expect(card).toBeVisible({ timeout: 10_000 });
  expect(num(await card.getByTestId("max-loss").textContent())).toBeCloseTo(limit * 100, 2);
  await expect(card.getByTestId("card-legs")).toHaveText(new RegExp(`Buy 1 SPY .* ${atm} call.*Sell 1 SPY .* ${upper} call`));
  // Withdrawn again, so that the inbox of the other tests starts clean.
  const withdrawn = await page.request.post(`/api/proposals/${href.split("#")[1]}/cancel`, { headers: { Origin: new URL(page.url()).origin } });
  expect(withdrawn.ok()).toBe(true);
});

test("a calculate_strategy link opens the same legs; a template fills the builder", async ({ page, request }, testInfo) => {
  const listing = await request.get("/api/chain/SPY/expiries");
  expect(listing.ok()).toBe(true);
  const { expiries, strikes } = (await listing.json()) as { expiries: Array<{ expiry: string; daysToExpiry: number }>; strikes: number[] };
  const expiry = expiries.find((e) => e.daysToExpiry > 20)!.expiry;
  const quote = (await (await request.get("/api/quote?symbol=SPY")).json()) as { last?: number; mid?: number };
  const spot = quote.last ?? quote.mid!;
  const atm = strikes.reduce((best, k) => (Math.abs(k - spot) < Math.abs(best - spot) ? k : best));
  const below = strikes[strikes.indexOf(atm) - 5]!;
  const url = strategyUrl("SPY", [
    { type: "put", action: "buy", strike: atm, expiry, quantity: 2 },
    { type: "put", action: "sell", strike: below, expiry, quantity: 2 },
  ]);
  await page.goto(url);
  await expect(page.getByTestId("leg")).toHaveCount(2);
  await expect(page.getByTestId("analysis").getByRole("heading", { name: /Bear put spread/ })).toBeVisible({ timeout: 30_000 });
  const shown = await inputs(page.getByTestId("strategy-model"));
  expect(shown.legs.map((l) => (l.kind === "option" ? [l.strike, l.quantity] : []))).toEqual([
    [atm, 2],
    [below, -2],
  ]);
  await expectPnlAtSpot(page);
  await expect(page.getByTestId("payoff-chart").getByText(/^Max profit/)).toBeVisible();
  await expect(page.getByTestId("payoff-chart").getByText(/^Max loss/)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath(`strategy-link-${testInfo.project.name}.png`), fullPage: true });

  await expect(page.getByTestId("chain-table")).toBeVisible({ timeout: 30_000 });
  await page.getByTestId("template").selectOption("long_butterfly");
  await expect(page.getByTestId("leg")).toHaveCount(3);
  await expect(page.getByTestId("analysis").getByRole("heading", { name: /Long butterfly/i })).toBeVisible({ timeout: 30_000 });

  await page.goto("/strategy?symbol=SPY&legs=%5B%7B%22type%22%3A%22call%22%7D%5D");
  await expect(page.locator("p.error[role=alert]")).toContainText("could not be read");
});

test("the builder follows the trade: a far leg is clickable, a refused template says why, the P/L table shows the profit zone", async ({ page, request }, testInfo) => {
  const listing = await request.get("/api/chain/SPY/expiries");
  const { expiries, strikes } = (await listing.json()) as { expiries: Array<{ expiry: string; daysToExpiry: number }>; strikes: number[] };
  const expiry = expiries.find((e) => e.daysToExpiry > 20)!.expiry;
  const quote = (await (await request.get("/api/quote?symbol=SPY")).json()) as { last?: number; mid?: number };
  const spot = quote.last ?? quote.mid!;
  const atm = strikes.reduce((best, k) => (Math.abs(k - spot) < Math.abs(best - spot) ? k : best));
  // A leg 15 listed strikes above the money: outside a fixed ±10 window.
  const far = strikes[strikes.indexOf(atm) + 15]!;
  await page.goto(strategyUrl("SPY", [{ type: "call", action: "buy", strike: far, expiry, quantity: 1 }]));
  await expect(page.getByTestId("analysis").getByRole("heading", { name: /Long call/ })).toBeVisible({ timeout: 30_000 });
  const farAsk = page.getByTestId(`pick-call-ask-${far}`);
  await expect(farAsk).toBeVisible({ timeout: 30_000 });
  await farAsk.click();
  await expect(page.getByTestId("leg")).toHaveCount(2);
  // And the window widens on request.
  const rows = page.getByTestId("chain-table").locator("tr[data-strike]");
  const before = await rows.count();
  await page.getByTestId("wider-strikes").click();
  await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(before);

  // A template the policy refuses is marked, with the reason that fits it, before anything is built.
  const condor = page.getByTestId("template").locator('option[value="iron_condor"]');
  await expect(condor).toBeDisabled();
  await expect(condor).toContainText(/Iron condor.*not allowed.*long butterfly/i);

  // The P/L table's rows follow the trade: a row at each breakeven, and profit rows inside the zone.
  await page.getByTestId("template").selectOption("bull_call_spread");
  await expect(page.getByTestId("analysis").getByRole("heading", { name: /Bull call spread/ })).toBeVisible({ timeout: 30_000 });
  const breakeven = num(await page.getByTestId("breakevens").textContent());
  await expect(page.getByTestId("profit-zone")).toContainText(/Profit at expiry: above/);
  const table = page.getByTestId("pnl-table");
  const breakevenRows = table.locator('tr[data-mark="breakeven"]');
  await expect(breakevenRows).toHaveCount(1);
  expect(num(await breakevenRows.locator("th").textContent())).toBeCloseTo(breakeven, 0);
  const expiryCells = await table.locator("tr td:last-child").evaluateAll((cells) =>
    cells.map((c) => ({ price: Number(c.getAttribute("data-price")), text: c.textContent ?? "" })),
  );
  const profitable = expiryCells.filter((c) => c.price > breakeven + 0.01);
  expect(profitable.length).toBeGreaterThanOrEqual(2);
  for (const c of profitable) expect(num(c.text)).toBeGreaterThan(0);
  await page.screenshot({ path: testInfo.outputPath(`strategy-follows-${testInfo.project.name}.png`), fullPage: true });
});
