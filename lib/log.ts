/**
 * The pino logger: JSON lines to stdout and to the log file (logs/sump_pump.log by default).
 * Created once per process and kept on globalThis so that Next's dev reloads don't open the file again.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import pino, { type Logger } from "pino";
import { getConfig } from "./config";

const globalForLog = globalThis as typeof globalThis & { sumppumpLogger?: Logger };

function createLogger(): Logger {
  const config = getConfig();
  const file = path.resolve(/*turbopackIgnore: true*/ process.cwd(), config.SUMPPUMP_LOG_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  return pino(
    { level: config.LOG_LEVEL, base: { app: "sumppump" }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.multistream([
      { level: config.LOG_LEVEL === "silent" ? "fatal" : config.LOG_LEVEL, stream: pino.destination({ dest: 1, sync: false }) },
      { level: config.LOG_LEVEL === "silent" ? "fatal" : config.LOG_LEVEL, stream: pino.destination({ dest: file, sync: false, mkdir: true }) },
    ]),
  );
}

export function getLogger(): Logger {
  globalForLog.sumppumpLogger ??= createLogger();
  return globalForLog.sumppumpLogger;
}

/** A child logger for one part of the app, e.g. `logger("ib")`. */
export function logger(component: string): Logger {
  return getLogger().child({ component });
}
