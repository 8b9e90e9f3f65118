import type { Connection } from "./connection";
import type { ClientSession } from "./session";

/** Standing requests that TWS keeps answering as things change (account summary, positions, P&L). */
export class Subscriptions {
  private readonly summaries = new Map<Connection, Map<number, string>>();
  readonly positions = new Set<Connection>();
  /** reqAccountUpdates(true): the account download is sent again after every change. */
  readonly accountUpdates = new Set<ClientSession>();
  /** reqPnL: reqId per connection. */
  readonly pnl = new Map<Connection, Set<number>>();
  /** reqPnLSingle: reqId -> conId per connection. */
  readonly pnlSingle = new Map<Connection, Map<number, number>>();

  accountSummary(conn: Connection): Map<number, string> {
    let m = this.summaries.get(conn);
    if (!m) {
      m = new Map();
      this.summaries.set(conn, m);
    }
    return m;
  }

  allAccountSummaries(): [Connection, Map<number, string>][] {
    return [...this.summaries.entries()];
  }

  pnlOf(conn: Connection): Set<number> {
    let s = this.pnl.get(conn);
    if (!s) {
      s = new Set();
      this.pnl.set(conn, s);
    }
    return s;
  }

  pnlSingleOf(conn: Connection): Map<number, number> {
    let m = this.pnlSingle.get(conn);
    if (!m) {
      m = new Map();
      this.pnlSingle.set(conn, m);
    }
    return m;
  }

  drop(conn: Connection): void {
    this.summaries.delete(conn);
    this.positions.delete(conn);
    this.accountUpdates.delete(conn);
    this.pnl.delete(conn);
    this.pnlSingle.delete(conn);
  }

  clear(): void {
    this.summaries.clear();
    this.positions.clear();
    this.accountUpdates.clear();
    this.pnl.clear();
    this.pnlSingle.clear();
  }
}
