/**
 * Draws the chain heatmap on a canvas: one rectangle per strike × expiry cell (colours quantised into bands so
 * a full chain of thousands of cells is one fill per band), the strike axis in USD, the expiry axis with days
 * to expiry, the spot line and each expiry's ±1σ expected-move band. No React and no DOM beyond the canvas.
 */
import { scaleLinear } from "d3";
import { shortDate } from "../charts/format";
import { colorPosition, MEASURES, type HeatmapData, type HeatmapValues, type Measure } from "./heatmap-model";

export const HEATMAP_MARGIN = { top: 12, right: 12, bottom: 46, left: 58 };
const BANDS = 48;
const MISSING = "#1d252e";
const PENDING = "#27313c";

export interface HeatmapLayout {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  columnWidth: number;
  /** Price → y (pixels). */
  y: (price: number) => number;
  /** Lower and upper price bound of each row's cell (midpoints to its neighbours). */
  rowBounds: Array<[number, number]>;
}

export function heatmapLayout(data: HeatmapData, width: number, height: number): HeatmapLayout {
  const m = HEATMAP_MARGIN;
  const plot = { left: m.left, top: m.top, right: Math.max(m.left + 10, width - m.right), bottom: Math.max(m.top + 10, height - m.bottom) };
  const strikes = data.strikes;
  const rowBounds: Array<[number, number]> = strikes.map((k, i) => {
    const below = i > 0 ? (k + strikes[i - 1]!) / 2 : k - ((strikes[i + 1] ?? k + 1) - k) / 2;
    const above = i < strikes.length - 1 ? (k + strikes[i + 1]!) / 2 : k + (k - (strikes[i - 1] ?? k - 1)) / 2;
    return [below, above];
  });
  const lo = rowBounds[0]?.[0] ?? data.spot * 0.9;
  const hi = rowBounds.at(-1)?.[1] ?? data.spot * 1.1;
  const y = scaleLinear().domain([lo, hi]).range([plot.bottom, plot.top]);
  const columnWidth = (plot.right - plot.left) / Math.max(1, data.columns.length);
  return { width, height, plot, columnWidth, y: (p) => y(p), rowBounds };
}

/** The cell under a point (canvas CSS pixels), or null outside the plot. */
export function heatmapHit(data: HeatmapData, layout: HeatmapLayout, x: number, y: number): { row: number; column: number } | null {
  const { plot } = layout;
  if (x < plot.left || x >= plot.right || y < plot.top || y > plot.bottom || data.strikes.length === 0) return null;
  const column = Math.floor((x - plot.left) / layout.columnWidth);
  // Rows are ascending in price and y grows downwards: binary search on the bounds.
  let lo = 0;
  let hi = data.strikes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (layout.y(layout.rowBounds[mid]![1]) > y) lo = mid + 1;
    else hi = mid;
  }
  if (column < 0 || column >= data.columns.length) return null;
  return { row: lo, column };
}

export interface DrawOptions {
  measure: Measure;
  values: HeatmapValues;
  /** Device pixel ratio the canvas was sized for. */
  ratio: number;
  highlight?: { row: number; column: number } | null;
  selectedColumn?: number | null;
}

export function drawHeatmap(ctx: CanvasRenderingContext2D, data: HeatmapData, layout: HeatmapLayout, options: DrawOptions): void {
  const { plot, columnWidth } = layout;
  const info = MEASURES[options.measure];
  const { values, domain } = options.values;
  ctx.setTransform(options.ratio, 0, 0, options.ratio, 0, 0);
  ctx.clearRect(0, 0, layout.width, layout.height);

  const columns = data.columns.length;
  ctx.fillStyle = MISSING;
  ctx.fillRect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
  // Expiries still loading: a lighter background with a label.
  ctx.fillStyle = PENDING;
  for (let c = 0; c < columns; c++) if (!data.columns[c]!.loaded) ctx.fillRect(plot.left + c * columnWidth, plot.top, columnWidth, plot.bottom - plot.top);
  ctx.fillStyle = "#8b98a5";
  ctx.font = "11px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  for (let c = 0; c < columns; c++) {
    if (data.columns[c]!.loaded || columnWidth < 14) continue;
    ctx.save();
    ctx.translate(plot.left + (c + 0.5) * columnWidth, plot.top + 40);
    ctx.rotate(Math.PI / 2);
    ctx.fillText("loading…", 0, 0);
    ctx.restore();
  }

  // Cells grouped by colour band: one path and one fill per band.
  const rowTop = layout.rowBounds.map(([, upper]) => layout.y(upper));
  const rowBottom = layout.rowBounds.map(([lower]) => layout.y(lower));
  const paths: Array<Path2D | undefined> = new Array(BANDS);
  const gap = columnWidth > 6 ? 1 : 0;
  for (let r = 0; r < data.strikes.length; r++) {
    const top = rowTop[r]!;
    const h = Math.max(0.5, rowBottom[r]! - top - (rowBottom[r]! - top > 4 ? 1 : 0));
    const base = r * columns;
    for (let c = 0; c < columns; c++) {
      const v = values[base + c]!;
      if (v !== v) continue;
      const band = Math.min(BANDS - 1, Math.floor(colorPosition(v, domain, info.kind) * BANDS));
      const path = (paths[band] ??= new Path2D());
      path.rect(plot.left + c * columnWidth, top, columnWidth - gap, h);
    }
  }
  for (let b = 0; b < BANDS; b++) {
    const path = paths[b];
    if (!path) continue;
    ctx.fillStyle = info.interpolate((b + 0.5) / BANDS);
    ctx.fill(path);
  }

  // Expected-move band: ±1σ per expiry, joined into a cone.
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
  ctx.clip();
  ctx.strokeStyle = "rgba(255,255,255,0.9)";
  ctx.lineWidth = 1.5;
  ctx.setLineDash([]);
  for (const edge of ["low", "high"] as const) {
    ctx.beginPath();
    let drawing = false;
    for (let c = 0; c < columns; c++) {
      const move = data.columns[c]!.expectedMove;
      if (!move) {
        drawing = false;
        continue;
      }
      const yy = layout.y(move[edge]);
      const x0 = plot.left + c * columnWidth;
      if (drawing) ctx.lineTo(x0, yy);
      else ctx.moveTo(x0, yy);
      ctx.lineTo(x0 + columnWidth, yy);
      drawing = true;
    }
    ctx.stroke();
  }
  // Spot line.
  const spotY = layout.y(data.spot);
  ctx.strokeStyle = "#ffffff";
  ctx.lineWidth = 1;
  ctx.setLineDash([6, 4]);
  ctx.beginPath();
  ctx.moveTo(plot.left, spotY);
  ctx.lineTo(plot.right, spotY);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.restore();

  if (options.selectedColumn !== null && options.selectedColumn !== undefined && options.selectedColumn < columns) {
    ctx.strokeStyle = "#58a6ff";
    ctx.lineWidth = 2;
    ctx.strokeRect(plot.left + options.selectedColumn * columnWidth + 1, plot.top + 1, columnWidth - 2, plot.bottom - plot.top - 2);
  }
  if (options.highlight) {
    const { row, column } = options.highlight;
    ctx.strokeStyle = "#ffffff";
    ctx.lineWidth = 2;
    ctx.strokeRect(plot.left + column * columnWidth, rowTop[row]!, columnWidth, Math.max(2, rowBottom[row]! - rowTop[row]!));
  }

  drawAxes(ctx, data, layout);
}

function drawAxes(ctx: CanvasRenderingContext2D, data: HeatmapData, layout: HeatmapLayout): void {
  const { plot, columnWidth } = layout;
  ctx.fillStyle = "#8b98a5";
  ctx.strokeStyle = "#8b98a5";
  ctx.lineWidth = 1;
  ctx.font = "11px system-ui, sans-serif";

  // Strike axis (left), USD.
  const [lo, hi] = [layout.rowBounds[0]?.[0] ?? 0, layout.rowBounds.at(-1)?.[1] ?? 1];
  const ticks = scaleLinear().domain([lo, hi]).ticks(Math.max(2, Math.floor((plot.bottom - plot.top) / 40)));
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  ctx.beginPath();
  ctx.moveTo(plot.left - 0.5, plot.top);
  ctx.lineTo(plot.left - 0.5, plot.bottom);
  for (const t of ticks) {
    const yy = Math.round(layout.y(t)) + 0.5;
    ctx.moveTo(plot.left - 5, yy);
    ctx.lineTo(plot.left, yy);
    ctx.fillText(t.toLocaleString("en-US"), plot.left - 7, yy);
  }
  ctx.stroke();
  ctx.save();
  ctx.translate(12, (plot.top + plot.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = "center";
  ctx.fillText("Strike (USD)", 0, 0);
  ctx.restore();

  // Spot label.
  const spotY = layout.y(data.spot);
  if (spotY >= plot.top && spotY <= plot.bottom) {
    const label = `spot ${data.spot.toFixed(2)}`;
    ctx.font = "bold 11px system-ui, sans-serif";
    const w = ctx.measureText(label).width + 8;
    ctx.fillStyle = "rgba(15,20,25,0.85)";
    ctx.fillRect(plot.right - w - 2, spotY - 16, w, 14);
    ctx.fillStyle = "#ffffff";
    ctx.textAlign = "right";
    ctx.fillText(label, plot.right - 6, spotY - 9);
    ctx.font = "11px system-ui, sans-serif";
  }

  // Expiry axis (bottom): date and days to expiry, thinned so labels never overlap.
  ctx.fillStyle = "#8b98a5";
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  const every = Math.max(1, Math.ceil(46 / columnWidth));
  ctx.beginPath();
  ctx.moveTo(plot.left, plot.bottom + 0.5);
  ctx.lineTo(plot.right, plot.bottom + 0.5);
  data.columns.forEach((col, c) => {
    if (c % every !== 0) return;
    const x = plot.left + (c + 0.5) * columnWidth;
    ctx.moveTo(x, plot.bottom);
    ctx.lineTo(x, plot.bottom + 4);
    const ms = Date.UTC(Number(col.expiry.slice(0, 4)), Number(col.expiry.slice(4, 6)) - 1, Number(col.expiry.slice(6, 8)));
    ctx.fillText(shortDate(ms), x, plot.bottom + 6);
    ctx.fillText(`${Math.ceil(col.daysToExpiry)}d`, x, plot.bottom + 19);
  });
  ctx.stroke();
  ctx.textAlign = "right";
  ctx.fillText("Expiry (days to expiry)", plot.right, plot.bottom + 33);
}
