/**
 * npm run sim -- [options]: runs the TWS simulator until SIGINT/SIGTERM. Prints
 * "TWS simulator listening on HOST:PORT" once it accepts connections.
 */
import { parseArgs } from "node:util";
import { startSimulator } from "./server";

const HELP = `Usage: npm run sim -- [options]

A TWS API server (socket protocol, server version 193) with a synthetic US options market.

Options:
  --port N            TCP port to listen on (default 7497; 0 = any free port)
  --host ADDR         interface to listen on (default 127.0.0.1)
  --seed N            market seed: same seed and simulated time give the same chains and prices (default 1)
  --start-time ISO    simulated time at start, e.g. 2025-03-24T14:30:00Z (default: now)
  --speed X           simulated seconds per real second (default 1)
  --account ID        account id (default DU1234567)
  --cash USD          starting cash (default 1000000)
  --verbose           log requests and events to stderr
  --help              show this help
`;

function numberArg(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) {
    process.stderr.write(`--${name} expects a number, got "${value}"\n`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        seed: { type: "string" },
        "start-time": { type: "string" },
        speed: { type: "string" },
        account: { type: "string" },
        cash: { type: "string" },
        verbose: { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const handle = await startSimulator({
    port: numberArg("port", values.port) ?? 7497,
    host: values.host ?? "127.0.0.1",
    seed: numberArg("seed", values.seed),
    startTime: values["start-time"],
    speed: numberArg("speed", values.speed),
    accountId: values.account,
    initialCash: numberArg("cash", values.cash),
    log: values.verbose ? (line) => process.stderr.write(`[sim] ${line}\n`) : undefined,
  });
  process.stdout.write(`TWS simulator listening on ${handle.host}:${handle.port}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void handle.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`TWS simulator failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
