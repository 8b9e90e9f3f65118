/**
 * `npm test`: everything, in the order that fails fastest: typecheck, lint, build, unit and integration tests
 * (Vitest), then the end-to-end tests in Debian's Chromium (Playwright). Ends with one line of totals.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { freePort } from "../lib/testing/app-process";

const ROOT = path.resolve(import.meta.dirname, "..");
const bin = (name: string): string => path.join(ROOT, "node_modules", ".bin", name);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function run(title: string, command: string, args: string[]): boolean {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(result.status === 0 ? `✔ ${title} (${seconds} s)` : `✘ ${title} failed (${seconds} s)`);
  return result.status === 0;
}

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    console.log("Chromium is missing: installing Debian's chromium package…");
    const update = spawnSync("apt-get", ["update"], { stdio: "inherit" });
    const install = update.status === 0 && spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (install && install.status === 0 && existsSync(CHROMIUM)) return;
  }
  console.error(
    `The end-to-end tests need Chromium at ${CHROMIUM}. Install it with "sudo apt-get install chromium" (Debian/Ubuntu), ` +
      "or set CHROMIUM_PATH to a Chromium or Chrome binary.",
  );
  process.exit(1);
}

function counts(file: string, read: (json: Record<string, unknown>) => [number, number, number]): [number, number, number] {
  try {
    return read(JSON.parse(readFileSync(path.join(ROOT, file), "utf8")) as Record<string, unknown>);
  } catch {
    return [0, 0, 0];
  }
}

ensureChromium();
// A port nothing listens on, so the e2e app never collides with another server on this machine.
env.E2E_PORT ??= String(await freePort());
rmSync(path.join(ROOT, "test-results"), { recursive: true, force: true });

const steps: Array<[string, string, string[]]> = [
  ["Typecheck", bin("tsc"), ["--noEmit", "-p", "."]],
  ["Lint", bin("eslint"), ["--max-warnings=0", "."]],
  ["Build", process.execPath, [path.join(ROOT, "node_modules", "next", "dist", "bin", "next"), "build"]],
  ["Unit and integration tests", bin("vitest"), ["run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/unit-results.json"]],
  ["End-to-end tests (Chromium)", bin("playwright"), ["test"]],
];

let failedStep: string | undefined;
for (const [title, command, args] of steps) {
  if (!run(title, command, args)) {
    failedStep = title;
    break;
  }
}

const unit = counts("test-results/unit-results.json", (j) => [Number(j.numPassedTests ?? 0), Number(j.numFailedTests ?? 0), Number(j.numPendingTests ?? 0) + Number(j.numTodoTests ?? 0)]);
const e2e = counts("test-results/e2e-results.json", (j) => {
  const s = (j.stats ?? {}) as Record<string, number>;
  return [(s.expected ?? 0) + (s.flaky ?? 0), s.unexpected ?? 0, s.skipped ?? 0];
});
const passed = unit[0] + e2e[0];
const failed = unit[1] + e2e[1];
const skipped = unit[2] + e2e[2];
console.log(`\nunit/integration: ${unit[0]} passed, ${unit[1]} failed; e2e: ${e2e[0]} passed, ${e2e[1]} failed`);
if (failedStep) console.log(`Stopped at: ${failedStep}`);
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failedStep || failed > 0 ? 1 : 0);
