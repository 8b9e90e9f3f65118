import { expect, test } from "./fixtures";

// Logged in by the setup project (e2e/auth.setup.ts) through playwright.config.ts's storageState.
test("the home page shows the live connection, the simulated-market banner and a live quote", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Log out" })).toBeVisible();
  await expect(page.getByTestId("sim-banner")).toContainText("SIMULATED MARKET");
  await expect(page.getByTestId("connection-state")).toHaveText("connected", { timeout: 20_000 });

  await expect(page.getByTestId("quote-symbol")).toHaveText("SPY", { timeout: 20_000 });
  const last = page.getByTestId("quote-last");
  await expect(last).toHaveText(/^\d[\d,]*\.\d{2}$/);
  const price = Number((await last.textContent())!.replace(/,/g, ""));
  expect(price).toBeGreaterThan(0);
  const bid = Number((await page.getByTestId("quote-bid").textContent())!.split(" ")[0]!.replace(/,/g, ""));
  const ask = Number((await page.getByTestId("quote-ask").textContent())!.split(" ")[0]!.replace(/,/g, ""));
  expect(bid).toBeGreaterThan(0);
  expect(ask).toBeGreaterThanOrEqual(bid);

  await expect(page.getByTestId("net-liquidation")).toHaveText(/^\d[\d,]*\.\d{2}$/, { timeout: 20_000 });
  await page.screenshot({ path: testInfo.outputPath(`home-${testInfo.project.name}.png`), fullPage: true });
});

test("looking up another symbol shows its quote, and a bad one says what is wrong", async ({ page }) => {
  await page.goto("/");
  const input = page.getByLabel("Symbol");
  await input.fill("aapl");
  await page.getByRole("button", { name: "Get quote" }).click();
  await expect(page.getByTestId("quote-symbol")).toHaveText("AAPL", { timeout: 20_000 });

  await input.fill("ZZZZQ");
  await page.getByRole("button", { name: "Get quote" }).click();
  await expect(page.getByTestId("quote").getByRole("alert")).toContainText("No US stock or ETF has the symbol ZZZZQ", { timeout: 20_000 });
});
