/**
 * Paging for get_options_chain: a window larger than one page comes back a few expiries at a time, each
 * result carrying an opaque cursor for the rest. The cursor holds the whole request, including the
 * at-the-money strike of the first page, so every page shows the same strikes even if the price moves.
 *
 * A cursor is sealed with an HMAC under a key this server process keeps to itself: a caller cannot write one
 * (say, four expiries of ±50 strikes, several times a page), and a sealed one is still checked against the
 * page caps. After a restart old cursors are refused; the caller asks again without one.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** Contracts per page: about 3,500 tokens of columns (two expiries of ±25 strikes, calls and puts). */
export const PAGE_CONTRACTS = 204;
/** Expiries per page at most, however few strikes each has. */
const MAX_EXPIRIES_PER_PAGE = 4;
/** Strikes an expiry shows at most in the delta-band mode (see strikesInDeltaBand). */
export const DELTA_BAND_MAX_STRIKES = 41;
const PREFIX = "chain2.";

const cursorSchema = z
  .object({
    symbol: z.string().min(1).max(12),
    expiries: z.array(z.string().regex(/^\d{8}$/)).min(1).max(12),
    /** Index in `expiries` of this page's first expiry. */
    from: z.number().int().min(0),
    perPage: z.number().int().min(1).max(MAX_EXPIRIES_PER_PAGE),
    rights: z.enum(["both", "calls", "puts"]),
    strikesEachSide: z.number().int().min(1).max(50),
    /** The first page's at-the-money strike (strike-count mode). */
    anchor: z.number().positive().optional(),
    minAbsDelta: z.number().min(0.02).max(0.45).optional(),
  })
  .strict()
  .refine((c) => c.from < c.expiries.length, "cursor points past its last expiry")
  .refine((c) => c.perPage <= expiriesPerPage(c.minAbsDelta === undefined ? 2 * c.strikesEachSide + 1 : DELTA_BAND_MAX_STRIKES, c.rights), "cursor pages more than a page holds");

export type ChainCursor = z.infer<typeof cursorSchema>;

/** Expiries one page holds when each shows up to `strikes` strikes on the given sides. */
export function expiriesPerPage(strikes: number, rights: "both" | "calls" | "puts"): number {
  const perExpiry = strikes * (rights === "both" ? 2 : 1);
  return Math.max(1, Math.min(MAX_EXPIRIES_PER_PAGE, Math.floor(PAGE_CONTRACTS / perExpiry)));
}

const globalForCursor = globalThis as typeof globalThis & { sumppumpCursorKey?: Buffer };

/** The process's own sealing key (on globalThis: Next may load this module more than once). */
function processKey(): Buffer {
  globalForCursor.sumppumpCursorKey ??= randomBytes(32);
  return globalForCursor.sumppumpCursorKey;
}

const seal = (body: string, key: Buffer): Buffer => createHmac("sha256", key).update(PREFIX + body).digest();

export function encodeCursor(cursor: ChainCursor, key = processKey()): string {
  const body = Buffer.from(JSON.stringify(cursor)).toString("base64url");
  return `${PREFIX}${body}.${seal(body, key).toString("base64url")}`;
}

/** The cursor's request, or undefined when the text is not a cursor this server gave out (or breaks the caps). */
export function decodeCursor(text: string, key = processKey()): ChainCursor | undefined {
  if (!text.startsWith(PREFIX) || text.length > 2_000) return undefined;
  const [body = "", mac = "", ...rest] = text.slice(PREFIX.length).split(".");
  const given = Buffer.from(mac, "base64url");
  const expected = seal(body, key);
  if (rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** "2 of 3": which page `cursor` is. */
export function pageLabel(cursor: ChainCursor): string {
  const pages = Math.ceil(cursor.expiries.length / cursor.perPage);
  return `${Math.floor(cursor.from / cursor.perPage) + 1} of ${pages}`;
}

/** The cursor for the page after `cursor`, or undefined on the last page. */
export function nextCursor(cursor: ChainCursor): ChainCursor | undefined {
  const from = cursor.from + cursor.perPage;
  return from < cursor.expiries.length ? { ...cursor, from } : undefined;
}
