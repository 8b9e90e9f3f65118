"use client";

import type { OptionQuote } from "@/lib/ib/types";
import { count, fixed, money, percent } from "../charts/format";

export interface PickedLeg {
  type: "call" | "put";
  action: "buy" | "sell";
  strike: number;
  expiry: string;
  /** The price clicked (bid to sell, ask to buy), per share. */
  price?: number;
}

interface ChainTableProps {
  expiry: string;
  strikes: number[];
  calls: OptionQuote[];
  puts: OptionQuote[];
  spot: number;
  /** When given, bids and asks are buttons: a bid sells, an ask buys. */
  onPick?: (leg: PickedLeg) => void;
}

/** The classic chain for one expiry: calls on the left, strikes in the middle, puts on the right. */
export function ChainTable({ expiry, strikes, calls, puts, spot, onPick }: ChainTableProps) {
  const callBy = new Map(calls.map((q) => [q.strike, q]));
  const putBy = new Map(puts.map((q) => [q.strike, q]));
  const spotIndex = strikes.findIndex((k) => k >= spot);
  const price = (q: OptionQuote | undefined, type: "call" | "put", side: "bid" | "ask", strike: number) => {
    const value = q?.[side];
    if (!onPick || value === undefined) return <span>{money(value)}</span>;
    const action = side === "bid" ? "sell" : "buy";
    return (
      <button
        type="button"
        className={`pick pick-${side}`}
        data-testid={`pick-${type}-${side}-${strike}`}
        aria-label={`${action} ${strike} ${type} at ${money(value)}`}
        onClick={() => onPick({ type, action, strike, expiry, price: value })}
      >
        {money(value)}
      </button>
    );
  };
  return (
    <div className="table-scroll">
      <table className="chain-table" data-testid="chain-table">
        <thead>
          <tr className="chain-sides">
            <th colSpan={3} className="opt-col" />
            <th colSpan={3}>Calls</th>
            <th />
            <th colSpan={3}>Puts</th>
            <th colSpan={3} className="opt-col" />
          </tr>
          <tr>
            <th className="opt-col">OI</th>
            <th className="opt-col">Θ/day</th>
            <th className="opt-col">Δ</th>
            <th>IV</th>
            <th>Bid</th>
            <th>Ask</th>
            <th className="strike-col">Strike</th>
            <th>Bid</th>
            <th>Ask</th>
            <th>IV</th>
            <th className="opt-col">Δ</th>
            <th className="opt-col">Θ/day</th>
            <th className="opt-col">OI</th>
          </tr>
        </thead>
        <tbody>
          {strikes.map((k, i) => {
            const c = callBy.get(k);
            const p = putBy.get(k);
            return (
              <tr key={k} className={i === spotIndex ? "spot-row" : undefined} data-strike={k}>
                <td className={`opt-col ${k < spot ? "itm" : ""}`}>{count(c?.openInterest)}</td>
                <td className={`opt-col ${k < spot ? "itm" : ""}`}>{fixed(c?.theta, 3)}</td>
                <td className={`opt-col ${k < spot ? "itm" : ""}`}>{fixed(c?.delta, 2)}</td>
                <td className={k < spot ? "itm" : ""}>{percent(c?.iv)}</td>
                <td className={k < spot ? "itm" : ""}>{price(c, "call", "bid", k)}</td>
                <td className={k < spot ? "itm" : ""}>{price(c, "call", "ask", k)}</td>
                <th scope="row" className="strike-col">
                  {k}
                </th>
                <td className={k > spot ? "itm" : ""}>{price(p, "put", "bid", k)}</td>
                <td className={k > spot ? "itm" : ""}>{price(p, "put", "ask", k)}</td>
                <td className={k > spot ? "itm" : ""}>{percent(p?.iv)}</td>
                <td className={`opt-col ${k > spot ? "itm" : ""}`}>{fixed(p?.delta, 2)}</td>
                <td className={`opt-col ${k > spot ? "itm" : ""}`}>{fixed(p?.theta, 3)}</td>
                <td className={`opt-col ${k > spot ? "itm" : ""}`}>{count(p?.openInterest)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
