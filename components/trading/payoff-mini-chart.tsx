"use client";

import { line, scaleLinear } from "d3";
import { useId, useMemo } from "react";
import { money } from "../charts/format";
import { PnlAxes, ProfitLossFill } from "../charts/pnl-frame";
import { useWidth } from "../charts/use-width";

export interface PayoffLine {
  /** Expiry P&L at each kink (price 0 and every strike), ascending in price (USD, whole position). */
  points: Array<{ price: number; pnl: number }>;
  /** P&L change per 1.00 rise above the last kink. */
  slopeAbove: number;
}

interface PayoffMiniChartProps {
  payoff: PayoffLine;
  spot: number;
  breakevens: number[];
  height?: number;
  label: string;
}

/** The expiry P&L at `price`: linear between kinks, along `slopeAbove` beyond the last. */
export function pnlAt(payoff: PayoffLine, price: number): number {
  const pts = payoff.points;
  if (pts.length === 0) return 0;
  const last = pts[pts.length - 1]!;
  if (price >= last.price) return last.pnl + payoff.slopeAbove * (price - last.price);
  if (price <= pts[0]!.price) return pts[0]!.pnl;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    if (price <= b.price) return b.price === a.price ? b.pnl : a.pnl + ((b.pnl - a.pnl) * (price - a.price)) / (b.price - a.price);
  }
  return last.pnl;
}

/** The price range worth showing: the strikes, breakevens and spot, with room on both sides. */
export function chartDomain(payoff: PayoffLine, spot: number, breakevens: readonly number[]): [number, number] {
  const marks = [spot, ...breakevens, ...payoff.points.filter((p) => p.price > 0).map((p) => p.price)].filter((v) => Number.isFinite(v) && v > 0);
  const lo = Math.min(...marks);
  const hi = Math.max(...marks);
  const span = Math.max(hi - lo, spot * 0.06);
  return [Math.max(0, lo - span * 0.45), hi + span * 0.45];
}

/**
 * A small payoff-at-expiry chart for an approval card, drawn from the proposal's exact kinks (no sampling):
 * profit above the zero line in green, loss below in red, spot dashed, breakevens dotted, with both axes.
 */
export function PayoffMiniChart({ payoff, spot, breakevens, height = 180, label }: PayoffMiniChartProps) {
  const [wrap, width] = useWidth<HTMLDivElement>();
  const clip = useId().replace(/:/g, "");
  const [lo, hi] = useMemo(() => chartDomain(payoff, spot, breakevens), [payoff, spot, breakevens]);
  const prices = useMemo(() => {
    const inside = payoff.points.map((p) => p.price).filter((p) => p > lo && p < hi);
    return [lo, ...inside, hi].sort((a, b) => a - b);
  }, [payoff, lo, hi]);
  const values = prices.map((p) => pnlAt(payoff, p));

  const margin = { top: 8, right: 12, bottom: 34, left: 54 };
  const x = scaleLinear()
    .domain([lo, hi])
    .range([margin.left, Math.max(margin.left + 10, width - margin.right)]);
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  const pad = (high - low || 1) * 0.1;
  const y = scaleLinear()
    .domain([low - pad, high + pad])
    .range([height - margin.bottom, margin.top])
    .nice();
  const d =
    line<number>()
      .x((i) => x(prices[i]!))
      .y((i) => y(values[i]!))(prices.map((_, i) => i)) ?? "";
  const zero = y(0);
  const area = `${d}L${x(hi)},${zero}L${x(lo)},${zero}Z`;
  const xTicks = x.ticks(width < 320 ? 3 : 5);
  const yTicks = y.ticks(4);

  return (
    <figure className="chart chart-compact payoff-mini" data-testid="card-payoff">
      <div ref={wrap} style={{ height }}>
        {width > 0 && (
          <svg width={width} height={height} role="img" aria-label={`${label}: profit and loss at expiry against the underlying price`}>
            <ProfitLossFill clip={clip} area={area} width={width} height={height} zero={zero} />
            <PnlAxes
              x={x}
              y={y}
              xTicks={xTicks}
              yTicks={yTicks}
              width={width}
              height={height}
              margin={margin}
              xTitle="Price at expiry (USD)"
              yTitle="P/L (USD)"
              titleInset={{ x: 11, y: 3 }}
            />
            <line className="spot-line" x1={x(spot)} x2={x(spot)} y1={margin.top} y2={height - margin.bottom} />
            {breakevens
              .filter((b) => b > lo && b < hi)
              .map((b) => (
                <g key={b} className="breakeven">
                  <line x1={x(b)} x2={x(b)} y1={margin.top} y2={height - margin.bottom} />
                </g>
              ))}
            <path d={d} className="line-expiry" />
          </svg>
        )}
      </div>
      <figcaption className="small muted chart-key">
        <span>
          <i className="swatch swatch-expiry" /> At expiry
        </span>
        <span>
          <i className="swatch swatch-spot" /> Spot {money(spot)}
        </span>
        {breakevens.length > 0 && (
          <span>
            <i className="swatch swatch-breakeven" /> Breakeven
          </span>
        )}
      </figcaption>
    </figure>
  );
}
