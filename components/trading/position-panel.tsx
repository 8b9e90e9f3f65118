import type { PositionEffect } from "@/lib/trading/position-effect";
import type { WorkingOrder } from "@/lib/trading/views";
import { money } from "../charts/format";

function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : "0";
}

/** The position already held on the order's contracts: held, closed by this order, left after it. */
export function PositionPanel({ position }: { position: PositionEffect }) {
  return (
    <section className="position-panel" data-testid="position-panel" aria-label="The position already held">
      <div className="table-scroll">
        <table className="positions-table">
          <thead>
            <tr>
              <th scope="col">Held now</th>
              <th scope="col">Qty</th>
              <th scope="col">Avg cost</th>
              <th scope="col">This order</th>
              <th scope="col">Left after</th>
            </tr>
          </thead>
          <tbody>
            {position.legs.map((leg) => (
              <tr key={leg.label} data-testid="held-leg">
                <th scope="row">{leg.label}</th>
                <td>{signed(leg.held)}</td>
                <td>{money(leg.avg_cost)}</td>
                <td>{leg.closes !== 0 ? `closes ${Math.abs(leg.closes)}` : "adds"}</td>
                <td data-testid="held-remains">{signed(leg.remains)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Orders working at TWS on the same contracts (a stop protecting the position, another entry). */
export function WorkingOrders({ orders }: { orders: readonly WorkingOrder[] }) {
  if (orders.length === 0) return null;
  return (
    <div className="notice small" data-testid="working-same-contracts">
      <strong>Working on the same contracts:</strong>
      <ul>
        {orders.map((o) => (
          <li key={o.proposal_id}>
            <a href={`/inbox#${o.proposal_id}`}>{o.kind === "stop_loss" ? "Stop" : "Order"}</a>{" "}
            {o.order_type === "STP" ? `stop ${money(o.stop_price)}` : o.order_type === "LMT" ? `limit ${money(o.limit_price)}` : "market"} · {o.quantity} unit(s) · {o.tif} · {o.status.replace(/_/g, " ")} ({o.legs.join(", ")})
          </li>
        ))}
      </ul>
    </div>
  );
}
