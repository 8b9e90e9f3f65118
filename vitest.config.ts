import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    include: ["{lib,sim,scripts,app,components,tests}/**/*.test.{ts,tsx}"],
    exclude: ["node_modules/**", "e2e/**", "bench/**"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    env: { NEXT_TELEMETRY_DISABLED: "1" },
    root: path.resolve(import.meta.dirname),
  },
});
