import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { SimulatedMarketBanner } from "@/components/simulated-market-banner";
import { getConfig } from "@/lib/config";
import "./globals.css";

export const metadata: Metadata = {
  title: "SumpPump",
  description: "Trade options by conversation, with a human approving every order.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f1419" };

export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }) {
  const simulated = getConfig().SUMPPUMP_MODE === "sim";
  return (
    <html lang="en">
      <body>
        {simulated && <SimulatedMarketBanner />}
        <header className="topbar">
          <Link className="brand" href="/">
            SumpPump
          </Link>
        </header>
        <Providers>
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
