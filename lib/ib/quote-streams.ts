/**
 * Quotes kept streaming for what the trader may approve (the underlyings and legs of pending proposals), so an
 * approval's checks read live prices instead of asking TWS for them while the trader waits. Each stream holds one
 * market-data line of the shared budget for as long as it is kept (interactive class: it serves the trader), at
 * most `maxStreams` at once; contracts beyond that are simply not streamed, and their approvals fetch fresh
 * quotes as before. A stream that breaks (connection lost, TWS refused it) is opened again once connected.
 *
 * A stream is named by its key: a symbol ("SPY") for the stock, or "SPY 20270115 600 C" for an option.
 */
import { EventName } from "@stoqey/ib";
import { IbError, IbErrorCode } from "../errors";
import type { IbClient } from "./client";
import type { LineBudget } from "./line-budget";
import { MARKET_DATA_KIND, QUOTE_FIELD_BY_TICK, type QuoteField } from "./tick-types";
import type { Contract } from "@stoqey/ib";
import type { MarketDataKind } from "./types";

/** A stream stays open until it is no longer kept; the client's timer needs a number (about 24 days). */
const NO_TIMEOUT_MS = 2_147_483_647;
/** After a stream failed while connected (not a lost connection), wait this long before opening it again. */
const RETRY_MS = 5_000;

/** The last values a stream delivered. */
export interface StreamedQuote {
  /** The stream's key. */
  symbol: string;
  bid?: number;
  ask?: number;
  last?: number;
  close?: number;
  mid?: number;
  marketData: MarketDataKind;
  /** When TWS last sent anything for it (ms since the epoch, on the streams' clock). */
  at: number;
}

interface Stream {
  symbol: string;
  stop: AbortController;
  fields: Partial<Record<QuoteField, number>>;
  marketData: MarketDataKind;
  /** Undefined until the first tick. */
  at?: number;
  /** Open at TWS now (false while reopening after a failure). */
  open: boolean;
  retry?: NodeJS.Timeout;
}

export class QuoteStreams {
  private readonly streams = new Map<string, Stream>();
  private readonly stopListening: () => void;

  constructor(
    private readonly client: IbClient,
    private readonly lines: LineBudget,
    /** The contract a key names. */
    private readonly contractOf: (key: string) => Promise<Contract>,
    readonly maxStreams: number,
    private readonly now: () => number = Date.now,
  ) {
    // A lost connection ends every stream; they are reopened on the next one.
    this.stopListening = client.onStatus((status) => {
      if (status.state !== "connected") return;
      for (const stream of this.streams.values()) if (!stream.open) this.open(stream);
    });
  }

  /** The keys streamed now. */
  get keys(): string[] {
    return [...this.streams.keys()];
  }

  /** Streams exactly these keys (the first `maxStreams` of them): opens the new ones, closes the others. */
  keep(keys: Iterable<string>): void {
    const wanted = [...new Set([...keys].map((s) => s.toUpperCase()))].slice(0, this.maxStreams);
    for (const [symbol, stream] of this.streams) if (!wanted.includes(symbol)) this.close(stream);
    for (const symbol of wanted) {
      if (this.streams.has(symbol)) continue;
      const stream: Stream = { symbol, stop: new AbortController(), fields: {}, marketData: "live", open: false };
      this.streams.set(symbol, stream);
      this.open(stream);
    }
  }

  /** What the key's stream last delivered, if it is streamed and has delivered a price. */
  latest(key: string): StreamedQuote | undefined {
    const stream = this.streams.get(key.toUpperCase());
    if (!stream?.open || stream.at === undefined) return undefined;
    const { bid, ask, last, close } = stream.fields;
    if (bid === undefined && ask === undefined && last === undefined && close === undefined) return undefined;
    const mid = bid !== undefined && ask !== undefined && bid > 0 && ask >= bid ? (bid + ask) / 2 : undefined;
    return { symbol: stream.symbol, bid, ask, last, close, mid, marketData: stream.marketData, at: stream.at };
  }

  /** Closes every stream and stops reopening them. */
  stop(): void {
    for (const stream of [...this.streams.values()]) this.close(stream);
    this.stopListening();
  }

  private close(stream: Stream): void {
    this.streams.delete(stream.symbol);
    clearTimeout(stream.retry);
    stream.open = false;
    stream.stop.abort();
  }

  private open(stream: Stream): void {
    if (this.client.getStatus().state !== "connected" || stream.stop.signal.aborted) return;
    stream.open = true;
    stream.fields = {};
    stream.at = undefined;
    void this.contractOf(stream.symbol)
      .then((contract) =>
        this.client.request<void>({
          label: `streaming quote for ${stream.symbol}`,
          priority: "interactive",
          line: this.lines,
          signal: stream.stop.signal,
          resendable: true,
          timeoutMs: NO_TIMEOUT_MS,
          send: (api, reqId) => api.reqMktData(reqId, contract, "", false, false),
          cancel: (api, reqId) => api.cancelMktData(reqId),
          handle: (event, args) => this.onTick(stream, event, args),
        }),
      )
      .catch((error: unknown) => {
        stream.open = false;
        if (stream.stop.signal.aborted || this.streams.get(stream.symbol) !== stream) return;
        // A lost connection reopens it on the next (see the constructor); anything else after a pause.
        const lost = error instanceof IbError && (error.code === IbErrorCode.ConnectionLost || error.code === IbErrorCode.NotConnected);
        if (!lost) stream.retry = setTimeout(() => this.open(stream), RETRY_MS);
      });
  }

  private onTick(stream: Stream, event: string, args: readonly unknown[]): void {
    if (event === EventName.marketDataType) {
      stream.marketData = MARKET_DATA_KIND[args[1] as 1 | 2 | 3 | 4] ?? "live";
      return;
    }
    if (event !== EventName.tickPrice && event !== EventName.tickSize) return;
    const field = QUOTE_FIELD_BY_TICK[args[1] as number];
    const value = args[2];
    // TWS sends -1 for "no value".
    if (!field || typeof value !== "number" || !Number.isFinite(value) || value < 0) return;
    stream.fields[field] = value;
    stream.at = this.now();
  }
}
