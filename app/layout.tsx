import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { LogoutButton } from "@/components/auth/logout-button";
import { Providers } from "@/components/providers";
import { SimulatedMarketBanner } from "@/components/simulated-market-banner";
import { getAuthenticatedActor } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import "./globals.css";

export const metadata: Metadata = {
  title: "SumpPump",
  description: "Trade options by conversation, with a human approving every order.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f1419" };

export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const simulated = getConfig().SUMPPUMP_MODE === "sim";
  const actor = await getAuthenticatedActor();
  return (
    <html lang="en">
      <body>
        {simulated && <SimulatedMarketBanner />}
        <header className="topbar">
          <Link className="brand" href="/">
            SumpPump
          </Link>
          {actor && (
            <nav className="nav" aria-label="Main">
              <Link href="/">Home</Link>
              <Link href="/chain">Chain</Link>
              <Link href="/strategy">Strategy</Link>
              <Link href="/positions">Positions</Link>
              <Link href="/devices">Devices</Link>
              <LogoutButton />
            </nav>
          )}
        </header>
        <Providers>
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
