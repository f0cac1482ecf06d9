// The editor's first load, in real Chromium: LOADS loads of a warm codeSpace, p50 and max of the time (from the
// navigation's start) until the code is visible, until Monaco accepts a key, until the preview's first paint and
// until the page is Live. Baseline from the same run: the document's own load (its response has ended).
// Usage: npm run bench:load   (env LOADS=10)
import type { Page } from "playwright-core";
import { startDevServer } from "../scripts/dev-server.mjs";
import { launchBrowser } from "../test/support/browser.ts";
import { ms } from "./lib/stats.mjs";

const LOADS = Number(process.env.LOADS ?? 10);
const MARKER = "bench-load-marker";

/**
 * Runs in the page before its own scripts: records, by the page's clock, when each milestone happened. "Visible"
 * is the frame after the code's text is in the editor pane's DOM (a frame later it has been painted).
 */
function probe(marker: string): void {
  const t: Record<string, number> = {};
  (window as unknown as { loadTimes: Record<string, number> }).loadTimes = t;
  if (window !== window.top) return;
  const once = (name: string, at = performance.now()) => {
    t[name] ??= at;
  };
  const check = () => {
    const pane = document.querySelector(".pane.code");
    if (!t.codeInDom && pane?.textContent?.includes(marker)) {
      once("codeInDom");
      requestAnimationFrame(() => once("codeVisible"));
    }
    const w = window as unknown as { liveEditor?: { getValue(): string } };
    if (!t.monacoReady && w.liveEditor && document.querySelector(".monaco-editor .view-lines .view-line")) {
      if (w.liveEditor.getValue().includes(marker)) once("monacoReady");
    }
    if (!t.live && document.querySelector('#status[data-state="connected"]')) once("live");
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  window.addEventListener("message", (e) => {
    if ((e.data as { type?: string })?.type === "rendered") once("previewPaint");
  });
}

const server = await startDevServer();
const browser = await launchBrowser();
try {
  const cs = `load-${Date.now().toString(36)}`;
  const code = `// ${MARKER}\nexport default () => <p id="n" className="text-6xl p-8">loaded</p>;\n`;
  await fetch(`${server.url}/live/${cs}/api/code`, { method: "PUT", body: JSON.stringify({ code }) });

  const loadOnce = async () => {
    const context = await browser.newContext({ viewport: { width: 1300, height: 800 } });
    await context.addInitScript(probe, MARKER);
    const page: Page = await context.newPage();
    await page.goto(`${server.url}/live/${cs}`, { waitUntil: "commit" });
    await page.waitForFunction(() => {
      const t = (window as unknown as { loadTimes: Record<string, number> }).loadTimes;
      return t.codeVisible && t.monacoReady && t.previewPaint && t.live;
    });
    const times = await page.evaluate(() => {
      const t = (window as unknown as { loadTimes: Record<string, number> }).loadTimes;
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN;
      // Where the time to Monaco goes: the editor's scripts arriving (through wrangler dev's proxy), their
      // compile and evaluation until the editor's own code runs, then Monaco's creation and first render.
      const main = performance.getEntriesByName("live:main")[0]?.startTime ?? Number.NaN;
      const scripts = performance
        .getEntriesByType("resource")
        .filter(
          (e) => /\/assets\/(editor|chunk)-[^/]*\.js$/.test(e.name) && e.startTime < main,
        ) as PerformanceResourceTiming[];
      const scriptsIn = Math.max(...scripts.map((e) => e.responseEnd));
      const drawn = performance.getEntriesByName("live:monaco")[0]?.startTime ?? Number.NaN;
      return {
        ...t,
        document: nav.responseEnd,
        fcp,
        scriptsIn,
        evaluate: main - scriptsIn,
        create: drawn - main,
      } as Record<string, number>;
    });
    await context.close();
    return times;
  };
  await loadOnce(); // the server's and the browser's caches warm
  const runs: Awaited<ReturnType<typeof loadOnce>>[] = [];
  for (let i = 0; i < LOADS; i++) runs.push(await loadOnce());

  type Key = "document" | "fcp" | "codeVisible" | "monacoReady" | "previewPaint" | "live";
  const row = (label: string, key: Key | "scriptsIn" | "evaluate" | "create") => {
    const xs = runs.map((r) => Number(r[key] ?? Number.NaN)).sort((a, b) => a - b);
    const p50 = xs[Math.floor((xs.length - 1) / 2)] as number;
    const max = xs[xs.length - 1] as number;
    console.log(`${label.padEnd(34)} p50 ${ms(p50).padStart(11)}   max ${ms(max).padStart(11)}`);
    return p50;
  };
  console.log(`editor load of a warm codeSpace, ${LOADS} loads (times from the navigation's start)`);
  const doc = row("document loaded (baseline)", "document");
  const fcp = row("first contentful paint", "fcp");
  const visible = row("code visible", "codeVisible");
  const ready = row("Monaco accepts a key", "monacoReady");
  const paint = row("preview first paint", "previewPaint");
  row("Live (socket synced)", "live");
  console.log("where the time to Monaco goes:");
  row("  editor scripts arrived", "scriptsIn");
  row("  then compiled and evaluated", "evaluate");
  row("  then Monaco created and drawn", "create");
  console.log(
    `ratios to the document: code visible x${(visible / doc).toFixed(2)}, Monaco x${(ready / doc).toFixed(2)}, preview x${(paint / doc).toFixed(2)}`,
  );
  console.log(
    `goals: code visible at first paint ${visible - fcp < 50 ? "met" : "not met"}; Monaco <= 1.5 s ${ready <= 1500 ? "met" : "not met"}; preview <= 1 s ${paint <= 1000 ? "met" : "not met"}`,
  );
} finally {
  await browser.close();
  await server.dispose();
}
