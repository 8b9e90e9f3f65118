/**
 * The e2e run lives at the next trading morning (lib/testing/test-clock.ts): the app, its simulator and these
 * workers moved there through the environment; every browser context moves there too, with its clock ticking
 * from the workers' own (already shifted) time. Specs import `test` and `newMarketContext` from here.
 */
import { test as base, type Browser, type BrowserContext, type BrowserContextOptions } from "@playwright/test";

export { devices, expect, type APIRequestContext, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";

/** A browser context whose clock reads the run's time. */
export async function newMarketContext(browser: Browser, options?: BrowserContextOptions): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.clock.install({ time: Date.now() });
  return context;
}

export const test = base.extend({
  context: async ({ context }, provide) => {
    await context.clock.install({ time: Date.now() });
    await provide(context);
  },
});
