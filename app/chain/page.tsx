import { redirect } from "next/navigation";

/** /chain without a symbol opens SPY's chain. */
export default function ChainIndexPage() {
  redirect("/chain/SPY");
}
