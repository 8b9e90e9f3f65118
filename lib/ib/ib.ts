/**
 * The façade the rest of the app uses: one connection, its caches, and IB-named operations without reqIds.
 * Only lib/ib knows about @stoqey/ib; everything returned here is an app type from ./types.
 */
import { IbClient, type IbClientOptions, type IbStatus } from "./client";
import { fetchAccountSummaries, fetchPositions } from "./account";
import { ContractCache } from "./contracts";
import { fetchQuote } from "./quotes";
import type { AccountSummary, Position, Quote } from "./types";

export class Ib {
  readonly client: IbClient;
  private readonly contracts: ContractCache;
  private summaryInFlight: Promise<AccountSummary[]> | undefined;
  private positionsInFlight: Promise<Position[]> | undefined;

  constructor(options: IbClientOptions) {
    this.client = new IbClient(options);
    this.contracts = new ContractCache(this.client);
  }

  start(): void {
    this.client.start();
  }

  stop(): void {
    this.client.stop();
  }

  status(): IbStatus {
    return this.client.getStatus();
  }

  async quote(symbol: string): Promise<Quote> {
    const contract = await this.contracts.stock(symbol);
    return fetchQuote(this.client, contract);
  }

  /** Account summaries; concurrent callers share one request (TWS allows only two summary subscriptions). */
  accountSummaries(): Promise<AccountSummary[]> {
    this.summaryInFlight ??= fetchAccountSummaries(this.client).finally(() => (this.summaryInFlight = undefined));
    return this.summaryInFlight;
  }

  /** Open positions; concurrent callers share one request (positions carry no reqId). */
  positions(): Promise<Position[]> {
    this.positionsInFlight ??= fetchPositions(this.client).finally(() => (this.positionsInFlight = undefined));
    return this.positionsInFlight;
  }
}
