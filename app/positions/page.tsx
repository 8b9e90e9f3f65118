import type { Metadata } from "next";
import { PositionsView } from "@/components/positions/positions-view";

export const metadata: Metadata = { title: "Positions · SumpPump" };

export default function PositionsPage() {
  return <PositionsView />;
}
