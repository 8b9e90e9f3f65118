import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { LogoutButton } from "@/components/auth/logout-button";
import { ConnectionHeader } from "@/components/connection-header";
import { Providers } from "@/components/providers";
import { AccountBanner } from "@/components/account-banner";
import { InboxNavLink } from "@/components/trading/inbox-nav-link";
import { getAuthenticatedActor } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { getIb } from "@/lib/ib";
import { accountMarker } from "@/lib/ib/account-kind";
import "./globals.css";

export const metadata: Metadata = {
  title: "SumpPump",
  description: "Trade options by conversation, with a human approving every order.",
  applicationName: "SumpPump",
  icons: {
    icon: [
      { url: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
      { url: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
    ],
    apple: [{ url: "/apple-touch-icon.png", sizes: "180x180", type: "image/png" }],
  },
  appleWebApp: { capable: true, title: "SumpPump", statusBarStyle: "black" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f1419" };

export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const account = accountMarker(getConfig().SUMPPUMP_MODE, getIb().status().accounts);
  const actor = await getAuthenticatedActor();
  return (
    <html lang="en">
      <body>
        <Providers live={actor !== null}>
          <AccountBanner initial={account} />
          <header className="topbar">
            <Link className="brand" href="/" title="Home: connection, account and a quote">
              SumpPump
            </Link>
            <ConnectionHeader />
            {actor && (
              <nav className="nav" aria-label="Main">
                <InboxNavLink />
                <Link href="/orders">Orders</Link>
                <Link href="/positions">Positions</Link>
                <Link href="/strategy">Strategy</Link>
                <Link href="/chain">Chain</Link>
                <Link href="/devices">Devices</Link>
                <LogoutButton />
              </nav>
            )}
          </header>
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
