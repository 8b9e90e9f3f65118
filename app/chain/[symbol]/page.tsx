import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChainView } from "@/components/chain/chain-view";
import { symbolSchema } from "@/lib/mcp/schemas";

export async function generateMetadata({ params }: { params: Promise<{ symbol: string }> }): Promise<Metadata> {
  return { title: `${(await params).symbol.toUpperCase()} chain · SumpPump` };
}

export default async function ChainPage({ params }: { params: Promise<{ symbol: string }> }) {
  const parsed = symbolSchema.safeParse((await params).symbol);
  if (!parsed.success) notFound();
  return <ChainView key={parsed.data} symbol={parsed.data} />;
}
