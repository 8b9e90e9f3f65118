"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { TradingEvents } from "./trading/trading-events";

/** React Query for every page; with a login (`live`), one stream of trading events keeps the trading views current. */
export function Providers({ children, live = false }: { children: ReactNode; live?: boolean }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true } } }));
  return (
    <QueryClientProvider client={client}>
      {live && <TradingEvents />}
      {children}
    </QueryClientProvider>
  );
}
