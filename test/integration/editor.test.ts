// The editor in real Chromium against the real dev server (rules U4-U6): two people edit the same codeSpace,
// see each other's text, cursors and previews; errors, console and history reach their panels.
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../support/browser.ts";
import {
  consoleErrors,
  editorText,
  type OpenOptions,
  openEditor,
  pageErrors,
  preview,
  typeAt,
} from "../support/editor.ts";
import { uniqueName as name } from "../support/http.ts";

const base = inject("baseUrl");
const ARTIFACTS = "test-artifacts";
let browser: Browser;
const open = (cs: string, theme: "dark" | "light" = "dark", setup?: OpenOptions["setup"]) =>
  openEditor(browser, base, cs, { theme, setup });

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
// An uncaught exception in the editor page (an unknown Monaco service, say) fails the test it happened in.
afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

describe("the editor in Chromium", () => {
  it("renders, and two people see each other's text, cursor and preview", async () => {
    const cs = name("editor");
    await fetch(`${base}/live/${cs}/api/code`, {
      method: "PUT",
      body: JSON.stringify({ code: `export default () => <h1 id="t" className="text-4xl p-8">Hello</h1>;\n` }),
    });
    const a = await open(cs);
    const b = await open(cs, "light");
    await expect.poll(() => editorText(a)).toContain("Hello");
    await expect.poll(async () => preview(b).locator("#t").textContent()).toBe("Hello");

    await a.click(".monaco-editor .view-lines");
    await a.evaluate(() => {
      const ed = (
        window as unknown as { liveEditor: { getValue(): string; setPosition(p: object): void; focus(): void } }
      ).liveEditor;
      ed.setPosition({ lineNumber: 1, column: ed.getValue().indexOf("</h1>") + 1 });
      ed.focus();
    });
    await a.keyboard.type(", world");
    await expect.poll(() => editorText(b)).toContain("Hello, world");
    await expect.poll(async () => preview(b).locator("#t").textContent(), { timeout: 10_000 }).toBe("Hello, world");
    await expect.poll(async () => preview(a).locator("#t").textContent()).toBe("Hello, world");
    // U3: a preview inside the editor (a sandboxed iframe, so a cross-origin PUT) reports what it rendered.
    await expect
      .poll(async () => (await (await fetch(`${base}/live/${cs}/session.json`)).json()).html)
      .toContain("Hello, world");
    // A's cursor and name are drawn in B's editor; both avatars are in the header.
    await expect.poll(async () => b.locator("[class*='yRemoteSelectionHead-']").count()).toBeGreaterThan(0);
    await expect.poll(async () => b.locator("#people .avatar").count()).toBe(2);
    // Every Monaco feature the editor ships found its services (a trimmed build can lose one).
    expect(consoleErrors.filter((e) => !e.includes("hi from preview"))).toEqual([]);
    await a.screenshot({ path: `${ARTIFACTS}/editor-dark.png` });
    await b.screenshot({ path: `${ARTIFACTS}/editor-light.png` });
    await a.context().close();
    await b.context().close();
  });

  it("U9: Ctrl+Z undoes this person's own typing only, never someone else's", async () => {
    const cs = name("undo");
    await fetch(`${base}/live/${cs}/api/code`, {
      method: "PUT",
      body: JSON.stringify({ code: "// one\n// two\n" }),
    });
    const a = await open(cs);
    const b = await open(cs);
    await expect.poll(() => editorText(a)).toContain("// two");
    await expect.poll(() => editorText(b)).toContain("// two");
    await typeAt(a, 2, 100, " alpha");
    await expect.poll(() => editorText(b)).toContain("// two alpha");
    // B types above A's text afterwards: A's undo must take out " alpha" where it is now, and keep " beta".
    await typeAt(b, 1, 100, " beta");
    await expect.poll(() => editorText(a)).toContain("// one beta");
    await a.keyboard.press("Control+z");
    await expect.poll(() => editorText(b)).toBe("// one beta\n// two\n");
    expect(await editorText(a)).toBe("// one beta\n// two\n");
    await a.keyboard.press("Control+Shift+z");
    await expect.poll(() => editorText(b)).toBe("// one beta\n// two alpha\n");
    await a.context().close();
    await b.context().close();
  });

  it("U5: offline, the indicator says so and the edits made meanwhile merge when the network is back", async () => {
    const cs = name("offline");
    await fetch(`${base}/live/${cs}/api/code`, { method: "PUT", body: JSON.stringify({ code: "// start\n" }) });
    const a = await open(cs);
    const b = await open(cs);
    await expect.poll(() => editorText(a)).toBe("// start\n");
    await expect.poll(() => editorText(b)).toBe("// start\n");
    // Once what loads after the first paint has loaded (the TypeScript mode starts its worker last).
    await a.waitForFunction(() => performance.getEntriesByType("resource").some((e) => e.name.includes("ts.worker")));
    await a.evaluate(() => (window as unknown as { liveFeatures: Promise<void> }).liveFeatures);
    await a.context().setOffline(true);
    await a.waitForSelector('#status[data-state="offline"]');
    await typeAt(a, 1, 9, " from A offline");
    await typeAt(b, 2, 1, "from B online");
    await expect.poll(() => editorText(b)).toBe("// start\nfrom B online");
    expect(await editorText(a)).toBe("// start from A offline\n");
    await a.context().setOffline(false);
    await a.waitForSelector('#status[data-state="connected"]', { timeout: 30_000 });
    const merged = "// start from A offline\nfrom B online";
    await expect.poll(() => editorText(a), { timeout: 30_000 }).toBe(merged);
    await expect.poll(() => editorText(b), { timeout: 30_000 }).toBe(merged);
    await a.context().close();
    await b.context().close();
  });

  it("a syntax error shows in the overlay and problems while the preview keeps the last good render", async () => {
    const cs = name("broken");
    await fetch(`${base}/live/${cs}/api/code`, {
      method: "PUT",
      body: JSON.stringify({
        code: `export default () => { console.log("hi from preview"); return <p id="ok">good</p>; };\n`,
      }),
    });
    // The preview paints late, as on a busy machine: its script is held until the TypeScript mode, which shares
    // a chunk with the editor features and would otherwise wait for the first paint, has loaded and asked for its
    // worker (that chunk's services must still reach the editor: the diff editor below needs one of them).
    const page = await open(cs, "dark", (context) => {
      const tsMode = new Promise<void>((resolve) =>
        context.on("request", (r) => {
          if (r.url().includes("/ts.worker-")) resolve();
        }),
      );
      return context.route(/\/assets\/preview-[^/]*\.js$/, async (route) => {
        await tsMode;
        await route.continue();
      });
    });
    await expect.poll(async () => preview(page).locator("#ok").textContent()).toBe("good");
    await page.click("[data-dock='console']");
    await expect.poll(async () => page.locator("#console").textContent()).toContain("hi from preview");
    await fetch(`${base}/live/${cs}/api/code`, {
      method: "PUT",
      body: JSON.stringify({ code: `export default () => <p id="ok">broken</p;\n` }),
    });
    await page.waitForSelector("#overlay:not([hidden])");
    expect(await page.locator("#overlay .msg").textContent()).toMatch(/^1:\d+ /);
    expect(await preview(page).locator("#ok").textContent()).toBe("good");
    await page.click("[data-dock='problems']");
    expect(await page.locator("#problem-count").textContent()).toBe("1");
    await page.screenshot({ path: `${ARTIFACTS}/editor-error.png` });

    // Restore version 1 from the history panel.
    await page.click("#btn-history");
    await page.waitForSelector("#history-list button[data-n='1']");
    await page.click("#history-list button[data-n='1']");
    // Side by side, with the change marked: version 1 logs "good", the current code is broken.
    await page.waitForSelector("#history-diff .monaco-diff-editor.side-by-side");
    await page.waitForSelector(
      "#history-diff .editor.original .line-delete, #history-diff .editor.original .char-delete",
    );
    await page.screenshot({ path: `${ARTIFACTS}/editor-history.png` });
    await page.click("#history-restore");
    await expect.poll(() => editorText(page)).toContain("good");
    await page.waitForSelector("#overlay[hidden]", { state: "attached" });

    // A runtime error reaches Problems (with its stack) and the overlay.
    await fetch(`${base}/live/${cs}/api/code`, {
      method: "PUT",
      body: JSON.stringify({ code: `export default () => { throw new Error("kaboom"); };\n` }),
    });
    await page.waitForSelector("#overlay:not([hidden])");
    expect(await page.locator("#overlay strong").textContent()).toBe("Runtime error");
    // The overlay says the preview shows the last render that worked, and it does.
    await expect.poll(() => preview(page).locator("#ok").textContent()).toBe("good");
    await expect.poll(() => page.locator("#problems .runtime .what").first().textContent()).toBe("Error: kaboom");
    expect(await page.locator("#problems .runtime .stack").first().textContent()).toMatch(/\bat\b/);
    await page.context().close();
  });

  it("the downloaded single HTML file renders from file:// with the network cut", async () => {
    const cs = name("download");
    await fetch(`${base}/live/${cs}/api/code`, {
      method: "PUT",
      body: JSON.stringify({
        code: `import styled from "@emotion/styled";\nconst T = styled.h1\`color: rgb(0, 128, 0);\`;\nexport default () => <T id="dl" className="p-4">Offline file</T>;\n`,
      }),
    });
    const page = await open(cs);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#btn-download")]);
    const file = `${process.cwd()}/${ARTIFACTS}/${cs}.html`;
    await download.saveAs(file);
    await page.context().close();

    const context = await browser.newContext();
    const requests: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file://") || url.startsWith("blob:")) return route.continue();
      requests.push(url);
      return route.abort();
    });
    const offline = await context.newPage();
    await offline.goto(`file://${file}`);
    await offline.waitForSelector("#dl");
    expect(await offline.textContent("#dl")).toBe("Offline file");
    expect(await offline.evaluate(() => getComputedStyle(document.querySelector("#dl") as Element).color)).toBe(
      "rgb(0, 128, 0)",
    );
    expect(requests).toEqual([]);
    await context.close();
  });

  it("U7: the author's own preview renders from the editor's own transpile", async () => {
    const cs = name("local");
    await fetch(`${base}/live/${cs}/api/code`, {
      method: "PUT",
      body: JSON.stringify({ code: `export default () => <p id="own">server</p>;\n` }),
    });
    // The JSON channel never reaches the server: the preview gets no session update, so only the editor's own
    // transpile can repaint it.
    const page = await open(cs, "dark", (context) => context.routeWebSocket(/\/websocket$/, () => {}));
    await expect.poll(async () => preview(page).locator("#own").textContent()).toBe("server");
    // "Connected" comes before the first sync: edit the text only once the editor has it.
    await expect.poll(() => editorText(page)).toContain("server");
    await page.evaluate(() => {
      const ed = (window as unknown as { liveEditor: { getValue(): string; setValue(v: string): void } }).liveEditor;
      ed.setValue(ed.getValue().replace("server", "local"));
    });
    await expect.poll(async () => preview(page).locator("#own").textContent(), { timeout: 60_000 }).toBe("local");
    await page.context().close();
  });

  it("on a phone, Code and Preview are tabs and every header button fits", async () => {
    const cs = name("phone");
    await fetch(`${base}/live/${cs}/api/code`, {
      method: "PUT",
      body: JSON.stringify({ code: `export default () => <h1 id="p" className="p-4">Pocket</h1>;\n` }),
    });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${base}/live/${cs}`, { waitUntil: "commit" });
    await page.waitForSelector(".monaco-editor .view-lines", { timeout: 90_000 });
    expect(await page.isVisible("#preview")).toBe(false);
    const overflow = await page.evaluate(() => {
      const bar = document.querySelector(".bar") as HTMLElement;
      return bar.scrollWidth - bar.clientWidth;
    });
    expect(overflow).toBe(0);
    await page.tap("[data-tab='preview']");
    await expect.poll(async () => preview(page).locator("#p").textContent()).toBe("Pocket");
    expect(await page.isVisible(".monaco-editor")).toBe(false);
    await page.screenshot({ path: `${ARTIFACTS}/editor-phone.png` });
    await context.close();
  });

  it("U5: TypeScript diagnostics know React 19's and Emotion's types, offline", async () => {
    const cs = name("types");
    await fetch(`${base}/live/${cs}/api/code`, {
      method: "PUT",
      body: JSON.stringify({
        code: [
          `import { useState } from "react";`,
          `import styled from "@emotion/styled";`,
          "const Title = styled.h1<{ big: boolean }>`color: hotpink;`;",
          "export default function App() {",
          "  const [n, setN] = useState(0);",
          `  const reset = () => setN("one");`,
          `  return <Title big="yes" onClick={reset}><p id={n} css={{ padding: 8 }}>{n}</p></Title>;`,
          "}",
          "",
        ].join("\n"),
      }),
    });
    // Everything the page and its workers say from the start, printed while the markers are not there yet.
    const log: string[] = [];
    const page = await open(cs, "dark", (context) => {
      context.on("console", (m) => log.push(`${m.type()}: ${m.text()}`));
      context.on("weberror", (e) => log.push(`error: ${e.error().message}`));
      context.on("requestfailed", (r) => log.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
      context.on("page", (p) => p.on("worker", (w) => log.push(`worker: ${w.url()}`)));
      return context.route("**/*", (route) =>
        route.request().url().startsWith(base) ? route.continue() : route.abort("internetdisconnected"),
      );
    });
    const messages = () =>
      page.evaluate(() => {
        const m = (
          window as unknown as { liveMonaco: { editor: { getModelMarkers(f: object): { message: string }[] } } }
        ).liveMonaco;
        return m.editor.getModelMarkers({ owner: "typescript" }).map((x) => x.message);
      });
    // Exactly the three mistakes (React's types, Emotion's styled props); the css prop on a <p> is known.
    await expect
      .poll(
        async () => {
          const found = await messages();
          if (found.length !== 3) console.log(`[U5] ${found.length} markers so far; page log:\n${log.join("\n")}`);
          return found;
        },
        { timeout: 90_000, interval: 5000 },
      )
      .toHaveLength(3);
    const all = (await messages()).join("\n");
    expect(all).toContain("SetStateAction<number>");
    expect(all).toMatch(/Type 'number' is not assignable to type 'string'/);
    expect(all).toMatch(/Type 'string' is not assignable to type 'boolean'/);

    // U8: the editing features, loaded after the first paint, work in the editor that was already there.
    await page.evaluate(() => (window as unknown as { liveFeatures: Promise<void> }).liveFeatures);
    const ed = "window.liveEditor";
    await page.evaluate(`${ed}.setPosition({ lineNumber: 5, column: 10 }); ${ed}.focus()`);
    await page.evaluate(`${ed}.trigger("test", "editor.action.showHover", {})`);
    await expect.poll(() => page.locator(".monaco-hover").innerText(), { timeout: 30_000 }).toContain("number");
    await page.keyboard.press("Escape");
    await page.evaluate(
      `${ed}.setPosition({ lineNumber: 8, column: 1 }); ${ed}.trigger("keyboard", "type", { text: "useSt" })`,
    );
    await page.keyboard.press("Control+Space");
    await expect.poll(() => page.locator(".suggest-widget").innerText(), { timeout: 30_000 }).toContain("useState");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+f");
    await page.waitForSelector(".find-widget.visible");
    await page.keyboard.press("Escape");
    await page.keyboard.press("F1");
    await page.waitForSelector(".quick-input-widget:visible");
    await page.keyboard.type("fold all");
    await expect.poll(() => page.locator(".quick-input-list").innerText()).toContain("Fold All");
    await page.keyboard.press("Escape");
    expect(log.filter((l) => /UNKNOWN service|Missing service|Cannot instantiate/.test(l))).toEqual([]);
    await page.context().close();
  });
});
