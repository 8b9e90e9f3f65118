"use client";

import type { PnlTable as PnlTableData } from "./strategy-model";
import { money, shortDate, signedMoney } from "../charts/format";

/** P/L by underlying price (rows) and date (columns), green for profit and red for loss, deeper for larger. */
export function PnlTable({ table, spot }: { table: PnlTableData; spot: number }) {
  let largest = 1;
  for (const row of table.pnl) for (const v of row) largest = Math.max(largest, Math.abs(v));
  const spotRow = table.prices.reduce((best, p, i) => (Math.abs(p - spot) < Math.abs(table.prices[best]! - spot) ? i : best), 0);
  const zones = table.profitZones.map(([lo, hi]) => (hi === Infinity ? `above ${money(lo)}` : lo <= 0 ? `below ${money(hi)}` : `${money(lo)} to ${money(hi)}`));
  return (
    <div className="table-scroll">
      <p className="small" data-testid="profit-zone">
        {zones.length > 0 ? `Profit at expiry: ${zones.join(", ")}.` : "No profit at expiry at any price."}
      </p>
      <table className="pnl-table" data-testid="pnl-table">
        <caption className="muted small">P/L in USD by underlying price and date (model values; last column at expiry)</caption>
        <thead>
          <tr>
            <th scope="col">Price</th>
            {table.datesMs.map((d, i) => (
              <th key={d} scope="col">
                {i === table.datesMs.length - 1 ? "Expiry" : shortDate(d)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.prices.map((price, r) => (
            <tr key={price} className={r === spotRow ? "spot-row" : table.marks[r] === "breakeven" ? "breakeven-row" : undefined} data-mark={table.marks[r] ?? undefined}>
              <th scope="row">
                {money(price)}
                {table.marks[r] === "breakeven" ? <span className="muted small"> breakeven</span> : table.marks[r] === "strike" ? <span className="muted small"> strike</span> : null}
              </th>
              {table.pnl[r]!.map((v, c) => {
                const strength = Math.min(1, Math.abs(v) / largest);
                const alpha = 0.12 + 0.6 * Math.sqrt(strength);
                const background = v >= 0 ? `rgba(63,185,80,${alpha})` : `rgba(248,81,73,${alpha})`;
                return (
                  <td key={c} style={{ background }} data-price={price} data-date={table.datesMs[c]}>
                    {signedMoney(v, 0)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
