import { AccountSummaryCard } from "@/components/account-summary";
import { ConnectionStatus } from "@/components/connection-status";
import { QuoteBox } from "@/components/quote-box";

export default function HomePage() {
  return (
    <div className="grid">
      <ConnectionStatus />
      <QuoteBox />
      <AccountSummaryCard />
    </div>
  );
}
