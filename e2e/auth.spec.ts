import { devices, expect, newMarketContext, test, type Browser, type BrowserContext, type Page } from "./fixtures";
import { E2E_PASSPHRASE } from "../playwright.config";

// These tests make their own desktop and phone contexts; they start logged out.
test.use({ storageState: { cookies: [], origins: [] } });

test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "builds its own desktop and phone contexts; once is enough");
});

const phoneDevice = devices["Pixel 7"];
const desktopDevice = devices["Desktop Chrome"];

async function context(browser: Browser, device: typeof phoneDevice, baseURL: string | undefined): Promise<BrowserContext> {
  return newMarketContext(browser, { ...device, baseURL });
}

async function logIn(page: Page, next = "/"): Promise<void> {
  await page.goto(next);
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Passphrase").fill(E2E_PASSPHRASE);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

test("the login page refuses a wrong passphrase clearly, and fits a desktop and a phone", async ({ browser, baseURL }, testInfo) => {
  const desktop = await context(browser, desktopDevice, baseURL);
  const page = await desktop.newPage();
  await page.goto("/devices");
  await expect(page).toHaveURL(/\/login\?next=%2Fdevices$/);
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await page.getByLabel("Passphrase").fill("not the passphrase");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong passphrase. Check it and try again.");
  await expect(page).toHaveURL(/\/login/);
  await page.screenshot({ path: testInfo.outputPath("login-desktop.png"), fullPage: true });

  // The right one goes where the request was going.
  await page.getByLabel("Passphrase").fill(E2E_PASSPHRASE);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/devices$/);
  await desktop.close();

  const phone = await context(browser, phoneDevice, baseURL);
  const phonePage = await phone.newPage();
  await phonePage.goto("/login");
  const button = phonePage.getByRole("button", { name: "Log in" });
  const box = (await button.boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(44);
  expect(box.width).toBeGreaterThan(phoneDevice.viewport.width * 0.6);
  const scrollWidth = await phonePage.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(phoneDevice.viewport.width);
  await phonePage.screenshot({ path: testInfo.outputPath("login-phone.png"), fullPage: true });
  await phone.close();
});

test("the desktop pairs a phone with a one-time link, and revoking the phone logs it out", async ({ browser, baseURL }, testInfo) => {
  const name = `Pixel 7 ${Date.now().toString(36).slice(-5)}`; // unique: the database outlives one run of this test
  const desktop = await context(browser, desktopDevice, baseURL);
  const desk = await desktop.newPage();
  await logIn(desk, "/devices");
  await expect(desk).toHaveURL(/\/devices$/);
  await desk.getByRole("button", { name: "Pair a phone" }).click();
  const link = desk.getByTestId("pairing-link");
  await expect(link).toBeVisible();
  await expect(desk.getByRole("img", { name: "QR code of the pairing link" })).toBeVisible();
  const pairingUrl = (await link.getAttribute("href"))!;
  expect(pairingUrl).toMatch(/^http:\/\/[^/]+\/pair\/[\w-]{43}$/);
  await desk.screenshot({ path: testInfo.outputPath("devices-desktop.png"), fullPage: true });

  // The phone opens the link, names itself and lands on the home page, logged in as the device.
  const phone = await context(browser, phoneDevice, baseURL);
  const handset = await phone.newPage();
  await handset.goto(pairingUrl);
  await handset.getByLabel("Name this device").fill(name);
  await handset.screenshot({ path: testInfo.outputPath("pair-phone.png"), fullPage: true });
  await handset.getByRole("button", { name: "Pair this device" }).click();
  await expect(handset).toHaveURL(new URL("/", pairingUrl).href);
  await expect(handset.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(handset.getByTestId("connection-state")).toHaveText("connected", { timeout: 20_000 });

  await handset.goto("/devices");
  const own = handset.getByTestId("device").filter({ hasText: name });
  await expect(own).toContainText("this device");
  await expect(handset.getByRole("button", { name: "Pair a phone" })).toHaveCount(0);
  await handset.screenshot({ path: testInfo.outputPath("devices-phone.png"), fullPage: true });

  // The link works once: a second phone is told so.
  const other = await context(browser, phoneDevice, baseURL);
  const second = await other.newPage();
  await second.goto(pairingUrl);
  await expect(second.getByTestId("pairing-problem")).toContainText("already been used");
  await other.close();

  // The desktop sees the phone and revokes it.
  await desk.reload();
  const row = desk.getByTestId("device").filter({ hasText: name });
  await expect(row).toContainText("last seen");
  desk.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);

  // The phone's next request finds it logged out.
  await handset.reload();
  await expect(handset).toHaveURL(/\/login\?next=%2Fdevices&reason=device_revoked$/);
  await expect(handset.getByRole("main").getByRole("status")).toContainText("This device was revoked");
  await phone.close();

  // The desktop logs out.
  await desk.getByRole("button", { name: "Log out" }).click();
  await expect(desk).toHaveURL(/\/login\?reason=logged_out$/);
  await desk.goto("/");
  await expect(desk).toHaveURL(/\/login$/);
  await desktop.close();
});
