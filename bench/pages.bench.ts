/**
 * Analysis pages in Chromium: the chain heatmap's first render and a live update for a full chain (40 expiries ×
 * 160 strikes, calls and puts), and the payoff chart's update per date-slider step. The React components are
 * bundled as the app ships them and mounted in a blank page; times run from the render call until the canvas
 * has been drawn (heatmap) or the SVG committed and laid out (payoff). Targets: < 100 ms and < 16 ms.
 */
import { build } from "esbuild";
import path from "node:path";
import { chromium } from "@playwright/test";

const ROOT = path.resolve(import.meta.dirname, "..");
const EXPIRIES = 40;
const STRIKES = 160;

const ENTRY = `
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { flushSync } from "react-dom";
import { ChainHeatmap } from "@/components/chain/chain-heatmap";
import { buildHeatmap } from "@/components/chain/heatmap-model";
import { PayoffChart } from "@/components/charts/payoff-chart";
import { bsmGreeks } from "@/lib/options/greeks";

let draws = 0;
const clear = CanvasRenderingContext2D.prototype.clearRect;
CanvasRenderingContext2D.prototype.clearRect = function (...args) { draws++; return clear.apply(this, args); };
const channel = new MessageChannel();
const tick = () => new Promise((resolve) => { channel.port1.onmessage = () => resolve(undefined); channel.port2.postMessage(0); });
async function until(condition) { for (let i = 0; i < 100000 && !condition(); i++) await tick(); }

function chain(expiries, strikes, bump) {
  const spot = 580, rate = 0.04, nowMs = Date.UTC(2026, 0, 5, 15);
  const meta = [], data = [];
  for (let e = 0; e < expiries; e++) {
    const d = new Date(nowMs + (e * 7 + 3) * 86400000);
    const expiry = d.toISOString().slice(0, 10).replace(/-/g, "");
    const days = e * 7 + 3 - 0.2;
    meta.push({ expiry, daysToExpiry: days });
    const ks = [], calls = [], puts = [];
    for (let s = 0; s < strikes; s++) {
      const k = spot - strikes / 2 + s;
      ks.push(k);
      const iv = (0.14 + 0.0006 * Math.abs(k - spot) + 0.02 * Math.sqrt(days / 365)) * bump;
      for (const right of ["call", "put"]) {
        const g = bsmGreeks(right, spot, k, days / 365, rate, 0, iv);
        const q = { expiry, strike: k, right: right === "call" ? "C" : "P", bid: Math.max(0, g.price - 0.03), ask: g.price + 0.03, iv,
          delta: g.delta, gamma: g.gamma, theta: g.thetaPerDay, vega: g.vegaPerPoint, openInterest: Math.round(20000 * Math.exp(-Math.abs(k - spot) / 30)),
          volume: Math.round(5000 * Math.exp(-Math.abs(k - spot) / 20)), greeksSource: "tws", marketData: "live" };
        (right === "call" ? calls : puts).push(q);
      }
    }
    data.push({ expiry, daysToExpiry: days, strikes: ks, calls, puts });
  }
  return { spot, rate, meta, data };
}

window.benchHeatmap = async (runs) => {
  const host = document.getElementById("root");
  host.style.width = "1200px";
  const first = [], update = [];
  for (let r = 0; r < runs; r++) {
    const ra = chain(${EXPIRIES}, ${STRIKES}, 1), rb = chain(${EXPIRIES}, ${STRIKES}, 1.05);
    const div = document.createElement("div");
    host.replaceChildren(div);
    const root = createRoot(div);
    const before = draws;
    // Timed from the quotes as the route returns them: grid building, colour values, React and the canvas.
    let t0 = performance.now();
    const a = buildHeatmap("SPY", ra.spot, ra.rate, ra.meta, ra.data);
    flushSync(() => root.render(createElement(ChainHeatmap, { data: a, measure: "iv", side: "otm" })));
    await until(() => draws > before);
    first.push(performance.now() - t0);
    const mid = draws;
    t0 = performance.now();
    const b = buildHeatmap("SPY", rb.spot, rb.rate, rb.meta, rb.data);
    flushSync(() => root.render(createElement(ChainHeatmap, { data: b, measure: "iv", side: "otm" })));
    await until(() => draws > mid);
    update.push(performance.now() - t0);
    root.unmount();
  }
  return { first, update, cells: a_cells() };
};
function a_cells() { return ${EXPIRIES} * ${STRIKES}; }

window.benchSlider = async (frames) => {
  const host = document.getElementById("root");
  host.style.width = "1200px";
  const nowMs = Date.UTC(2026, 0, 5, 15);
  const legs = [
    { kind: "option", right: "put", strike: 560, expiry: "20260220", quantity: 1, multiplier: 100, price: 4.1, iv: 0.19 },
    { kind: "option", right: "put", strike: 570, expiry: "20260220", quantity: -1, multiplier: 100, price: 6.2, iv: 0.17 },
    { kind: "option", right: "call", strike: 590, expiry: "20260220", quantity: -1, multiplier: 100, price: 7.3, iv: 0.15 },
    { kind: "option", right: "call", strike: 600, expiry: "20260220", quantity: 1, multiplier: 100, price: 3.9, iv: 0.14 },
  ];
  const market = { spot: 580, rate: 0.04, dividendYield: 0, nowMs, vol: 0.3 };
  const marks = { breakevens: [566.4, 593.6], maxProfit: 550, maxLoss: 450, unlimitedProfit: false, unlimitedLoss: false, probabilityOfProfit: 0.41 };
  const div = document.createElement("div");
  host.replaceChildren(div);
  const root = createRoot(div);
  const props = (day, iv) => ({ legs, market, dateMs: nowMs + day * 86400000, ivShift: iv, marks });
  flushSync(() => root.render(createElement(PayoffChart, props(0, 0))));
  await until(() => div.querySelector("svg path.line-date") !== null);
  const times = [];
  for (let f = 0; f < frames; f++) {
    const t0 = performance.now();
    flushSync(() => root.render(createElement(PayoffChart, props(f % 45, ((f % 21) - 10) / 100))));
    div.querySelector("svg").getBoundingClientRect();
    times.push(performance.now() - t0);
  }
  root.unmount();
  return times;
};
`;

function stats(values: number[]): { median: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]! };
}

const line = (label: string, s: { median: number; p95: number; max: number }, target: number): string =>
  `${label.padEnd(44)} median ${s.median.toFixed(1).padStart(6)} ms   p95 ${s.p95.toFixed(1).padStart(6)} ms   max ${s.max.toFixed(1).padStart(6)} ms   target < ${target} ms: ${s.p95 < target ? "met" : "MISSED"} (p95/target ${(s.p95 / target).toFixed(2)})`;

async function main(): Promise<void> {
  const bundle = await build({
    stdin: { contents: ENTRY, loader: "tsx", resolveDir: ROOT, sourcefile: "pages-bench-entry.tsx" },
    absWorkingDir: ROOT,
    tsconfig: path.join(ROOT, "tsconfig.json"),
    bundle: true,
    format: "iife",
    jsx: "automatic",
    minify: true,
    write: false,
    logLevel: "error",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.setContent(`<!doctype html><html><body style="margin:0;background:#0f1419;color:#e6edf3;font-family:sans-serif"><div id="root"></div></body></html>`);
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });

    const heat = await page.evaluate(async () => (window as unknown as { benchHeatmap(n: number): Promise<{ first: number[]; update: number[]; cells: number }> }).benchHeatmap(12));
    // The first run includes JIT warm-up; report it separately from the steady state.
    console.log(`Chain heatmap, ${EXPIRIES} expiries × ${STRIKES} strikes (${heat.cells} cells, calls and puts), canvas 1200 px wide, Chromium:`);
    console.log(`  cold first render: ${heat.first[0]!.toFixed(1)} ms`);
    console.log(line("  first render (warm, 11 runs)", stats(heat.first.slice(1)), 100));
    console.log(line("  live update, new quotes (warm, 11 runs)", stats(heat.update.slice(1)), 100));

    const frames = await page.evaluate(async () => (window as unknown as { benchSlider(n: number): Promise<number[]> }).benchSlider(240));
    console.log(`Payoff chart, iron condor, 241 prices × 2 lines, date and IV slider steps, Chromium:`);
    console.log(line("  per slider step (240 steps)", stats(frames.slice(10)), 16));
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
