/** get_options_chain: the expiries of a symbol's options, or a compact window of quotes and greeks. */
import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { ChainWindowExpiry, Ib } from "../../ib/ib";
import { daysUntil } from "../../ib/ib";
import type { OptionQuote } from "../../ib/types";
import { strikesAround } from "../../ib/ib";
import { expectedMove } from "../../options/probability";
import { DELTA_BAND_MAX_STRIKES, decodeCursor, encodeCursor, expiriesPerPage, nextCursor, pageLabel, type ChainCursor } from "../chain-cursor";
import { progressReporter } from "../progress";
import { watchRateLimit } from "../pacing-note";
import { fail, failFrom, ok } from "../results";
import { record, symbolSchema } from "../schemas";
import { roundTo } from "../../options/rounding";

const expirySchema = z
  .string({ error: "expiry must be a date text like \"20261218\" or \"2026-12-18\"" })
  .trim()
  .regex(/^\d{4}-?\d{2}-?\d{2}$/, "expiry must be a date like \"20261218\" or \"2026-12-18\"")
  .transform((s) => s.replace(/-/g, ""));

const inputSchema = {
  symbol: symbolSchema,
  expiry: z
    // One date or a list: a single string is accepted as a list of one.
    .preprocess(
      (value) => (typeof value === "string" ? [value] : value),
      z.array(expirySchema, { error: "expiry must be a date like \"20261218\" or a list of up to 12 dates" }).min(1, "give at least one expiry").max(12, "at most 12 expiries per call"),
    )
    .optional()
    .describe("Expiry date(s) to quote, YYYYMMDD or YYYY-MM-DD, up to 12; omit to list expiries"),
  strikes_each_side: z
    .number({ error: "strikes_each_side must be a number" })
    .int("strikes_each_side must be a whole number")
    .min(1, "strikes_each_side must be at least 1")
    .max(50, "strikes_each_side is at most 50")
    .default(8)
    .describe("Strikes on each side of the at-the-money strike (default 8, at most 50)"),
  min_abs_delta: z
    .number({ error: "min_abs_delta must be a number such as 0.1" })
    .min(0.02, "min_abs_delta must be between 0.02 and 0.45")
    .max(0.45, "min_abs_delta must be between 0.02 and 0.45")
    .optional()
    .describe("Or: strikes from the put to the call of this |delta| (0.1)"),
  rights: z.enum(["both", "calls", "puts"]).default("both").describe("Which side of the chain to quote"),
  cursor: z.string().max(2_000).optional().describe("A result's next_cursor: its next page (other options come from it)"),
};

const outputSchema = {
  symbol: z.string(),
  spot: z.number().optional(),
  pacing_note: z.string().optional(),
  simulated: z.boolean(),
  expiries: z.array(record("Listing mode: expiry, days_to_expiry")).optional(),
  strike_range: record("lowest, highest, count").optional(),
  chains: z
    .array(
      record(
        "expiry, days_to_expiry, atm_iv (decimal), expected_move {move, low, high} (1σ at expiry), put_call_volume_ratio, strikes, calls and puts: columns aligned with strikes (bid, ask, last, volume, open_interest, iv, delta, gamma, theta, vega)",
      ),
    )
    .optional()
    .describe("Quote mode: per expiry (null: no value)"),
  iv_rank: z.number().nullable().optional().describe("0-1 vs 1y of daily 30d IV; null: see iv_note"),
  iv_percentile: z.number().nullable().optional().describe("Share of those days with lower IV"),
  iv_note: z.string().optional(),
  units: z.string().optional(),
  greeks_source: z.string().optional(),
  market_data: z.string().optional(),
  page: z.string().optional(),
  next_cursor: z.string().optional(),
  next_step: z.string().optional(),
  as_of: z.string(),
};

export function registerOptionsChainTools(server: McpServer, deps: { ib: Ib; simulated: boolean; now?: () => number }): void {
  const now = deps.now ?? Date.now;
  server.registerTool(
    "get_options_chain",
    {
      description:
        "Without expiry: a symbol's option expiries. With expiry: quotes, open interest, IV and greeks around the money, ATM IV, expected move, IV rank; large windows in pages.",
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ symbol, expiry, strikes_each_side, min_abs_delta, rights, cursor }, extra) => {
      try {
        const pacing = watchRateLimit(deps.ib);
        let request: ChainCursor | undefined;
        if (cursor !== undefined) {
          request = decodeCursor(cursor);
          if (!request) return fail("cursor is not a next_cursor this server gave out.", "Pass next_cursor exactly as returned, or call without cursor.");
          if (request.symbol !== symbol) return fail(`That cursor belongs to ${request.symbol}, not ${symbol}.`, `Call with symbol ${request.symbol}, or without cursor.`);
        }
        deps.ib.setActiveSymbol(symbol);
        const info = await deps.ib.optionChainInfo(symbol);
        const asOf = new Date(now()).toISOString();
        if (expiry === undefined && request === undefined) {
          return ok({
            symbol,
            simulated: deps.simulated,
            expiries: info.expirations.map((e) => ({ expiry: e, days_to_expiry: Math.ceil(daysUntil(now(), e)) })),
            strike_range: { lowest: info.strikes[0] ?? 0, highest: info.strikes.at(-1) ?? 0, count: info.strikes.length },
            next_step: "Call get_options_chain again with expiry set to one of these dates (or up to 4) to see quotes and greeks.",
            as_of: asOf,
          });
        }
        request ??= {
          symbol,
          expiries: [...new Set(expiry)],
          from: 0,
          perPage: expiriesPerPage(min_abs_delta === undefined ? 2 * strikes_each_side + 1 : DELTA_BAND_MAX_STRIKES, rights),
          rights,
          strikesEachSide: strikes_each_side,
          minAbsDelta: min_abs_delta,
        };
        const wanted = request.expiries.slice(request.from, request.from + request.perPage);
        const unknown = wanted.filter((e) => !info.expirations.includes(e));
        if (unknown.length > 0) {
          const nearest = unknown.map((e) => `${e} → nearest listed ${nearestExpiries(info.expirations, e).join(" or ")}`).join("; ");
          return fail(`${symbol} has no options expiring on ${unknown.join(", ")} (${nearest}).`, "Use a listed expiry; call without expiry to list them.");
        }
        // One year of 30-day IV per symbol, shared by every expiry and cached in lib/ib; it never throws.
        const ivRanking = deps.ib.ivRank(symbol);
        const sides = request.rights;
        const window = await deps.ib.optionChainWindow({
          symbol,
          expiries: wanted,
          strikesEachSide: request.strikesEachSide,
          minAbsDelta: request.minAbsDelta,
          // Later pages show the first page's strikes.
          strikes: request.anchor === undefined ? undefined : strikesAround(info.strikes, request.anchor, request.strikesEachSide),
          rights: sides === "both" ? ["C", "P"] : sides === "calls" ? ["C"] : ["P"],
          onProgress: progressReporter(extra, `${symbol} option quotes`),
        });
        if (request.minAbsDelta === undefined) request.anchor ??= strikesAround(info.strikes, window.spot, 0)[0];
        const next = nextCursor(request);
        const iv = await ivRanking;
        const sources = new Set(window.expiries.flatMap((e) => [...e.calls, ...e.puts].map((q) => q.greeksSource)));
        const kinds = new Set(window.expiries.flatMap((e) => [...e.calls, ...e.puts].map((q) => q.marketData)));
        return ok({
          symbol,
          spot: window.spot,
          simulated: deps.simulated,
          chains: window.expiries.map((e) => chainColumns(e, window.spot, sides, deps.ib.riskFreeRate)),
          iv_rank: iv.ok ? roundTo(iv.rank, 3) : null,
          iv_percentile: iv.ok ? roundTo(iv.percentile, 3) : null,
          ...(iv.ok ? {} : { iv_note: `IV rank unavailable: ${iv.reason}` }),
          units: "prices per share (×100 per contract); iv decimal; theta per calendar day; vega per 1 vol point",
          greeks_source: [...sources].join(", ") + (sources.has("computed") ? " (computed: SumpPump derived them from the quote's implied volatility)" : ""),
          market_data: [...kinds].join(", "),
          ...pacing(),
          ...(next || request.from > 0 ? { page: pageLabel(request) } : {}),
          ...(next ? { next_cursor: encodeCursor(next), next_step: "More expiries: call again with cursor set to next_cursor." } : {}),
          as_of: window.asOf,
        });
      } catch (error) {
        return failFrom(error);
      }
    },
  );
}

function chainColumns(e: ChainWindowExpiry, spot: number, rights: "both" | "calls" | "puts", rate: number) {
  const atm = e.strikes.reduce((best, k) => (Math.abs(k - spot) < Math.abs(best - spot) ? k : best), e.strikes[0] ?? spot);
  const atmIvs = [...e.calls, ...e.puts].filter((q) => q.strike === atm && q.iv !== undefined).map((q) => q.iv!);
  const atmIv = atmIvs.length > 0 ? atmIvs.reduce((a, b) => a + b, 0) / atmIvs.length : null;
  const years = e.daysToExpiry / 365;
  const move = atmIv !== null && years > 0 ? expectedMove({ spot, years, rate, dividendYield: 0 }, atmIv) : null;
  const callVolume = sum(e.calls.map((q) => q.volume));
  const putVolume = sum(e.puts.map((q) => q.volume));
  return {
    expiry: e.expiry,
    days_to_expiry: Math.ceil(e.daysToExpiry),
    atm_iv: atmIv === null ? null : roundTo(atmIv, 4),
    expected_move: move ? { move: roundTo(move.move, 2), low: roundTo(move.low, 2), high: roundTo(move.high, 2) } : null,
    put_call_volume_ratio: callVolume > 0 ? roundTo(putVolume / callVolume, 3) : null,
    strikes: e.strikes,
    ...(rights !== "puts" ? { calls: columns(e.strikes, e.calls) } : {}),
    ...(rights !== "calls" ? { puts: columns(e.strikes, e.puts) } : {}),
  };
}

function columns(strikes: number[], quotes: OptionQuote[]) {
  const byStrike = new Map(quotes.map((q) => [q.strike, q]));
  const column = (pick: (q: OptionQuote) => number | undefined, digits: number) =>
    strikes.map((k) => {
      const q = byStrike.get(k);
      const v = q ? pick(q) : undefined;
      return v === undefined || !Number.isFinite(v) ? null : roundTo(v, digits);
    });
  return {
    bid: column((q) => q.bid, 2),
    ask: column((q) => q.ask, 2),
    last: column((q) => q.last, 2),
    volume: column((q) => q.volume, 0),
    open_interest: column((q) => q.openInterest, 0),
    iv: column((q) => q.iv, 4),
    delta: column((q) => q.delta, 3),
    gamma: column((q) => q.gamma, 4),
    theta: column((q) => q.theta, 3),
    vega: column((q) => q.vega, 3),
  };
}

function nearestExpiries(listed: string[], wanted: string): string[] {
  const after = listed.find((e) => e > wanted);
  const before = [...listed].reverse().find((e) => e < wanted);
  return [before, after].filter((e): e is string => e !== undefined);
}

const sum = (values: Array<number | undefined>): number => values.reduce<number>((a, v) => a + (v ?? 0), 0);

