"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { strategyUrl } from "@/lib/analysis/strategy-url";
import { fetchJson } from "../fetch-json";
import { expiryLabel, fixed, money, percent, shortDate, signedMoney } from "../charts/format";
import { PayoffChart } from "../charts/payoff-chart";
import { ChainTable, type PickedLeg } from "../chain/chain-table";
import { chainUrl, useExpiries, type ChainResponse } from "../chain/chain-data";
import { DataSource } from "../chain/data-source";
import { PnlTable } from "./pnl-table";
import { ProposeForm } from "./propose-form";
import { TEMPLATES, templateRefusal, type TemplateContext } from "./templates";
import { firstExpiryMs, greeksAt, marketFor, pnlTable, pricedLegs, strikesToReach, type AnalyseResponse, type DraftLeg } from "./strategy-model";

const DAY_MS = 86_400_000;
/** Strikes each side of the money the chain shows at least, and at most (the chain route's limit). */
const MIN_STRIKES_EACH_SIDE = 10;
const MAX_STRIKES_EACH_SIDE = 40;

interface StrategyBuilderProps {
  initialSymbol: string;
  initialLegs: DraftLeg[];
  /** A problem with the legs in the link, shown instead of them. */
  linkError?: string;
}

/** /strategy: build a position from the chain or a template; payoff, P/L table and greeks update in the browser. */
export function StrategyBuilder({ initialSymbol, initialLegs, linkError }: StrategyBuilderProps) {
  const [symbol, setSymbol] = useState(initialSymbol);
  const [draft, setDraft] = useState(initialSymbol);
  const [legs, setLegs] = useState<DraftLeg[]>(initialLegs);
  const [expiry, setExpiry] = useState<string | undefined>(initialLegs.flatMap((l) => (l.type === "stock" ? [] : [l.expiry]))[0]);
  const [days, setDays] = useState(0);
  const [ivShiftPoints, setIvShiftPoints] = useState(0);
  const [proposing, setProposing] = useState(false);
  const [wider, setWider] = useState(0);

  const legsKey = JSON.stringify(legs);
  const analysis = useQuery({
    queryKey: ["analyse", symbol, legsKey],
    queryFn: () =>
      fetchJson<AnalyseResponse>("/api/strategy/analyse", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ symbol, legs }),
      }),
    enabled: legs.length > 0,
    refetchInterval: 30_000,
    placeholderData: keepPreviousData,
    retry: false,
  });

  const expiries = useExpiries(symbol);
  // An expiry whose last session has closed is no longer offered.
  const listed = (expiries.data?.expiries ?? []).filter((e) => e.daysToExpiry > 0);
  const chosenExpiry = expiry ?? listed.find((e) => e.daysToExpiry >= 7)?.expiry ?? listed[0]?.expiry;
  // The chain window follows the legs: wide enough to show each leg of this expiry, and more on request.
  const legStrikes = legs.flatMap((l) => (l.type !== "stock" && l.expiry === chosenExpiry ? [l.strike] : []));
  const reach = strikesToReach(expiries.data?.strikes ?? [], analysis.data?.analysis.spot, legStrikes);
  const strikesEachSide = Math.min(MAX_STRIKES_EACH_SIDE, Math.max(MIN_STRIKES_EACH_SIDE, reach + 2) + wider);
  const chain = useQuery({
    queryKey: ["chain", symbol, chosenExpiry, strikesEachSide],
    queryFn: () => fetchJson<ChainResponse>(chainUrl(symbol, [chosenExpiry!], strikesEachSide)),
    enabled: chosenExpiry !== undefined,
    refetchInterval: 15_000,
    placeholderData: keepPreviousData,
  });
  const chainExpiry = chain.data?.expiries.find((e) => e.expiry === chosenExpiry);

  // Keep the address bar on the position shown, so it can be bookmarked or shared.
  useEffect(() => {
    const url = legs.length > 0 ? strategyUrl(symbol, legs) : `/strategy?symbol=${encodeURIComponent(symbol)}`;
    window.history.replaceState(null, "", url);
  }, [symbol, legs]);

  const current = legs.length > 0 && analysis.data && analysis.data.analysis.symbol === symbol ? analysis.data : undefined;
  const model = useMemo(() => {
    if (!current) return null;
    const nowMs = Date.parse(current.analysis.asOf);
    const priced = pricedLegs(current.analysis, current.multiplier);
    const market = marketFor(current.analysis, current.rate, nowMs);
    const end = firstExpiryMs(priced);
    const maxDays = end === null ? 0 : Math.max(0, Math.ceil((end - nowMs) / DAY_MS));
    return { nowMs, priced, market, end, maxDays };
  }, [current]);
  const dayShown = model ? Math.min(days, model.maxDays) : 0;
  const dateMs = model ? (dayShown >= model.maxDays && model.end !== null ? model.end : model.nowMs + dayShown * DAY_MS) : 0;
  const ivShift = ivShiftPoints / 100;
  const table = useMemo(() => (model ? pnlTable(model.priced, model.market, ivShift) : null), [model, ivShift]);
  const greeks = useMemo(() => (model ? greeksAt(model.priced, model.market, dateMs, ivShift) : null), [model, dateMs, ivShift]);

  const addLeg = (leg: PickedLeg) =>
    setLegs((previous) => {
      if (previous.length >= 4) return previous;
      return [...previous, { type: leg.type, action: leg.action, strike: leg.strike, expiry: leg.expiry, quantity: 1, price: leg.price }];
    });
  const update = (i: number, change: Partial<DraftLeg>) => setLegs((previous) => previous.map((l, j) => (j === i ? ({ ...l, ...change } as DraftLeg) : l)));
  const remove = (i: number) => setLegs((previous) => previous.filter((_, j) => j !== i));

  const templateContext = useMemo((): TemplateContext | null => {
    if (!chainExpiry || !chain.data) return null;
    const spot = chain.data.spot;
    const index = listed.findIndex((e) => e.expiry === chainExpiry.expiry);
    const atm = chainExpiry.calls.reduce<(typeof chainExpiry.calls)[number] | undefined>((best, q) => (q.iv !== undefined && (!best || Math.abs(q.strike - spot) < Math.abs(best.strike - spot)) ? q : best), undefined);
    const move = atm?.iv !== undefined ? spot * atm.iv * Math.sqrt(Math.max(1, chainExpiry.daysToExpiry) / 365) : undefined;
    return { spot, strikes: chainExpiry.strikes, expiry: chainExpiry.expiry, nextExpiry: listed[index + 1]?.expiry, move };
  }, [chainExpiry, chain.data, listed]);
  // Marked before they are built: templates the account's policy refuses, with the reason.
  const refusals = useMemo(() => new Map(TEMPLATES.map((t) => [t.id, templateContext ? templateRefusal(t, templateContext) : null])), [templateContext]);

  const applyTemplate = (id: string) => {
    const template = TEMPLATES.find((t) => t.id === id);
    if (!template || !templateContext || refusals.get(template.id)) return;
    const built = template.build(templateContext);
    if (built) setLegs(built);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = draft.trim().toUpperCase();
    if (next && next !== symbol) {
      setSymbol(next);
      setLegs([]);
      setExpiry(undefined);
    }
  };

  const a = current?.analysis;
  return (
    <div className="page strategy-page">
      <section className="card">
        <div className="page-head">
          <h1>Strategy builder</h1>
          <form onSubmit={submit} className="row symbol-form">
            <label htmlFor="strategy-symbol" className="sr-only">
              Symbol
            </label>
            <input id="strategy-symbol" value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={12} autoComplete="off" spellCheck={false} />
            <button type="submit">Load</button>
          </form>
        </div>
        {linkError && (
          <p className="error" role="alert">
            The link&apos;s legs could not be read: {linkError}
          </p>
        )}
        <div className="controls">
          <label>
            Template{" "}
            <select value="" onChange={(e) => applyTemplate(e.target.value)} disabled={!chainExpiry} data-testid="template">
              <option value="">Choose…</option>
              {TEMPLATES.filter((t) => !refusals.get(t.id)).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
              <optgroup label="Not allowed for this account">
                {TEMPLATES.filter((t) => refusals.get(t.id)).map((t) => (
                  <option key={t.id} value={t.id} disabled title={refusals.get(t.id)!}>
                    {refusals.get(t.id)}
                  </option>
                ))}
              </optgroup>
            </select>
          </label>
          <label>
            Expiry{" "}
            <select value={chosenExpiry ?? ""} onChange={(e) => setExpiry(e.target.value)} disabled={listed.length === 0} data-testid="strategy-expiry">
              {listed.map((e) => (
                <option key={e.expiry} value={e.expiry}>
                  {expiryLabel(e.expiry)} ({Math.ceil(e.daysToExpiry)}d)
                </option>
              ))}
            </select>
          </label>
        </div>

        <h2>Legs</h2>
        {legs.length === 0 ? (
          <p className="muted" data-testid="no-legs">
            No legs yet: click a bid (sell) or an ask (buy) in the chain below, or choose a template.
          </p>
        ) : (
          <ul className="legs" data-testid="legs">
            {legs.map((leg, i) => {
              const priced = a?.legs[i];
              return (
                <li key={i} className="leg" data-testid="leg">
                  <button type="button" className={`action action-${leg.action}`} onClick={() => update(i, { action: leg.action === "buy" ? "sell" : "buy" })} aria-label={`${leg.action}: switch`}>
                    {leg.action === "buy" ? "Buy" : "Sell"}
                  </button>
                  <label className="qty">
                    <span className="sr-only">Quantity</span>
                    <input type="number" min={1} max={leg.type === "stock" ? 10_000 : 100} value={leg.quantity} onChange={(e) => update(i, { quantity: Math.max(1, Math.floor(Number(e.target.value) || 1)) })} />
                  </label>
                  <span className="leg-name">
                    {leg.type === "stock" ? `${symbol} shares` : `${symbol} ${expiryLabel(leg.expiry)} ${leg.strike} ${leg.type}`}
                  </span>
                  <span className="leg-price muted small">
                    {priced ? `@ ${money(priced.price)} (${priced.priceSource === "given" ? "price clicked" : priced.priceSource.replace("_", " ")})` : leg.price !== undefined ? `@ ${money(leg.price)}` : "@ mid"}
                    {priced?.iv !== undefined ? ` · IV ${percent(priced.iv)}` : ""}
                  </span>
                  {leg.price !== undefined && (
                    <button type="button" className="link-button small" onClick={() => update(i, { price: undefined })}>
                      use mid
                    </button>
                  )}
                  <button type="button" className="remove" onClick={() => remove(i)} aria-label="Remove leg">
                    ×
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {legs.length >= 4 && <p className="muted small">Four legs is the most a strategy may have.</p>}
      </section>

      {legs.length > 0 && (
        <section className="card" data-testid="analysis">
          <div className="page-head">
            <h2>
              {a ? a.strategy.label : "Analysis"} {analysis.isFetching && <span className="muted small">updating…</span>}
            </h2>
            <button type="button" onClick={() => setProposing((open) => !open)} disabled={!a} aria-expanded={proposing} data-testid="propose">
              Propose…
            </button>
          </div>
          {analysis.error && (
            <p className="error" role="alert">
              {analysis.error.message}
            </p>
          )}
          {!a && !analysis.error && (
            <div className="chart-placeholder" aria-busy="true">
              Pricing the legs from live quotes…
            </div>
          )}
          {a && proposing && <ProposeForm key={legsKey} symbol={symbol} legs={legs} analysis={a} onClose={() => setProposing(false)} />}
          {a && model && greeks && table && (
            <div
              data-testid="strategy-model"
              data-legs={JSON.stringify(model.priced)}
              data-spot={model.market.spot}
              data-rate={model.market.rate}
              data-now={model.nowMs}
              data-date={dateMs}
              data-iv-shift={ivShift}
            >
              <dl className="stats">
                <div>
                  <dt>{a.netDebit >= 0 ? "Net debit" : "Net credit"}</dt>
                  <dd data-testid="net-debit">{money(Math.abs(a.netDebit))}</dd>
                </div>
                <div>
                  <dt>Max profit</dt>
                  <dd className="up" data-testid="max-profit">
                    {a.unlimitedProfit ? "unlimited" : money(a.maxProfit)}
                  </dd>
                </div>
                <div>
                  <dt>Max loss</dt>
                  <dd className="down" data-testid="max-loss">
                    {a.unlimitedLoss ? "unlimited" : money(a.maxLoss)}
                  </dd>
                </div>
                <div>
                  <dt>Breakeven{a.breakevens.length === 1 ? "" : "s"}</dt>
                  <dd data-testid="breakevens">{a.breakevens.length > 0 ? a.breakevens.map((b) => money(b)).join(", ") : "—"}</dd>
                </div>
                <div>
                  <dt>Chance of profit</dt>
                  <dd data-testid="pop">{percent(a.probabilityOfProfit)}</dd>
                </div>
                <div>
                  <dt>Spot</dt>
                  <dd>{money(a.spot)}</dd>
                </div>
              </dl>

              <div className="sliders">
                <label>
                  <span>
                    Date: <strong data-testid="date-label">{dayShown >= model.maxDays ? `${shortDate(dateMs)} (expiry)` : `${shortDate(dateMs)} (+${dayShown}d)`}</strong>
                  </span>
                  <input type="range" min={0} max={model.maxDays} step={1} value={dayShown} onChange={(e) => setDays(Number(e.target.value))} data-testid="date-slider" aria-label="Date" />
                </label>
                <label>
                  <span>
                    IV shift: <strong data-testid="iv-label">{ivShiftPoints > 0 ? "+" : ""}{ivShiftPoints} vol pts</strong>
                  </span>
                  <input type="range" min={-30} max={30} step={1} value={ivShiftPoints} onChange={(e) => setIvShiftPoints(Number(e.target.value))} data-testid="iv-slider" aria-label="IV shift" />
                </label>
              </div>

              <PayoffChart
                legs={model.priced}
                market={model.market}
                dateMs={dateMs}
                ivShift={ivShift}
                marks={{ breakevens: a.breakevens, maxProfit: a.maxProfit, maxLoss: a.maxLoss, unlimitedProfit: a.unlimitedProfit, unlimitedLoss: a.unlimitedLoss, probabilityOfProfit: a.probabilityOfProfit }}
              />

              <h3>Position greeks on {shortDate(dateMs)}</h3>
              <dl className="stats" data-testid="greeks">
                <div>
                  <dt>Delta (USD per 1 USD)</dt>
                  <dd data-testid="greek-delta">{fixed(greeks.delta, 2)}</dd>
                </div>
                <div>
                  <dt>Gamma (per 1 USD)</dt>
                  <dd data-testid="greek-gamma">{fixed(greeks.gamma, 3)}</dd>
                </div>
                <div>
                  <dt>Theta (USD/day)</dt>
                  <dd data-testid="greek-theta">{signedMoney(greeks.thetaPerDay)}</dd>
                </div>
                <div>
                  <dt>Vega (USD/vol pt)</dt>
                  <dd data-testid="greek-vega">{signedMoney(greeks.vegaPerPoint)}</dd>
                </div>
                <div>
                  <dt>Model value</dt>
                  <dd>{money(greeks.value)}</dd>
                </div>
              </dl>

              <PnlTable table={table} spot={model.market.spot} />

              <p className={a.permission.allowed ? "small" : "small error"} data-testid="permission">
                {a.permission.allowed ? `Allowed for this account: ${a.permission.label}.` : `Not allowed for this account: ${a.permission.reason}`}
              </p>
              {a.whatIf && (
                <p className="small muted">
                  TWS what-if: initial margin change {money(a.whatIf.initMarginChange)}, commission {money(a.whatIf.commission)}
                  {a.whatIf.commissionCurrency ? ` ${a.whatIf.commissionCurrency}` : ""}.
                </p>
              )}
              {a.notes.length > 0 && (
                <ul className="notes small">
                  {a.notes.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              )}
              <p className="muted small">Chart, table and greeks are model values (Black-Scholes with each leg&apos;s implied volatility), computed in this browser.</p>
            </div>
          )}
        </section>
      )}

      <section className="card">
        <h2>
          {symbol} chain {chosenExpiry ? `· ${expiryLabel(chosenExpiry)}` : ""}
        </h2>
        {expiries.error && (
          <p className="error" role="alert">
            {expiries.error.message}
          </p>
        )}
        {(expiries.isPending || (chain.isPending && chosenExpiry)) && !expiries.error && (
          <p className="muted" aria-busy="true">
            Loading the chain…
          </p>
        )}
        {chain.error && (
          <p className="error" role="alert">
            {chain.error.message}
          </p>
        )}
        {chain.data && chainExpiry && (
          <>
            <DataSource quotes={[...chainExpiry.calls, ...chainExpiry.puts]} updatedAt={chain.dataUpdatedAt} />
            <p className="muted small row">
              Click a bid to sell, an ask to buy: the leg is added at that price. Showing {strikesEachSide} strikes each side.{" "}
              <button type="button" className="link-button small" onClick={() => setWider((w) => w + 10)} disabled={strikesEachSide >= MAX_STRIKES_EACH_SIDE} data-testid="wider-strikes">
                More strikes
              </button>
            </p>
            <ChainTable expiry={chainExpiry.expiry} strikes={chainExpiry.strikes} calls={chainExpiry.calls} puts={chainExpiry.puts} spot={chain.data.spot} onPick={addLeg} />
          </>
        )}
      </section>
    </div>
  );
}
