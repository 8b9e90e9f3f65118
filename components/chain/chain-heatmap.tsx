"use client";

import { useEffect, useMemo, useRef, useState, type PointerEvent } from "react";
import type { OptionQuote } from "@/lib/ib/types";
import { ColorLegend } from "../charts/color-legend";
import { expiryLabel, fixed, money, percent, count } from "../charts/format";
import { drawHeatmap, heatmapHit, heatmapLayout } from "./heatmap-draw";
import { cellQuote, colorPosition, heatmapValues, MEASURES, type HeatmapData, type Measure, type Side } from "./heatmap-model";

interface ChainHeatmapProps {
  data: HeatmapData;
  measure: Measure;
  side: Side;
  height?: number;
  selectedColumn?: number | null;
  onSelectColumn?: (column: number) => void;
}

/** The option chain as a strikes × expiries heatmap on a canvas, with a colour legend and hover details. */
export function ChainHeatmap({ data, measure, side, height = 440, selectedColumn = null, onSelectColumn }: ChainHeatmapProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<{ row: number; column: number; x: number; y: number } | null>(null);
  const values = useMemo(() => heatmapValues(data, measure, side), [data, measure, side]);
  const layout = useMemo(() => heatmapLayout(data, width, height), [data, width, height]);

  useEffect(() => {
    const element = wrap.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry!.contentRect.width)));
    observer.observe(element);
    setWidth(Math.floor(element.clientWidth));
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = canvas.current;
    if (!el || width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    if (el.width !== Math.round(width * ratio) || el.height !== Math.round(height * ratio)) {
      el.width = Math.round(width * ratio);
      el.height = Math.round(height * ratio);
    }
    const ctx = el.getContext("2d");
    if (!ctx) return;
    drawHeatmap(ctx, data, layout, { measure, values, ratio, highlight: hover, selectedColumn });
  }, [data, layout, measure, values, hover, selectedColumn, width, height]);

  const locate = (event: PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    const hit = heatmapHit(data, layout, x, y);
    return hit ? { ...hit, x, y } : null;
  };

  const info = MEASURES[measure];
  const legendColor = (t: number): string => {
    const value = values.domain[0] + (values.domain[1] - values.domain[0]) * t;
    return info.interpolate(colorPosition(value, values.domain, info.kind));
  };
  const hovered = hover ? describeCell(data, hover.row, hover.column, side, values.values) : null;

  return (
    <div className="heatmap" data-testid="heatmap">
      <div className="heatmap-legend">
        <ColorLegend title={info.title} domain={values.domain} color={legendColor} format={info.format} />
        <p className="muted small heatmap-key">
          <span className="key-spot" aria-hidden="true" /> spot <span className="key-move" aria-hidden="true" /> expected move ±1σ (ATM IV)
        </p>
      </div>
      <div ref={wrap} className="heatmap-canvas-wrap" style={{ height }}>
        <canvas
          ref={canvas}
          style={{ width, height }}
          role="img"
          aria-label={`${data.symbol} option chain heatmap of ${info.label.toLowerCase()}: ${data.strikes.length} strikes by ${data.columns.length} expiries`}
          data-testid="heatmap-canvas"
          onPointerMove={(e) => setHover(locate(e))}
          onPointerLeave={(e) => e.pointerType === "mouse" && setHover(null)}
          onPointerDown={(e) => {
            const hit = locate(e);
            setHover(hit);
            if (hit) onSelectColumn?.(hit.column);
          }}
        />
        {hover && hovered && (
          <div
            className="heatmap-tip"
            role="tooltip"
            data-testid="heatmap-tip"
            data-spot={data.spot}
            data-rate={data.rate}
            data-days={hovered.column.daysToExpiry}
            style={{
              left: Math.min(Math.max(4, hover.x + 14), Math.max(4, width - 250)),
              top: hover.y > height / 2 ? undefined : hover.y + 14,
              bottom: hover.y > height / 2 ? height - hover.y + 14 : undefined,
            }}
          >
            <p>
              <strong data-testid="tip-strike">{hovered.strike}</strong> · <span data-testid="tip-expiry">{expiryLabel(hovered.column.expiry)}</span>{" "}
              <span className="muted">({Math.ceil(hovered.column.daysToExpiry)} days)</span>
            </p>
            {!hovered.column.loaded && <p className="muted">Loading this expiry…</p>}
            {hovered.column.loaded && (
              <>
                <table className="tip-table">
                  <thead>
                    <tr>
                      <th />
                      <th>Call</th>
                      <th>Put</th>
                    </tr>
                  </thead>
                  <tbody>
                    <TipRow label="Bid × Ask" call={hovered.call} put={hovered.put} show={(q) => `${money(q.bid)} × ${money(q.ask)}`} />
                    <TipRow label="IV" call={hovered.call} put={hovered.put} show={(q) => percent(q.iv)} testId="tip-iv" />
                    <TipRow label="Delta" call={hovered.call} put={hovered.put} show={(q) => fixed(q.delta, 3)} testId="tip-delta" />
                    <TipRow label="Gamma" call={hovered.call} put={hovered.put} show={(q) => fixed(q.gamma, 4)} />
                    <TipRow label="Theta/day" call={hovered.call} put={hovered.put} show={(q) => fixed(q.theta, 3)} />
                    <TipRow label="Vega/pt" call={hovered.call} put={hovered.put} show={(q) => fixed(q.vega, 3)} />
                    <TipRow label="Open int." call={hovered.call} put={hovered.put} show={(q) => count(q.openInterest)} />
                    <TipRow label="Volume" call={hovered.call} put={hovered.put} show={(q) => count(q.volume)} />
                  </tbody>
                </table>
                <p className="muted small">
                  Colour: {info.label.toLowerCase()} of the {hovered.shown === hovered.call ? "call" : "put"}
                  {hovered.shown ? ` = ${Number.isFinite(hovered.value) ? info.format(hovered.value) : "—"}` : ": no quote"}
                </p>
                {hovered.column.expectedMove && (
                  <p className="small" data-testid="tip-move">
                    Expected move ±{money(hovered.column.expectedMove.move)} ({money(hovered.column.expectedMove.low)}–{money(hovered.column.expectedMove.high)}) from ATM IV{" "}
                    {percent(hovered.column.atmIv)}
                  </p>
                )}
                {(hovered.call?.greeksSource === "computed" || hovered.put?.greeksSource === "computed") && <p className="small warn-text">Greeks computed locally from the quote&apos;s IV.</p>}
                {(hovered.call ?? hovered.put)?.marketData && (hovered.call ?? hovered.put)!.marketData !== "live" && (
                  <p className="small warn-text">{(hovered.call ?? hovered.put)!.marketData} data</p>
                )}
              </>
            )}
          </div>
        )}
      </div>
    </div>
  );
}

function TipRow({ label, call, put, show, testId }: { label: string; call?: OptionQuote; put?: OptionQuote; show: (q: OptionQuote) => string; testId?: string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td data-testid={testId ? `${testId}-call` : undefined}>{call ? show(call) : "—"}</td>
      <td data-testid={testId ? `${testId}-put` : undefined}>{put ? show(put) : "—"}</td>
    </tr>
  );
}

function describeCell(data: HeatmapData, row: number, column: number, side: Side, values: Float64Array) {
  const index = row * data.columns.length + column;
  const col = data.columns[column];
  if (!col) return null;
  const shown = cellQuote(data, index, side);
  return { strike: data.strikes[row]!, column: col, call: data.calls[index], put: data.puts[index], shown, value: values[index] ?? NaN };
}
