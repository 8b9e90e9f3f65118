import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "node_modules/**", "bench/node_modules/**", "lib/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "e2e/artifacts/**"]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    // The simulator plays TWS: it must never reach into the app.
    files: ["sim/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/*", "../lib/*", "../../lib/*", "../app/*", "../../app/*"], message: "sim/ must not import the app (lib/, app/)." }] }],
    },
  },
  {
    // Pure analytics: no I/O, nothing from the rest of the app.
    files: ["lib/options/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["node:*", "fs", "net", "http", "@/*", "../ib", "../ib/*", "../mcp/*", "../db", "../config", "../log", "../trading/*", "../strategies", "../strategies/*", "../risk", "../risk/*"], message: "lib/options is pure math: it imports nothing outside itself." }] }],
    },
  },
  {
    // End-to-end specs live at the run's shifted time: their browser contexts come from e2e/fixtures.ts.
    files: ["e2e/**/*.ts"],
    ignores: ["e2e/fixtures.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: "@playwright/test", message: "Import test, expect and newMarketContext from ./fixtures, so the browser's clock matches the app's." }] }],
      "no-restricted-properties": ["error", { object: "browser", property: "newContext", message: "Use newMarketContext(browser, options) from ./fixtures." }],
    },
  },
]);
