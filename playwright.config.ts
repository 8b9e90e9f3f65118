import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { shiftedClockEnv } from "./lib/testing/test-clock";

// The run lives at the next trading morning, whatever the hour: this runner picks the offset once and every
// process it starts (the app with its simulator, the test workers, apps the specs start) inherits it.
const clockEnv = shiftedClockEnv();
Object.assign(process.env, clockEnv);

// One app instance on its own port and throw-away database for the whole e2e run.
const port = Number(process.env.E2E_PORT ?? 18765);
const dataDir = mkdtempSync(path.join(tmpdir(), "sumppump-e2e-"));
export const E2E_MCP_TOKEN = "e2e-token-0123456789-abcdefghijklmnop";
export const E2E_PASSPHRASE = "e2e passphrase for the trader";
/** The desktop login made by the setup project (e2e/auth.setup.ts), reused by every test that needs one. */
export const DESKTOP_STORAGE_STATE = path.join(import.meta.dirname, "test-results", ".auth", "desktop.json");

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
};

export default defineConfig({
  testDir: "e2e",
  // Screenshots and traces of each run are kept here as test artifacts.
  outputDir: "e2e/artifacts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e-results.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromium,
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts$/, use: { ...devices["Desktop Chrome"], launchOptions: chromium } },
    { name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions: chromium, storageState: DESKTOP_STORAGE_STATE }, dependencies: ["setup"] },
    { name: "phone", use: { ...devices["Pixel 7"], launchOptions: chromium, storageState: DESKTOP_STORAGE_STATE }, dependencies: ["setup"] },
  ],
  webServer: {
    command: "node --import tsx scripts/start.ts",
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      SUMPPUMP_MODE: "sim",
      DATABASE_URL: `file:${path.join(dataDir, "e2e.db")}`,
      SUMPPUMP_LOG_FILE: path.join(dataDir, "e2e.log"),
      SUMPPUMP_MCP_TOKEN: E2E_MCP_TOKEN,
      SUMPPUMP_PASSPHRASE: E2E_PASSPHRASE,
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      ...clockEnv,
    },
  },
});
