import { expect, test, type Locator } from "./fixtures";
import { bsmGreeks } from "../lib/options/greeks";
import { expectedMove } from "../lib/options/probability";
import { HEATMAP_MARGIN } from "../components/chain/heatmap-draw";

// Logged in by the setup project (e2e/auth.setup.ts) through playwright.config.ts's storageState.

const num = (text: string | null): number => Number((text ?? "").replace(/[^0-9.\-−]/g, "").replace("−", "-"));
const attr = async (locator: Locator, name: string): Promise<number> => Number(await locator.getAttribute(name));

test("the chain heatmap loads, hovers with details that agree with lib/options, and opens a leg in the strategy page", async ({ page }, testInfo) => {
  await page.goto("/chain/SPY");
  await expect(page.getByRole("heading", { name: /SPY option chain/ })).toBeVisible();
  const canvas = page.getByTestId("heatmap-canvas");
  await expect(canvas).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("data-source")).toContainText(/live data|delayed/);
  await expect(page.getByText("Implied volatility (% a year)")).toBeVisible();

  // The expected move of the selected (nearest) expiry: lib/options expectedMove from the same inputs.
  const move = page.getByTestId("expected-move");
  await expect(move).toBeVisible({ timeout: 30_000 });
  const market = { spot: await attr(move, "data-spot"), years: (await attr(move, "data-days")) / 365, rate: await attr(move, "data-rate"), dividendYield: 0 };
  const expected = expectedMove(market, await attr(move, "data-atm-iv"));
  const text = (await move.textContent())!;
  const [shownMove, shownLow, shownHigh] = [...text.matchAll(/[\d,]+\.\d{2}/g)].map((m) => num(m[0]));
  expect(shownMove).toBeCloseTo(expected.move, 2);
  expect(shownLow).toBeCloseTo(expected.low, 2);
  expect(shownHigh).toBeCloseTo(expected.high, 2);

  // Hover the first expiry's cell in the middle of the strikes (at the money): bid/ask, IV and greeks.
  const box = (await canvas.boundingBox())!;
  await canvas.hover({ position: { x: HEATMAP_MARGIN.left + 4, y: HEATMAP_MARGIN.top + (box.height - HEATMAP_MARGIN.top - HEATMAP_MARGIN.bottom) / 2 } });
  const tip = page.getByTestId("heatmap-tip");
  await expect(tip).toBeVisible();
  await expect(tip).toContainText("Bid × Ask");
  const strike = num(await tip.getByTestId("tip-strike").textContent());
  const iv = num(await tip.getByTestId("tip-iv-call").textContent()) / 100;
  const delta = num(await tip.getByTestId("tip-delta-call").textContent());
  const spot = await attr(tip, "data-spot");
  const years = (await attr(tip, "data-days")) / 365;
  const model = bsmGreeks("call", spot, strike, years, await attr(tip, "data-rate"), 0, iv);
  // The market's greeks come from TWS's model; the same IV in lib/options gives the same delta within rounding of IV and time.
  expect(Math.abs(model.delta - delta)).toBeLessThan(0.03);
  await page.screenshot({ path: testInfo.outputPath(`chain-heatmap-${testInfo.project.name}.png`), fullPage: true });

  // Another measure: the legend follows.
  await page.getByTestId("measure").selectOption("delta");
  await expect(page.getByText("Delta (per 1 USD of the underlying)")).toBeVisible();
  await page.getByTestId("measure").selectOption("openInterest");
  await expect(page.getByText("Open interest (contracts)")).toBeVisible();

  // The classic table: calls left, puts right; an ask opens the strategy page with that leg.
  const table = page.getByTestId("chain-table");
  await expect(table).toBeVisible();
  const atm = await table.locator("tr.spot-row").getAttribute("data-strike");
  await table.getByTestId(`pick-call-ask-${atm}`).click();
  await expect(page).toHaveURL(/\/strategy\?symbol=SPY&legs=/);
  await expect(page.getByTestId("leg")).toHaveCount(1);
  await expect(page.getByTestId("leg")).toContainText(`${atm} call`);
});

test("a symbol with no listing says so", async ({ page }) => {
  await page.goto("/chain/ZZZZQ");
  await expect(page.locator("p.error[role=alert]")).toContainText("No US stock or ETF has the symbol ZZZZQ", { timeout: 20_000 });
});
