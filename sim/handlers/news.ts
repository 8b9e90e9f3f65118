import { NEWS_PROVIDERS, NewsFeed } from "../market/news";
import { UNDERLYINGS, underlyingByConId } from "../market/underlyings";
import { Msg } from "../protocol/message-ids";
import { TwsError } from "../protocol/error-codes";
import type { Simulator } from "../simulator";
import type { Handler } from "./types";

const feeds = new WeakMap<Simulator, NewsFeed>();

function feed(sim: Simulator): NewsFeed {
  let f = feeds.get(sim);
  if (!f) {
    f = new NewsFeed(sim.market);
    feeds.set(sim, f);
  }
  return f;
}

/** "2025-03-24 14:05:00.0" (UTC), the time format of historical news. */
function newsTime(ms: number): string {
  return `${new Date(ms).toISOString().replace("T", " ").slice(0, 19)}.0`;
}

/** Accepts "yyyy-MM-dd HH:mm:ss(.f)" or "yyyyMMdd HH:mm:ss" (UTC); empty means open-ended. */
function parseNewsTime(text: string, fallback: number): number {
  const s = text.trim();
  if (s === "") return fallback;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(s);
  if (!m) return fallback;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

export const reqNewsProviders: Handler = (_sim, conn) => {
  conn.send([Msg.NEWS_PROVIDERS, NEWS_PROVIDERS.length, ...NEWS_PROVIDERS.flatMap((p) => [p.code, p.name])]);
};

export const reqHistoricalNews: Handler = (sim, conn, r) => {
  const reqId = r.int();
  const conId = r.int();
  const providers = new Set(
    r
      .str()
      .split("+")
      .map((p) => p.trim().toUpperCase())
      .filter((p) => p !== ""),
  );
  const start = r.str();
  const end = r.str();
  const total = Math.max(1, Math.min(300, r.int() || 10));
  r.str(); // options
  const u = underlyingByConId(conId);
  if (!u) {
    const e = TwsError.NO_SECURITY;
    conn.sendError(reqId, e.code, e.text);
    return;
  }
  const now = sim.clock.now();
  const { items, hasMore } = feed(sim).headlines(u, providers, parseNewsTime(start, 0), parseNewsTime(end, now), total);
  for (const i of items) conn.send([Msg.HISTORICAL_NEWS, reqId, newsTime(i.time), i.provider, i.articleId, i.headline]);
  conn.send([Msg.HISTORICAL_NEWS_END, reqId, hasMore]);
};

export const reqNewsArticle: Handler = (sim, conn, r) => {
  const reqId = r.int();
  const provider = r.str().toUpperCase();
  const articleId = r.str();
  r.str(); // options
  const item = feed(sim).article(provider, articleId, UNDERLYINGS);
  if (!item) {
    conn.sendError(reqId, 10172, "Failed to request news article: No data available");
    return;
  }
  conn.send([Msg.NEWS_ARTICLE, reqId, 0, item.body]);
};
