"use client";

import { scaleLinear } from "d3";
import { useId } from "react";

interface ColorLegendProps {
  title: string;
  /** Lowest and highest value of the colour scale. */
  domain: [number, number];
  /** Colour at t in [0, 1] along the domain. */
  color: (t: number) => string;
  format: (value: number) => string;
  width?: number;
}

/** A horizontal colour bar with labelled ticks: what each colour of a heatmap means, in its units. */
export function ColorLegend({ title, domain, color, format, width = 260 }: ColorLegendProps) {
  const id = useId().replace(/:/g, "");
  const height = 44;
  const margin = { left: 10, right: 14 };
  const x = scaleLinear().domain(domain).range([margin.left, width - margin.right]);
  const ticks = domain[0] === domain[1] ? [domain[0]] : x.ticks(4);
  const stops = Array.from({ length: 11 }, (_, i) => i / 10);
  return (
    <svg className="legend" width={width} height={height} role="img" aria-label={`${title}: from ${format(domain[0])} to ${format(domain[1])}`}>
      <defs>
        <linearGradient id={`legend-${id}`}>
          {stops.map((t) => (
            <stop key={t} offset={`${t * 100}%`} stopColor={color(t)} />
          ))}
        </linearGradient>
      </defs>
      <text x={margin.left} y={11} className="legend-title">
        {title}
      </text>
      <rect x={margin.left} y={16} width={width - margin.left - margin.right} height={10} fill={`url(#legend-${id})`} />
      {ticks.map((t) => (
        <g key={t} transform={`translate(${x(t)},26)`}>
          <line y2={4} stroke="currentColor" />
          <text y={15} textAnchor="middle" className="legend-tick">
            {format(t)}
          </text>
        </g>
      ))}
    </svg>
  );
}
