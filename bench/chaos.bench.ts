/**
 * The chaos battery: seeded fault schedules (TWS drops, hangs of its link to IB, restarts, latency, refused
 * orders, stalled fills, SIGKILLs of the app between approval and fill) with proposals, approvals, cancels and
 * quotes alongside, each followed by the invariants (lib/testing/chaos/invariants.ts).
 *
 *   npm run bench -- chaos                      500 schedules from seed 1, four at a time
 *   npm run bench -- chaos --schedules 50 --from 1000 --concurrency 2
 *   npm run bench -- chaos --seed 17            replays one schedule and prints its steps
 */
import { parseArgs } from "node:util";
import { runSchedule, type ScheduleResult } from "../lib/testing/chaos/battery";

const { values } = parseArgs({
  options: { schedules: { type: "string" }, from: { type: "string" }, seed: { type: "string" }, concurrency: { type: "string" } },
});
const single = values.seed === undefined ? undefined : Number(values.seed);
const count = single === undefined ? Number(values.schedules ?? 500) : 1;
const from = single ?? Number(values.from ?? 1);
const concurrency = Math.max(1, Number(values.concurrency ?? 4));
if (![count, from, concurrency].every(Number.isInteger)) {
  console.error("--schedules, --from, --seed and --concurrency take whole numbers.");
  process.exit(2);
}

async function main(): Promise<void> {
  const results: ScheduleResult[] = [];
  const started = Date.now();
  let next = from;
  async function worker(): Promise<void> {
    while (next < from + count) {
      const seed = next++;
      const result = await runSchedule(seed);
      results.push(result);
      if (result.violations.length > 0 || single !== undefined) {
        console.log(`seed ${seed}: ${result.violations.length} violation(s), ${result.orders} order(s) at TWS, ${result.crashesOfApp} crash(es) of the app, ${result.durationMs} ms`);
        console.log(`  steps: ${result.steps.join(" → ")}`);
        for (const v of result.violations) console.log(`  ✘ ${v}`);
        if (single !== undefined) for (const line of result.log) console.log(`    ${line}`);
        console.log(`  replay: npm run bench -- chaos --seed ${seed}`);
      } else if (results.length % 25 === 0) console.log(`… ${results.length} of ${count} schedules`);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));

  const sum = (pick: (r: ScheduleResult) => number): number => results.reduce((s, r) => s + pick(r), 0);
  const failing = results.filter((r) => r.violations.length > 0);
  const durations = results.map((r) => r.durationMs).sort((a, b) => a - b);
  console.log("");
  console.table({
    schedules: { value: results.length },
    "orders at TWS": { value: sum((r) => r.orders) },
    "orders filled": { value: sum((r) => r.fills) },
    "app SIGKILLs": { value: sum((r) => r.crashesOfApp) },
    "left of unknown outcome": { value: sum((r) => r.unknownOutcomes) },
    "failing schedules": { value: failing.length },
    "median schedule (s)": { value: Math.round(durations[Math.floor(durations.length / 2)]! / 100) / 10 },
    "wall time (s)": { value: Math.round((Date.now() - started) / 1000) },
  });
  console.log(`chaos: ${results.length} schedules, ${sum((r) => r.violations.length)} violations`);
  process.exit(failing.length === 0 ? 0 : 1);
}

void main();
