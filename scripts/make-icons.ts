/**
 * Renders the app icons (public/icons/*.svg) to the PNGs the web manifest and iOS ask for, in Debian's Chromium,
 * offline. Run after changing an SVG: `npx tsx scripts/make-icons.ts`; the PNGs are committed.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const ROOT = path.resolve(import.meta.dirname, "..");
const ICONS = path.join(ROOT, "public", "icons");

const outputs: Array<{ svg: string; size: number; file: string }> = [
  { svg: "icon.svg", size: 192, file: path.join(ICONS, "icon-192.png") },
  { svg: "icon.svg", size: 512, file: path.join(ICONS, "icon-512.png") },
  { svg: "icon-maskable.svg", size: 512, file: path.join(ICONS, "icon-maskable-512.png") },
  // iOS draws its own rounded corners on a full-bleed square.
  { svg: "icon-maskable.svg", size: 180, file: path.join(ROOT, "public", "apple-touch-icon.png") },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
try {
  for (const { svg, size, file } of outputs) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const markup = readFileSync(path.join(ICONS, svg), "utf8").replace("<svg ", `<svg width="${size}" height="${size}" `);
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${markup}</body></html>`);
    await page.screenshot({ path: file, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await page.close();
    console.log(`${path.relative(ROOT, file)} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
