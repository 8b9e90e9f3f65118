/**
 * Runs every benchmark in bench/ (files named *.bench.ts), one child process each so that one benchmark's
 * warm JIT or open sockets never colour another's figures. `npm run bench -- NAME` runs only the files
 * whose name contains NAME; arguments after NAME go to each of them (e.g. `npm run bench -- chaos --seed 7`).
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

const filter = process.argv[2];
const passed = process.argv.slice(3);
const dir = import.meta.dirname;
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => !filter || f.includes(filter))
  .sort();

if (files.length === 0) {
  console.error(filter ? `No benchmark matches "${filter}".` : "No benchmarks found in bench/.");
  process.exit(1);
}

let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join(dir, file), ...passed], { stdio: "inherit" });
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
