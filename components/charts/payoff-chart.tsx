"use client";

import { line, scaleLinear } from "d3";
import { useId, useMemo, useState, type PointerEvent } from "react";
import type { PositionMarket } from "@/lib/options/leg-value";
import type { Leg } from "@/lib/options/types";
import { payoffCurves, chartPrices } from "../strategy/strategy-model";
import { money, percent, shortDate, signedMoney } from "./format";
import { PnlAxes, ProfitLossFill } from "./pnl-frame";
import { useWidth } from "./use-width";

export interface PayoffMarks {
  breakevens: number[];
  maxProfit: number | null;
  maxLoss: number | null;
  unlimitedProfit: boolean;
  unlimitedLoss: boolean;
  probabilityOfProfit: number | null;
}

interface PayoffChartProps {
  legs: readonly Leg[];
  market: PositionMarket;
  /** The "today" line's instant (epoch ms) and IV shift (decimal). */
  dateMs: number;
  ivShift: number;
  marks?: PayoffMarks;
  height?: number;
  compact?: boolean;
  /** Extra vertical line, e.g. a stop-loss level (underlying price). */
  label?: string;
}

/** P&L against the underlying price: the expiry line, the line at a chosen date and IV, and the key levels. */
export function PayoffChart({ legs, market, dateMs, ivShift, marks, height = 360, compact = false, label = "Payoff" }: PayoffChartProps) {
  const [wrap, width] = useWidth<HTMLDivElement>();
  const clip = useId().replace(/:/g, "");
  const [hoverPrice, setHoverPrice] = useState<number | null>(null);
  const prices = useMemo(() => chartPrices(legs, market, marks?.breakevens ?? [], compact ? 121 : 241), [legs, market, marks, compact]);
  const curves = useMemo(() => payoffCurves(legs, market, prices, dateMs, ivShift), [legs, market, prices, dateMs, ivShift]);

  const margin = compact ? { top: 10, right: 10, bottom: 34, left: 56 } : { top: 26, right: 16, bottom: 44, left: 70 };
  const x = scaleLinear()
    .domain([prices[0]!, prices[prices.length - 1]!])
    .range([margin.left, Math.max(margin.left + 10, width - margin.right)]);
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < prices.length; i++) {
    lo = Math.min(lo, curves.expiry[i]!, curves.atDate[i]!);
    hi = Math.max(hi, curves.expiry[i]!, curves.atDate[i]!);
  }
  const pad = (hi - lo || 1) * 0.08;
  const y = scaleLinear()
    .domain([lo - pad, hi + pad])
    .range([height - margin.bottom, margin.top])
    .nice();
  const path = (values: Float64Array) =>
    line<number>()
      .x((i) => x(prices[i]!))
      .y((i) => y(values[i]!))(Array.from(values.keys())) ?? "";
  const expiryPath = path(curves.expiry);
  const datePath = path(curves.atDate);
  const zero = y(0);
  const xTicks = x.ticks(compact ? 4 : Math.max(3, Math.floor(width / 90)));
  const yTicks = y.ticks(compact ? 4 : 6);
  const end = legs.flatMap((l) => (l.kind === "option" ? [l.expiry] : [])).sort()[0];
  const dateLabel = `${shortDate(dateMs)}${ivShift !== 0 ? `, IV ${ivShift > 0 ? "+" : "−"}${Math.abs(ivShift * 100).toFixed(0)} pts` : ""}`;

  const spotIndex = nearestIndex(prices, market.spot);
  const hoverIndex = hoverPrice === null ? null : nearestIndex(prices, hoverPrice);
  const onMove = (event: PointerEvent<SVGRectElement>) => {
    const rect = event.currentTarget.ownerSVGElement!.getBoundingClientRect();
    setHoverPrice(x.invert(event.clientX - rect.left));
  };

  return (
    <figure className={`chart ${compact ? "chart-compact" : ""}`} data-testid="payoff-chart">
      {!compact && (
        <figcaption className="chart-legend small">
          <span>
            <i className="swatch swatch-expiry" /> At expiry{end ? ` (${shortDate(Date.UTC(+end.slice(0, 4), +end.slice(4, 6) - 1, +end.slice(6, 8)))})` : ""}
          </span>
          <span>
            <i className="swatch swatch-date" /> On {dateLabel}
          </span>
          <span>
            <i className="swatch swatch-spot" /> Spot {money(market.spot)}
          </span>
          {marks && marks.breakevens.length > 0 && (
            <span>
              <i className="swatch swatch-breakeven" /> Breakeven
            </span>
          )}
          {marks?.probabilityOfProfit !== null && marks?.probabilityOfProfit !== undefined && (
            <span data-testid="chart-pop">Chance of profit {percent(marks.probabilityOfProfit)}</span>
          )}
        </figcaption>
      )}
      <div ref={wrap} style={{ height }}>
        {width > 0 && (
          <svg width={width} height={height} role="img" aria-label={`${label}: profit and loss against the underlying price`}>
            {/* Profit (green) and loss (red) areas under the expiry line. */}
            <ProfitLossFill clip={clip} area={`${expiryPath}L${x(prices[prices.length - 1]!)},${zero}L${x(prices[0]!)},${zero}Z`} width={width} height={height} zero={zero} />
            <PnlAxes
              x={x}
              y={y}
              xTicks={xTicks}
              yTicks={yTicks}
              width={width}
              height={height}
              margin={margin}
              xTitle={`Underlying price at ${compact ? "expiry" : "the date"} (USD)`}
              yTitle="Profit / loss (USD)"
            />
            {marks && !compact && marks.maxProfit !== null && !marks.unlimitedProfit && (
              <g className="level level-profit">
                <line x1={margin.left} x2={width - margin.right} y1={y(marks.maxProfit)} y2={y(marks.maxProfit)} />
                <text x={margin.left + 4} y={y(marks.maxProfit) - 4}>
                  Max profit {signedMoney(marks.maxProfit)}
                </text>
              </g>
            )}
            {marks && !compact && marks.maxLoss !== null && !marks.unlimitedLoss && (
              <g className="level level-loss">
                <line x1={margin.left} x2={width - margin.right} y1={y(-marks.maxLoss)} y2={y(-marks.maxLoss)} />
                <text x={margin.left + 4} y={y(-marks.maxLoss) + 13}>
                  Max loss {signedMoney(-marks.maxLoss)}
                </text>
              </g>
            )}
            <line className="spot-line" x1={x(market.spot)} x2={x(market.spot)} y1={margin.top} y2={height - margin.bottom} />
            {marks?.breakevens.map((b, i) =>
              b >= prices[0]! && b <= prices[prices.length - 1]! ? (
                <g key={b} className="breakeven">
                  <line x1={x(b)} x2={x(b)} y1={margin.top} y2={height - margin.bottom} />
                  {!compact && (
                    <text x={x(b)} y={margin.top - 6 + (i % 2) * 0} textAnchor={i % 2 ? "start" : "end"} dx={i % 2 ? 3 : -3}>
                      BE {money(b)}
                    </text>
                  )}
                </g>
              ) : null,
            )}
            <path d={expiryPath} className="line-expiry" />
            <path d={datePath} className="line-date" data-testid="line-date" />
            {hoverIndex !== null && (
              <g className="crosshair">
                <line x1={x(prices[hoverIndex]!)} x2={x(prices[hoverIndex]!)} y1={margin.top} y2={height - margin.bottom} />
                <circle cx={x(prices[hoverIndex]!)} cy={y(curves.expiry[hoverIndex]!)} r={3.5} className="dot-expiry" />
                <circle cx={x(prices[hoverIndex]!)} cy={y(curves.atDate[hoverIndex]!)} r={3.5} className="dot-date" />
              </g>
            )}
            <rect
              x={margin.left}
              y={margin.top}
              width={Math.max(0, width - margin.left - margin.right)}
              height={Math.max(0, height - margin.top - margin.bottom)}
              fill="transparent"
              onPointerMove={onMove}
              onPointerDown={onMove}
              onPointerLeave={() => setHoverPrice(null)}
            />
          </svg>
        )}
      </div>
      {!compact && (
        <p className="small chart-readout" aria-live="polite">
          {hoverIndex !== null ? (
            <>
              At <strong>{money(prices[hoverIndex])}</strong>: on {dateLabel} <strong>{signedMoney(curves.atDate[hoverIndex])}</strong>, at expiry{" "}
              <strong>{signedMoney(curves.expiry[hoverIndex])}</strong>
            </>
          ) : (
            <>
              At spot {money(market.spot)}: on {dateLabel} <strong data-testid="pnl-at-spot">{signedMoney(curves.atDate[spotIndex])}</strong>, at expiry{" "}
              <strong data-testid="pnl-at-spot-expiry">{signedMoney(curves.expiry[spotIndex])}</strong>
            </>
          )}
        </p>
      )}
    </figure>
  );
}

function nearestIndex(values: Float64Array, target: number): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (Math.abs(values[i]! - target) < Math.abs(values[best]! - target)) best = i;
  return best;
}
