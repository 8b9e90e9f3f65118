"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { strategyUrl } from "@/lib/analysis/strategy-url";
import { expiryLabel, money, percent } from "../charts/format";
import { ChainHeatmap } from "./chain-heatmap";
import { useChainWindows, useExpiries } from "./chain-data";
import { ChainTable } from "./chain-table";
import { DataSource } from "./data-source";
import { buildHeatmap, MEASURE_ORDER, MEASURES, type Measure, type Side } from "./heatmap-model";

const EXPIRY_COUNTS = [4, 8, 16, 40];
const STRIKE_COUNTS = [5, 10, 20, 40];

/** /chain/[symbol]: the heatmap over strikes × expiries and the calls/puts table for one expiry. */
export function ChainView({ symbol }: { symbol: string }) {
  const router = useRouter();
  const [measure, setMeasure] = useState<Measure>("iv");
  const [side, setSide] = useState<Side>("otm");
  const [expiryCount, setExpiryCount] = useState(8);
  const [strikesEachSide, setStrikesEachSide] = useState(10);
  const [selected, setSelected] = useState<number>(0);
  const [draft, setDraft] = useState(symbol);

  const expiries = useExpiries(symbol);
  const shown = useMemo(() => (expiries.data?.expiries ?? []).slice(0, expiryCount), [expiries.data, expiryCount]);
  const chain = useChainWindows(
    symbol,
    shown.map((e) => e.expiry),
    strikesEachSide,
  );

  const latest = chain.windows.reduce<(typeof chain.windows)[number] | undefined>((a, w) => (!a || w.asOf > a.asOf ? w : a), undefined);
  const heatmap = useMemo(
    () => (latest ? buildHeatmap(symbol, latest.spot, latest.rate, shown, chain.windows.flatMap((w) => w.expiries)) : null),
    [symbol, latest, shown, chain.windows],
  );
  const allQuotes = useMemo(() => chain.windows.flatMap((w) => w.expiries.flatMap((e) => [...e.calls, ...e.puts])), [chain.windows]);
  const selectedExpiry = shown[selected]?.expiry;
  const tableData = chain.windows.flatMap((w) => w.expiries).find((e) => e.expiry === selectedExpiry);
  const column = heatmap?.columns[selected];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = draft.trim().toUpperCase();
    if (next && next !== symbol) router.push(`/chain/${encodeURIComponent(next)}`);
  };

  return (
    <div className="page">
      <section className="card">
        <div className="page-head">
          <h1>
            {symbol} option chain{" "}
            {latest && (
              <span className="muted small" data-testid="chain-spot">
                spot {money(latest.spot)}
              </span>
            )}
          </h1>
          <form onSubmit={submit} className="row symbol-form">
            <label htmlFor="chain-symbol" className="sr-only">
              Symbol
            </label>
            <input id="chain-symbol" value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={12} autoComplete="off" spellCheck={false} />
            <button type="submit">Show</button>
          </form>
        </div>
        <div className="controls">
          <label>
            Colour by{" "}
            <select value={measure} onChange={(e) => setMeasure(e.target.value as Measure)} data-testid="measure">
              {MEASURE_ORDER.map((m) => (
                <option key={m} value={m}>
                  {MEASURES[m].label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Options{" "}
            <select value={side} onChange={(e) => setSide(e.target.value as Side)} data-testid="side">
              <option value="otm">Out of the money</option>
              <option value="calls">Calls</option>
              <option value="puts">Puts</option>
            </select>
          </label>
          <label>
            Expiries{" "}
            <select value={expiryCount} onChange={(e) => setExpiryCount(Number(e.target.value))}>
              {EXPIRY_COUNTS.map((n) => (
                <option key={n} value={n}>
                  {n === 40 ? "all (up to 40)" : `nearest ${n}`}
                </option>
              ))}
            </select>
          </label>
          <label>
            Strikes{" "}
            <select value={strikesEachSide} onChange={(e) => setStrikesEachSide(Number(e.target.value))}>
              {STRIKE_COUNTS.map((n) => (
                <option key={n} value={n}>
                  ±{n} around the money
                </option>
              ))}
            </select>
          </label>
        </div>
        {expiries.isPending && <p className="muted" aria-busy="true">Loading {symbol}&apos;s expiries…</p>}
        {expiries.error && (
          <p className="error" role="alert">
            {expiries.error.message}
          </p>
        )}
        {expiries.data && expiries.data.expiries.length === 0 && <p className="muted">TWS lists no option expiries for {symbol}.</p>}
        {expiries.data && chain.total > 0 && (
          <p className="muted small" data-testid="chain-progress" aria-live="polite">
            {chain.pending > 0
              ? `Loading quotes: ${chain.total - chain.pending} of ${chain.total} expiry batches in, nearest first…`
              : `${shown.length} expiries × ${heatmap?.strikes.length ?? 0} strikes; refreshing every 20 s.`}
          </p>
        )}
        {chain.errors.length > 0 && (
          <p className="error" role="alert">
            Some quotes failed: {chain.errors[0]!.message}
          </p>
        )}
        {allQuotes.length > 0 && <DataSource quotes={allQuotes} updatedAt={chain.updatedAt} />}
        {heatmap ? (
          <ChainHeatmap data={heatmap} measure={measure} side={side} selectedColumn={selected} onSelectColumn={setSelected} />
        ) : (
          expiries.data &&
          chain.total > 0 &&
          chain.errors.length === 0 && (
            <div className="chart-placeholder" aria-busy="true">
              Fetching the nearest expiries&apos; quotes…
            </div>
          )
        )}
      </section>

      {selectedExpiry && (
        <section className="card">
          <div className="page-head">
            <h2>
              {expiryLabel(selectedExpiry)} · {Math.ceil(shown[selected]?.daysToExpiry ?? 0)} days
            </h2>
            <label>
              Expiry{" "}
              <select value={selected} onChange={(e) => setSelected(Number(e.target.value))} data-testid="table-expiry">
                {shown.map((e, i) => (
                  <option key={e.expiry} value={i}>
                    {expiryLabel(e.expiry)} ({Math.ceil(e.daysToExpiry)}d)
                  </option>
                ))}
              </select>
            </label>
          </div>
          {column?.expectedMove && (
            <p
              className="small"
              data-testid="expected-move"
              data-spot={latest?.spot}
              data-rate={latest?.rate}
              data-days={column.daysToExpiry}
              data-atm-iv={column.atmIv ?? undefined}
              data-move={column.expectedMove.move}
            >
              Expected move by expiry: ±{money(column.expectedMove.move)} ({money(column.expectedMove.low)} – {money(column.expectedMove.high)}), from ATM IV{" "}
              <span data-testid="atm-iv">{percent(column.atmIv, 2)}</span> at the {column.atmStrike} strike.
            </p>
          )}
          {tableData && latest ? (
            <>
              <p className="muted small">Click a bid to sell or an ask to buy: the strategy page opens with that leg.</p>
              <ChainTable
                expiry={tableData.expiry}
                strikes={tableData.strikes}
                calls={tableData.calls}
                puts={tableData.puts}
                spot={latest.spot}
                onPick={(leg) => router.push(strategyUrl(symbol, [{ type: leg.type, action: leg.action, strike: leg.strike, expiry: leg.expiry, quantity: 1 }]))}
              />
            </>
          ) : (
            <p className="muted" aria-busy="true">
              Loading this expiry&apos;s quotes…
            </p>
          )}
        </section>
      )}
    </div>
  );
}
