import type { Metadata } from "next";
import { InboxView } from "@/components/trading/inbox-view";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Inbox · SumpPump" };

export default async function InboxPage() {
  await requirePageUser("/inbox");
  return <InboxView />;
}
