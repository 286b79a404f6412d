// Storefront figures for docs/performance.md:
//   node e2e/measure.mjs [storefront URL] [runs]      (npm run measure -- http://127.0.0.1:5173 5)
// 1. JavaScript shipped: every .js file of web/dist/assets, gzipped (level 9) and raw.
// 2. Time from navigation start to the first product grid on screen, in a fresh browser context
//    each run (no HTTP cache, no service worker: a first visit). The first run meets whatever
//    state the stack is in (cold right after a deploy or an emulator restart); the median of the
//    rest is the warm figure.
import { chromium } from "@playwright/test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const url = process.argv[2] ?? process.env.STOREFRONT_URL ?? "http://127.0.0.1:5173";
const runs = Number(process.argv[3] ?? 6);
const assets = new URL("../dist/assets/", import.meta.url).pathname;

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
let raw = 0;
let gzipped = 0;
for (const name of readdirSync(assets).filter((file) => file.endsWith(".js"))) {
  const bytes = readFileSync(join(assets, name));
  raw += bytes.length;
  gzipped += gzipSync(bytes, { level: 9 }).length;
}
console.log(`JavaScript shipped: ${kb(gzipped)} gzipped (${kb(raw)} raw)`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

/** Milliseconds from navigation start until the grid has its first product. */
async function timeToFirstGrid() {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('ul[aria-label="Products"] li')) {
        window.__firstGrid = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url);
  await page.waitForFunction(() => window.__firstGrid !== undefined, null, { timeout: 60_000 });
  const ms = await page.evaluate(() => window.__firstGrid);
  await context.close();
  return ms;
}

const times = [];
for (let run = 0; run < runs; run++) times.push(await timeToFirstGrid());
await browser.close();

const [first, ...rest] = times;
const sorted = [...rest].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(`First product grid, first run: ${first.toFixed(0)} ms`);
console.log(`First product grid, warm: median ${median.toFixed(0)} ms of ${rest.length} runs (${sorted.map((t) => t.toFixed(0)).join(", ")})`);
