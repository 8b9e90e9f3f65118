/** News: the providers this login may read, historical headlines for a contract, and article text. */
import { EventName, type NewsProvider } from "@stoqey/ib";
import { IbError, IbErrorCode } from "../errors";
import type { IbClient } from "./client";
import type { StockContract } from "./types";

export interface Headline {
  /** ISO 8601 (UTC). */
  time: string;
  provider: string;
  articleId: string;
  headline: string;
}

export interface Article {
  provider: string;
  articleId: string;
  /** Plain text (HTML tags removed); binary articles (PDF) are not returned. */
  text: string;
}

export function fetchNewsProviders(client: IbClient): Promise<Array<{ code: string; name: string }>> {
  return client.broadcastRequest({
    label: "news providers",
    events: [EventName.newsProviders],
    send: (api) => api.reqNewsProviders(),
    handle: (_event, args, settle) => {
      const providers = (args[0] as NewsProvider[]) ?? [];
      settle.resolve(providers.filter((p) => p.providerCode).map((p) => ({ code: p.providerCode!, name: p.providerName ?? p.providerCode! })));
    },
  });
}

export function fetchHeadlines(client: IbClient, contract: StockContract, providers: readonly string[], limit: number): Promise<{ headlines: Headline[]; hasMore: boolean }> {
  const headlines: Headline[] = [];
  return client.request({
    label: `news headlines for ${contract.symbol}`,
    send: (api, reqId) => api.reqHistoricalNews(reqId, contract.conId, providers.join("+"), "", "", limit),
    handle: (event, args, settle) => {
      if (event === EventName.historicalNews) {
        const [, time, provider, articleId, headline] = args as [number, string, string, string, string];
        headlines.push({ time: newsTime(time), provider, articleId, headline: cleanHeadline(headline) });
      } else if (event === EventName.historicalNewsEnd) {
        settle.resolve({ headlines, hasMore: Boolean(args[1]) });
      }
    },
  });
}

export function fetchArticle(client: IbClient, provider: string, articleId: string): Promise<Article> {
  return client.request({
    label: `news article ${provider}:${articleId}`,
    send: (api, reqId) => api.reqNewsArticle(reqId, provider, articleId),
    handle: (event, args, settle) => {
      if (event !== EventName.newsArticle) return;
      const [, type, text] = args as [number, number, string];
      if (type !== 0) settle.reject(new IbError(IbErrorCode.NoData, `Article ${articleId} is a binary document (PDF); read it in TWS.`));
      else settle.resolve({ provider, articleId, text: htmlToText(text) });
    },
  });
}

/** TWS's "2025-03-24 14:05:00.0" (UTC) as ISO 8601. */
export function newsTime(raw: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(raw.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : raw;
}

/** Some providers prefix headlines with metadata in braces ("{A:800015:L:en:K:n/a:C:0.98}Headline"). */
export function cleanHeadline(raw: string): string {
  return raw.replace(/^\{[^}]*\}\s*/, "").trim();
}

export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>|<\/p>|<\/div>|<\/li>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
