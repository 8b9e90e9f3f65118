/** get_news: recent headlines for a symbol, or one article's text. */
import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { Ib } from "../../ib";
import { fail, failFrom, ok } from "../results";
import { record, symbolSchema } from "../schemas";

/** Articles longer than this are cut (a model's context is precious); the result says so. */
const MAX_ARTICLE_CHARS = 6_000;

const inputSchema = {
  symbol: symbolSchema.optional().describe("Ticker (not needed to read an article)"),
  limit: z
    .number({ error: "limit must be a number" })
    .int("limit must be a whole number")
    .min(1, "limit must be at least 1")
    .max(50, "limit is at most 50")
    .default(10)
    .describe("Headlines to return, newest first (default 10)"),
  article_id: z.string().trim().min(1).max(200).optional().describe("Read this article (a headline's article_id)"),
  provider: z.string().trim().min(1).max(20).optional().describe("Its provider code (from the headline)"),
};

const outputSchema = {
  symbol: z.string().optional(),
  headlines: z.array(record("time, provider, article_id, headline")).optional(),
  has_more: z.boolean().optional(),
  providers: z.array(z.string()).optional(),
  article: record("provider, article_id, text, truncated").optional(),
  simulated: z.boolean(),
};

export function registerNewsTools(server: McpServer, deps: { ib: Ib; simulated: boolean }): void {
  server.registerTool(
    "get_news",
    {
      description: "Recent news headlines for a symbol; or, with article_id and provider, the article's text.",
      inputSchema,
      outputSchema,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ symbol, limit, article_id, provider }) => {
      try {
        if (article_id !== undefined || provider !== undefined) {
          if (!article_id || !provider) return fail("Give both article_id and provider (both come from a headline) to read an article.");
          const article = await deps.ib.article(provider, article_id);
          const truncated = article.text.length > MAX_ARTICLE_CHARS;
          return ok({
            article: { provider, article_id, text: truncated ? `${article.text.slice(0, MAX_ARTICLE_CHARS)}…` : article.text, truncated },
            simulated: deps.simulated,
          });
        }
        if (!symbol) return fail("Give a symbol to list its headlines, or article_id and provider to read an article.");
        const { headlines, hasMore, providers } = await deps.ib.headlines(symbol, limit);
        return ok({
          symbol,
          headlines: headlines.map((h) => ({ time: h.time, provider: h.provider, article_id: h.articleId, headline: h.headline })),
          has_more: hasMore,
          providers,
          simulated: deps.simulated,
        });
      } catch (error) {
        return failFrom(error);
      }
    },
  );
}
