/**
 * The parts every profit/loss chart shares: the green (profit) and red (loss) areas between a P&L line and zero,
 * and the axes with their grid, ticks and titles. Drawn inside the caller's <svg>.
 */
import type { ScaleLinear } from "d3";

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** Green above zero and red below, under the closed path `area` (the P&L line closed along y = zero). */
export function ProfitLossFill({ clip, area, width, height, zero }: { clip: string; area: string; width: number; height: number; zero: number }) {
  return (
    <>
      <defs>
        <clipPath id={`above-${clip}`}>
          <rect x={0} y={0} width={width} height={Math.max(0, zero)} />
        </clipPath>
        <clipPath id={`below-${clip}`}>
          <rect x={0} y={zero} width={width} height={Math.max(0, height - zero)} />
        </clipPath>
      </defs>
      <path d={area} className="area-profit" clipPath={`url(#above-${clip})`} />
      <path d={area} className="area-loss" clipPath={`url(#below-${clip})`} />
    </>
  );
}

/** Horizontal grid with P&L labels (the zero line stands out), price ticks below, and both axis titles. */
export function PnlAxes(props: {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  xTicks: number[];
  yTicks: number[];
  width: number;
  height: number;
  margin: Margin;
  xTitle: string;
  yTitle: string;
  /** Distance of the x title from the bottom edge and of the y title from the left edge. */
  titleInset?: { x: number; y: number };
}) {
  const { x, y, xTicks, yTicks, width, height, margin } = props;
  const inset = props.titleInset ?? { x: 12, y: 6 };
  return (
    <g className="axis">
      {yTicks.map((t) => (
        <g key={`y${t}`} transform={`translate(0,${y(t)})`}>
          <line x1={margin.left} x2={width - margin.right} className={t === 0 ? "zero-line" : "grid-line"} />
          <text x={margin.left - 6} dy="0.32em" textAnchor="end">
            {compactMoney(t)}
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <g key={`x${t}`} transform={`translate(${x(t)},${height - margin.bottom})`}>
          <line y2={5} stroke="currentColor" />
          <text y={17} textAnchor="middle">
            {t.toLocaleString("en-US")}
          </text>
        </g>
      ))}
      <text x={width - margin.right} y={height - inset.y} textAnchor="end" className="axis-title">
        {props.xTitle}
      </text>
      <text transform={`translate(${inset.x},${(margin.top + height - margin.bottom) / 2}) rotate(-90)`} textAnchor="middle" className="axis-title">
        {props.yTitle}
      </text>
    </g>
  );
}

/** An amount for an axis label: −1.2k, 15k, 2.5M. */
export function compactMoney(value: number): string {
  const a = Math.abs(value);
  const sign = value < 0 ? "−" : "";
  if (a >= 1_000_000) return `${sign}${(a / 1_000_000).toFixed(1)}M`;
  if (a >= 10_000) return `${sign}${(a / 1_000).toFixed(0)}k`;
  if (a >= 1_000) return `${sign}${(a / 1_000).toFixed(1)}k`;
  return `${sign}${a.toFixed(0)}`;
}
