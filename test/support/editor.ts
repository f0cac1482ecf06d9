// The editor page in Chromium, driven the way a person would: shared by the browser test files.
import type { Browser, BrowserContext, Page } from "playwright-core";

/** Uncaught exceptions of every editor page opened here; each test file fails the test they happened in. */
export const pageErrors: string[] = [];
/** Console errors other than the network's own complaints (a refused socket, a 404). */
export const consoleErrors: string[] = [];

export interface OpenOptions {
  theme?: "dark" | "light";
  /** Runs on the new context before the page opens (routes, listeners). */
  setup?: (context: BrowserContext) => Promise<unknown> | unknown;
  /** Wait until the page is Live (default), or only until Monaco has drawn the code. */
  waitLive?: boolean;
}

/**
 * wrangler dev's proxy answers a POST whose connection to the Worker it lost with its own 503, without CORS
 * headers (test/support/http-agent.ts): the preview's render report then shows as a CORS error. The preview sends
 * it again (the app's own refusals carry CORS headers: routes.test.ts), and the tests that mean the report assert
 * that it was stored.
 */
const devProxyRefusal = (text: string): boolean =>
  /\/api\/session' from origin 'null' has been blocked by CORS policy/.test(text);

export async function openEditor(browser: Browser, base: string, cs: string, opts: OpenOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  // Every wait is for an event; on a busy 2-core machine (CI) some take longer than Playwright's 30 s default.
  context.setDefaultTimeout(90_000);
  await opts.setup?.(context);
  await context.addInitScript((t) => {
    try {
      localStorage.setItem("live:theme", t);
    } catch {
      // The sandboxed preview frame has no storage.
    }
  }, opts.theme ?? "dark");
  const page = await context.newPage();
  page.on("pageerror", (err) => pageErrors.push(err.message));
  // A report refused without CORS headers shows as a CORS error: say what the server answered.
  page.on("response", async (r) => {
    if (r.status() >= 500)
      consoleErrors.push(`HTTP ${r.status()} ${r.url()}: ${(await r.text().catch(() => "")).slice(0, 300)}`);
  });
  page.on("console", (m) => {
    if (m.type() === "error" && !/Failed to load resource|WebSocket/.test(m.text()) && !devProxyRefusal(m.text()))
      consoleErrors.push(m.text());
  });
  // The editor bundle is 3.6 MB of JavaScript: on a busy 2-core machine a cold load takes a while.
  await page.goto(`${base}/live/${cs}`, { waitUntil: "commit" });
  await page.waitForSelector(".monaco-editor .view-lines", { timeout: 90_000 });
  // Monaco has drawn the code and taken over from the code the HTML showed (U10).
  await page.waitForSelector("#code-first", { state: "detached" });
  if (opts.waitLive !== false) await page.waitForSelector('#status[data-state="connected"]', { timeout: 60_000 });
  return page;
}

export const editorText = (page: Page): Promise<string> =>
  page.evaluate(() => (window as unknown as { liveEditor: { getValue(): string } }).liveEditor.getValue());

export const preview = (page: Page) => page.frameLocator("#preview");

/** Types at a position as a person would (column past the end: at the end of the line). */
export async function typeAt(page: Page, line: number, column: number, text: string): Promise<void> {
  await page.evaluate(
    ([l, c]) => {
      const w = window as unknown as { liveEditor: { setPosition(p: object): void; focus(): void } };
      w.liveEditor.setPosition({ lineNumber: l, column: c });
      w.liveEditor.focus();
    },
    [line, column],
  );
  await page.keyboard.type(text);
}

/**
 * Holds the page's `/yjs` socket back until `release()`: the page sees a socket that has not answered yet,
 * and on release everything it sent meanwhile reaches the server in order, as over a slow network.
 */
export async function holdYjs(context: BrowserContext): Promise<{ release(): void }> {
  let open!: () => void;
  const released = new Promise<void>((r) => {
    open = r;
  });
  await context.routeWebSocket(/\/yjs$/, (ws) => {
    const queue: (string | Buffer)[] = [];
    let server: ReturnType<typeof ws.connectToServer> | null = null;
    ws.onMessage((m) => (server ? server.send(m) : queue.push(m)));
    released.then(() => {
      server = ws.connectToServer();
      server.onMessage((m) => ws.send(m));
      server.onClose((code, reason) => ws.close({ code, reason }));
      ws.onClose((code, reason) => server?.close({ code, reason }));
      for (const m of queue.splice(0)) server.send(m);
    });
  });
  return { release: open };
}
