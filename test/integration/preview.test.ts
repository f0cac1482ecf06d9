// The preview page in real Chromium, with every request outside the project's own origin refused:
// React, Emotion and Tailwind all come from our origin (T5, U1), and user code gets an opaque origin (U2).
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../support/browser.ts";
import { uniqueName as name, putCode } from "../support/http.ts";

const base = inject("baseUrl");
const put = (cs: string, code: string) => putCode(base, cs, code);

const COMPONENT = `import { useState } from "react";
import styled from "@emotion/styled";
const Title = styled.h1\`color: rgb(255, 0, 128);\`;
export default function App() {
  const [n, setN] = useState(41);
  return (
    <main className="bg-emerald-500 p-8">
      <Title id="title">Offline {n}</Title>
      <button id="inc" css={{ borderWidth: 3 }} onClick={() => setN(n + 1)}>+1</button>
    </main>
  );
}`;

let browser: Browser;
const outside: string[] = [];

async function openOffline(path: string, before?: (page: Page) => Promise<unknown>): Promise<Page> {
  const page = await browser.newPage();
  // The network is unplugged: anything not served by the project fails.
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith(base.replace("http", "ws"))) return route.continue();
    outside.push(url);
    return route.abort();
  });
  await before?.(page);
  await page.goto(`${base}${path}`);
  return page;
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the preview page in Chromium, offline", () => {
  it("renders a component using React, Emotion (styled and css prop) and Tailwind", async () => {
    const cs = name("preview");
    expect((await put(cs, COMPONENT)).status).toBe(200);
    const page = await openOffline(`/live/${cs}/`);
    await page.waitForSelector("#title");
    expect(await page.textContent("#title")).toBe("Offline 41");
    await page.click("#inc");
    await page.waitForFunction(() => document.querySelector("#title")?.textContent === "Offline 42");
    const styles = await page.evaluate(() => ({
      title: getComputedStyle(document.querySelector("#title") as Element).color,
      border: getComputedStyle(document.querySelector("#inc") as Element).borderTopWidth,
      main: getComputedStyle(document.querySelector("main") as Element).backgroundColor,
    }));
    expect(styles.title).toBe("rgb(255, 0, 128)");
    expect(styles.border).toBe("3px");
    expect(styles.main).not.toBe("rgba(0, 0, 0, 0)"); // Tailwind compiled bg-emerald-500
    expect(outside).toEqual([]);
    await page.close();
  });

  it("U3: reports the rendered html and css for the next first paint", async () => {
    const cs = name("report");
    await put(cs, `export default () => <p className="text-xl" id="hello">Hello report</p>;`);
    const page = await openOffline(`/live/${cs}/`);
    await page.waitForSelector("#hello");
    await expect
      .poll(async () => (await (await fetch(`${base}/live/${cs}/session.json`)).json()).html, { timeout: 5000 })
      .toContain("Hello report");
    const s = await (await fetch(`${base}/live/${cs}/session.json`)).json();
    expect(s.version).toBe(1);
    await page.close();
  });

  it("U3: a report that arrives after newer code was stored is refused, and the newer render stays", async () => {
    const cs = name("late-report");
    const session = async () => (await (await fetch(`${base}/live/${cs}/session.json`)).json()) as { html: string };
    await put(cs, `export default () => <p id="v">first</p>;`);
    // The preview's report of the first code is held back on its way, as a slow network would.
    let release: (() => Promise<void>) | undefined;
    let heldOne = () => {};
    const held = new Promise<void>((resolve) => {
      heldOne = resolve;
    });
    let holdNext = true;
    const page = await openOffline(`/live/${cs}/`, (p) =>
      p.route("**/api/session", (route) => {
        if (!holdNext) return route.continue();
        holdNext = false;
        release = () => route.continue();
        heldOne();
      }),
    );
    await held;
    await put(cs, `export default () => <p id="v">second</p>;`);
    await page.waitForFunction(() => document.querySelector("#v")?.textContent === "second");
    await expect.poll(async () => (await session()).html, { timeout: 5000 }).toContain("second");
    const answer = page.waitForResponse((r) => r.url().endsWith("/api/session"));
    await release?.();
    expect((await answer).status()).toBe(409);
    expect((await session()).html).toContain("second");
    await page.close();
  });

  it("T3: a codeSpace imports another one by /live/{cs}, and follows its changes and its own", async () => {
    const lib = name("lib");
    const app = name("app");
    await put(lib, `export default () => <b id="lib">from the library</b>;`);
    await put(app, `import Lib from "/live/${lib}";\nexport default () => <p id="app">v1 <Lib /></p>;`);
    const page = await openOffline(`/live/${app}/`);
    await page.waitForSelector("#app #lib");
    expect(await page.textContent("#app")).toBe("v1 from the library");
    await put(app, `import Lib from "/live/${lib}";\nexport default () => <p id="app">v2 <Lib /></p>;`);
    await page.waitForFunction(() => document.querySelector("#app")?.textContent === "v2 from the library");
    // The library changes: the app's preview imports it again and shows the new version.
    await put(lib, `export default () => <b id="lib">from the new library</b>;`);
    await page.waitForFunction(() => document.querySelector("#app")?.textContent === "v2 from the new library");
    expect(outside).toEqual([]);
    await page.close();
  });

  it("U1: an edit keeps the app's state while its hooks stay the same code, and starts afresh when they change", async () => {
    const cs = name("state");
    const app = (label: string, initial: number) =>
      `import { useState } from "react";
function Label({ text }: { text: string }) { return <b id="label">{text}</b>; }
export default function App() {
  const [n, setN] = useState(${initial});
  return <button id="count" onClick={() => setN(n + 1)}><Label text="${label}" /> {n}</button>;
}`;
    await put(cs, app("Clicked", 0));
    const page = await openOffline(`/live/${cs}/`);
    await page.waitForSelector("#count");
    for (let i = 0; i < 3; i++) await page.click("#count");
    await page.waitForFunction(() => document.querySelector("#count")?.textContent === "Clicked 3");
    // Only the JSX changed: the new code shows, the count stays.
    await put(cs, app("Pressed", 0));
    await page.waitForFunction(() => document.querySelector("#label")?.textContent === "Pressed");
    expect(await page.textContent("#count")).toBe("Pressed 3");
    // The hook changed: the app starts again from its new initial state.
    await put(cs, app("Pressed", 10));
    await page.waitForFunction(() => document.querySelector("#count")?.textContent === "Pressed 10");
    await page.close();
  });

  it("U1: a kept state the new code cannot use (a custom hook grew) remounts quietly instead of failing", async () => {
    const cs = name("grown");
    const app = (hooks: string, sum: string) =>
      `import { useState } from "react";
function useThing() { ${hooks} return ${sum}; }
export default function App() { const t = useThing(); return <p id="t">{t}</p>; }`;
    await put(cs, app("const [a] = useState(1);", "a"));
    const page = await openOffline(`/live/${cs}/`);
    const reports: { html?: string; runtimeErrors?: unknown[] }[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.url().endsWith("/api/session")) reports.push(JSON.parse(r.postData() ?? "{}"));
    });
    await page.waitForSelector("#t");
    expect(await page.textContent("#t")).toBe("1");
    // App's own hook calls are the same text, so the state is kept and React finds one hook more than before.
    await put(cs, app("const [a] = useState(1); const [b] = useState(2);", "a + b"));
    await page.waitForFunction(() => document.querySelector("#t")?.textContent === "3");
    await expect.poll(() => reports.some((r) => r.html?.includes(">3<"))).toBe(true);
    expect(reports.flatMap((r) => r.runtimeErrors ?? [])).toEqual([]);
    await page.close();
  });

  it("U2: user code runs in an opaque origin and cannot read this origin's storage", async () => {
    const cs = name("sandbox");
    await put(
      cs,
      `let result = "";
try { result = "read:" + String(window.localStorage.getItem("token")); } catch (e) { result = "blocked:" + (e as Error).name; }
export default () => <p id="probe">{result} {String(window.origin)}</p>;`,
    );
    const editor = await openOffline("/health");
    await editor.evaluate(() => localStorage.setItem("token", "secret"));
    const page = await openOffline(`/live/${cs}/`);
    await page.waitForSelector("#probe");
    const text = (await page.textContent("#probe")) as string;
    expect(text).toMatch(/^blocked:SecurityError null$/);
    expect(text).not.toContain("secret");
    await page.close();
    await editor.close();
  });
});
