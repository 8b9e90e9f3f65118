import { expect, test as setup } from "./fixtures";
import { DESKTOP_STORAGE_STATE, E2E_PASSPHRASE } from "../playwright.config";

setup("log in on the desktop", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Passphrase").fill(E2E_PASSPHRASE);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Devices" })).toBeVisible();
  await page.context().storageState({ path: DESKTOP_STORAGE_STATE });
});
