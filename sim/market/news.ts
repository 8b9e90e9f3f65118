import { RTH_CLOSE_MIN, type DayNumber, isTradingDay, nyTime, nyToUtc, previousTradingDay } from "./calendar";
import type { Market } from "./market";
import { hashString, intBetween, uniform } from "./rng";
import type { Underlying } from "./underlyings";

/** The free news providers of a standard IBKR account. */
export const NEWS_PROVIDERS = [
  { code: "BRFG", name: "Briefing.com General Market Columns" },
  { code: "BRFUPDN", name: "Briefing.com Analyst Actions" },
  { code: "DJNL", name: "Dow Jones Newsletters" },
] as const;

export interface NewsItem {
  time: number;
  provider: string;
  articleId: string;
  headline: string;
  body: string;
}

const UP = ["rises", "gains", "climbs", "advances", "moves higher"];
const DOWN = ["falls", "slips", "declines", "retreats", "moves lower"];
const REASONS = ["ahead of the Fed decision", "with the broader market", "as yields ease", "as volume picks up", "after an analyst note", "into the close", "on sector rotation", "as options activity rises"];
const ANALYST = ["reiterates Buy", "raises price target", "initiates coverage with Outperform", "downgrades to Neutral", "lowers price target", "upgrades to Overweight"];

/**
 * Synthetic headlines, deterministic per symbol and day, that describe what the simulated price actually did
 * that day, so news and charts agree. Articles are short HTML texts.
 */
export class NewsFeed {
  constructor(private readonly market: Market) {}

  /** Items for one symbol and trading day (already closed), newest first. */
  private itemsOn(u: Underlying, day: DayNumber): NewsItem[] {
    const stock = this.market.stock(u);
    const close = stock.sessionClose(day);
    const prev = stock.sessionClose(previousTradingDay(day));
    const change = (close / prev - 1) * 100;
    const seed = this.market.seed;
    const stream = hashString(`news:${u.symbol}`);
    const count = intBetween(seed, stream, day, 1, 3);
    const items: NewsItem[] = [];
    for (let i = 0; i < count; i++) {
      const pick = <T>(list: readonly T[], salt: number): T => list[Math.floor(uniform(seed, stream ^ salt, day * 8 + i) * list.length)] as T;
      const provider = pick(NEWS_PROVIDERS, 1).code;
      const minute = 8 * 60 + Math.floor(uniform(seed, stream ^ 2, day * 8 + i) * (9 * 60));
      const time = nyToUtc(day, Math.min(minute, RTH_CLOSE_MIN + 60));
      const id = `${provider}$${(hashString(`${u.symbol}:${day}:${i}`) >>> 0).toString(16).padStart(8, "0")}`;
      let headline: string;
      if (provider === "BRFUPDN") {
        headline = `${u.symbol}: ${pick(["Morgan Stanley", "Goldman Sachs", "JPMorgan", "Citi", "Barclays", "UBS"], 3)} ${pick(ANALYST, 4)}`;
      } else {
        const verb = change >= 0 ? pick(UP, 5) : pick(DOWN, 6);
        headline = `${u.longName} (${u.symbol}) ${verb} ${Math.abs(change).toFixed(1)}% ${pick(REASONS, 7)}`;
      }
      const body = `<html><body><h1>${headline}</h1><p>${u.longName} closed at ${close.toFixed(2)} on the session, ${change >= 0 ? "up" : "down"} ${Math.abs(change).toFixed(2)}% from ${prev.toFixed(2)}.</p><p>This is simulated news from the SumpPump market simulator.</p></body></html>`;
      items.push({ time, provider, articleId: id, headline, body });
    }
    return items.sort((a, b) => b.time - a.time);
  }

  /** Headlines for a symbol between two instants, newest first, from the given providers. */
  headlines(u: Underlying, providers: Set<string>, from: number, to: number, max: number): { items: NewsItem[]; hasMore: boolean } {
    const now = this.market.now();
    const end = Math.min(to, now);
    const out: NewsItem[] = [];
    let day = nyTime(end).day;
    const stop = nyTime(Math.max(from, end - 400 * 86_400_000)).day;
    for (; day >= stop && out.length <= max; day--) {
      if (!isTradingDay(day) || nyToUtc(day, RTH_CLOSE_MIN) > now) continue;
      for (const item of this.itemsOn(u, day)) {
        if (item.time < from || item.time > end || (providers.size > 0 && !providers.has(item.provider))) continue;
        out.push(item);
      }
    }
    return { items: out.slice(0, max), hasMore: out.length > max };
  }

  /** Finds an article by id (it encodes nothing, so search the recent days of every symbol). */
  article(provider: string, articleId: string, symbols: readonly Underlying[]): NewsItem | undefined {
    const now = this.market.now();
    for (const u of symbols) {
      const { items } = this.headlines(u, new Set([provider]), now - 120 * 86_400_000, now, 10_000);
      const hit = items.find((i) => i.articleId === articleId);
      if (hit) return hit;
    }
    return undefined;
  }
}
