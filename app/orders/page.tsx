import type { Metadata } from "next";
import { OrdersView } from "@/components/trading/orders-view";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Orders · SumpPump" };

export default async function OrdersPage() {
  await requirePageUser("/orders");
  return <OrdersView />;
}
