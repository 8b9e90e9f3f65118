import type { Metadata } from "next";
import { legsInput } from "@/lib/analysis/legs";
import { symbolSchema } from "@/lib/mcp/schemas";
import { StrategyBuilder } from "@/components/strategy/strategy-builder";

export const metadata: Metadata = { title: "Strategy · SumpPump" };

type Search = Record<string, string | string[] | undefined>;

/** /strategy?symbol=SPY&legs=[…]: the builder, opened on the legs in the link (e.g. from calculate_strategy). */
export default async function StrategyPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const symbol = symbolSchema.safeParse(first(search.symbol) ?? "SPY");
  const rawLegs = first(search.legs);
  const legs = rawLegs === undefined ? undefined : legsInput.safeParse(rawLegs);
  const linkError = legs && !legs.success ? legs.error.issues.map((i) => i.message).join("; ") : undefined;
  return (
    <StrategyBuilder
      initialSymbol={symbol.success ? symbol.data : "SPY"}
      initialLegs={legs?.success ? legs.data : []}
      linkError={symbol.success ? linkError : `the symbol: ${symbol.error.issues[0]?.message ?? "invalid"}`}
    />
  );
}
