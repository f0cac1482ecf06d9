// The editor's first load (rule U10): the page carries the codeSpace's document, so the code shows before any
// script runs and everything typed before the socket connects merges to exactly what was typed.
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import * as Y from "yjs";
import { launchBrowser } from "../support/browser.ts";
import { editorText, holdYjs, openEditor, pageErrors, preview } from "../support/editor.ts";
import { uniqueName as name, putCode } from "../support/http.ts";

const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

const session = async (cs: string) =>
  (await (await fetch(`${base}/live/${cs}/session.json`)).json()) as { code: string; version: number };
const htmlText = (html: string) =>
  html.replace(/<[^>]+>/g, "").replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));

/** The code and the document the editor page's HTML carries, read as plain HTTP. */
async function pageState(cs: string): Promise<{ shown: string; doc: string; version: number }> {
  const html = await (await fetch(`${base}/live/${cs}`)).text();
  const shown = htmlText(/<pre class="cf-code">([\s\S]*?)<\/pre>/.exec(html)?.[1] ?? "");
  const raw = JSON.parse(/<script type="application\/json" id="live-doc">(.*?)<\/script>/.exec(html)?.[1] ?? "{}");
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Buffer.from(raw.update, "base64"));
  return { shown, doc: doc.getText("code").toString(), version: raw.version };
}

describe("U10: the editor's first load", () => {
  it("the page's HTML has the current code and its document; the next visit shows a write before any socket", async () => {
    const cs = name("page");
    const starter = await session(cs);
    expect(await pageState(cs)).toEqual({ shown: starter.code, doc: starter.code, version: 0 });
    const code = `// written <b>&amp;</b>\nexport default () => <p id="w">written</p>;\n`;
    await putCode(base, cs, code);
    expect(await pageState(cs)).toEqual({ shown: code, doc: code, version: 1 });

    // No socket ever connects: the editor still shows the code the page brought, and so does its preview.
    const noSockets = { waitLive: false, setup: (context: BrowserContext) => context.routeWebSocket(/./, () => {}) };
    const page = await openEditor(browser, base, cs, noSockets);
    expect(await editorText(page)).toBe(code);
    await expect.poll(() => preview(page).locator("#w").textContent()).toBe("written");
    await page.context().close();
    // The next visit (a browser of its own: a reload would queue behind this page's deferred loads in Chromium's
    // six connections to the host) shows a write made since, still without any socket.
    const next = `export default () => <p id="w">rewritten</p>;\n`;
    await putCode(base, cs, next);
    const again = await openEditor(browser, base, cs, noSockets);
    expect(await editorText(again)).toBe(next);
    expect(await again.locator("#status").getAttribute("data-state")).not.toBe("connected");
    await again.context().close();
  });

  it("the code shows with no script at all, where Monaco then draws it", async () => {
    const cs = name("noscript");
    const code = `export default function App() {\n  return <h1>Static</h1>;\n}\n`;
    await putCode(base, cs, code);
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
    await context.route(/\/assets\/editor-[^/]*\.js$/, (route) => route.abort());
    const page = await context.newPage();
    await page.goto(`${base}/live/${cs}`);
    const shown = page.locator("#code-first .cf-code");
    expect(await shown.textContent()).toBe(code);
    const at = await shown.evaluate((el) => {
      const r = document.createRange();
      r.setStart(el, 0);
      r.setEnd(el, 1);
      const box = r.getBoundingClientRect();
      return { x: Math.round(box.x), y: Math.round(box.y) };
    });
    await context.unrouteAll();
    const live = await openEditor(browser, base, cs);
    expect(await live.locator("#code-first").count()).toBe(0);
    // The first character of the first line, once Monaco has laid it out.
    const drawn = await (
      await live.waitForFunction(() => {
        const span = document.querySelector(".view-lines .view-line span span");
        const box = span?.getBoundingClientRect();
        return box && box.width > 0 ? { x: Math.round(box.x), y: Math.round(box.y) } : null;
      })
    ).jsonValue();
    expect(drawn).toEqual(at);
    await context.close();
    await live.context().close();
  });

  it("typing the moment the editor shows, before the socket connects, saves exactly what was typed", async () => {
    const cs = name("early");
    let hold!: { release(): void };
    const page = await openEditor(browser, base, cs, {
      waitLive: false,
      setup: async (context) => {
        hold = await holdYjs(context);
      },
    });
    const typed = "export default function App() { return <h1 id='hi'>Hi</h1>; }";
    await page.click(".monaco-editor .view-lines");
    await page.keyboard.press("Control+a");
    await page.keyboard.type(typed);
    expect(await editorText(page)).toBe(typed);
    expect(await page.locator("#status").getAttribute("data-state")).not.toBe("connected");
    hold.release();
    await page.waitForSelector('#status[data-state="connected"]');
    await expect.poll(async () => (await session(cs)).code).toBe(typed);
    expect(await editorText(page)).toBe(typed);
    const other = await openEditor(browser, base, cs);
    expect(await editorText(other)).toBe(typed);
    await expect.poll(() => preview(other).locator("#hi").textContent()).toBe("Hi");
    await expect.poll(() => preview(page).locator("#hi").textContent()).toBe("Hi");
    await page.context().close();
    await other.context().close();
  });

  it("typing on through the deferred loads (TypeScript mode, features, workers) never drops or doubles a key", async () => {
    const cs = name("through");
    await putCode(base, cs, "// start\n");
    // The editing features are held until some words are typed, then arrive and attach while typing goes on.
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const page = await openEditor(browser, base, cs, {
      waitLive: false,
      setup: (context) =>
        context.route(/\/assets\/features-[^/]*\.js$/, async (route) => {
          await held;
          await route.continue();
        }),
    });
    await page.evaluate(() => {
      const w = window as unknown as { liveFeatures: Promise<void>; featuresIn?: boolean };
      w.liveFeatures.then(() => {
        w.featuresIn = true;
      });
    });
    await page.click(".monaco-editor .view-lines");
    await page.keyboard.press("Control+End");
    const words = (from: number, n: number) => Array.from({ length: n }, (_, i) => `w${from + i} `).join("");
    await page.keyboard.type(words(0, 5));
    release();
    await page.keyboard.type(words(5, 10));
    await page.waitForFunction(() => (window as unknown as { featuresIn?: boolean }).featuresIn === true);
    await page.keyboard.type(words(15, 3));
    const expected = `// start\n${words(0, 18)}`;
    expect(await editorText(page)).toBe(expected);
    await page.waitForSelector('#status[data-state="connected"]');
    await expect.poll(async () => (await session(cs)).code).toBe(expected);
    await page.context().close();
  });

  it("two people open a new codeSpace at the same moment and type at once: both texts survive, once", async () => {
    const cs = name("both");
    const holds: { release(): void }[] = [];
    const opening = [0, 1].map(() =>
      openEditor(browser, base, cs, {
        waitLive: false,
        setup: async (context) => {
          holds.push(await holdYjs(context));
        },
      }),
    );
    const [a, b] = (await Promise.all(opening)) as [Awaited<(typeof opening)[0]>, Awaited<(typeof opening)[0]>];
    const starter = await editorText(a);
    expect(await editorText(b)).toBe(starter);
    await a.click(".monaco-editor .view-lines");
    await a.keyboard.press("Control+End");
    await b.click(".monaco-editor .view-lines");
    await b.keyboard.press("Control+Home");
    await Promise.all([a.keyboard.type("// typed by A"), b.keyboard.type("// typed by B\n")]);
    for (const h of holds) h.release();
    const merged = `// typed by B\n${starter}// typed by A`;
    await expect.poll(() => editorText(a)).toBe(merged);
    await expect.poll(() => editorText(b)).toBe(merged);
    await expect.poll(async () => (await session(cs)).code).toBe(merged);
    await a.context().close();
    await b.context().close();
  });
});
