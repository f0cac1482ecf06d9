// Publishing against the real dev server (SPEC.md P): the real bundle (esbuild-wasm in the transpiler Worker),
// R2 and D1 as wrangler dev simulates them, and Chromium: publish from the editor, open /p/{cs} with the network
// cut, the app renders and works; the owner's chart renders.
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { asUser, signup } from "../support/accounts.ts";
import { launchBrowser } from "../support/browser.ts";
import { openEditor, pageErrors } from "../support/editor.ts";
import { uniqueName as name, putCode } from "../support/http.ts";

const base = inject("baseUrl");
const ARTIFACTS = "test-artifacts";
let browser: Browser;

const COUNTER = `import { useState } from "react";
import styled from "@emotion/styled";
const Title = styled.h1\`color: rgb(0, 128, 0);\`;
export default function App() {
  const [n, setN] = useState(0);
  return (
    <main className="p-4">
      <Title id="title">Published counter</Title>
      <button id="inc" className="rounded bg-blue-500 px-3 py-1 text-white" onClick={() => setN(n + 1)}>
        clicked {n}
      </button>
    </main>
  );
}
`;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

describe("publishing with the real bundle (SPEC.md P1, P9)", () => {
  it("P1: the published file inlines React, Emotion and Tailwind and refers to nothing on this server", async () => {
    const cs = name("pubreal");
    expect((await putCode(base, cs, COUNTER)).status).toBe(200);
    const started = performance.now();
    const res = await fetch(`${base}/live/${cs}/api/publish`, { method: "POST" });
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    const p = (await res.json()) as { url: string; archive: string; version: number; bytes: number };
    console.log(`publish: ${Math.round(ms)} ms, archive ${p.bytes} bytes`);
    expect(p).toMatchObject({ url: `${base}/p/${cs}`, version: 1 });
    const html = await (await fetch(`${base}/a/${p.archive}`)).text();
    expect(new TextEncoder().encode(html).byteLength).toBe(p.bytes);
    expect(html).not.toMatch(/\/vendor\//);
    expect(html).toContain("Published counter");
    expect(html).toContain("tailwindcss");
    // Publishing the same version again stores nothing new: the same archive.
    const warm = performance.now();
    const again = (await (await fetch(`${base}/live/${cs}/api/publish`, { method: "POST" })).json()) as typeof p;
    console.log(`publish again (bundle warm): ${Math.round(performance.now() - warm)} ms`);
    expect(again.archive).toBe(p.archive);
  });

  it("P1: code that does not build is 422 transpile_failed and publishes nothing", async () => {
    const cs = name("pubbad");
    await putCode(base, cs, "export default () => <div>;\n");
    const res = await fetch(`${base}/live/${cs}/api/publish`, { method: "POST" });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("transpile_failed");
    expect((await fetch(`${base}/p/${cs}`)).status).toBe(404);
  });
});

describe("publishing in Chromium (SPEC.md P5, P12, P14)", () => {
  it("P14: publish from the editor; /p/{cs} renders and works with the network cut; the chart renders", async () => {
    const cs = name("pubui");
    expect((await putCode(base, cs, COUNTER)).status).toBe(200);
    const page = await openEditor(browser, base, cs);
    await page.screenshot({ path: `${ARTIFACTS}/publish-editor.png` });
    await page.click("#btn-publish");
    await page.waitForSelector("#publish[open]");
    expect(await page.textContent("#publish-state")).toContain("Not published");
    await page.fill("#meta-title", "My counter");
    await page.fill("#meta-description", "Counts clicks, offline");
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/live/${cs}/api/meta`) && r.request().method() === "PUT"),
      page.click("#meta-save"),
    ]);
    expect(saved.status()).toBe(200);
    await page.click("#publish-go");
    await page.waitForSelector("#publish-link");
    expect(await page.getAttribute("#publish-link", "href")).toBe(`/p/${cs}`);
    expect(await page.textContent("#publish-state")).toContain("Version 1 is published");
    // The owner's chart (an open codeSpace: anyone's): 30 days, today with this editor's view.
    await page.waitForSelector("#stats:not([hidden]) svg.stats-chart");
    expect(await page.locator("#stats svg g[data-day]").count()).toBe(30);
    await page.locator("#publish").screenshot({ path: `${ARTIFACTS}/publish-dialog.png` });

    // The published page, in a fresh context where every request but the page itself is refused.
    const context = await browser.newContext();
    const refused: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url === `${base}/p/${cs}`) return route.continue();
      refused.push(url);
      return route.abort();
    });
    const app = await context.newPage();
    app.on("pageerror", (err) => pageErrors.push(err.message));
    await app.goto(`${base}/p/${cs}`);
    await app.waitForSelector("#title");
    expect(await app.title()).toBe("My counter");
    expect(await app.getAttribute('meta[property="og:description"]', "content")).toBe("Counts clicks, offline");
    expect(await app.evaluate(() => getComputedStyle(document.querySelector("#title") as Element).color)).toBe(
      "rgb(0, 128, 0)",
    );
    // Tailwind compiled the classes in the page, offline.
    await expect
      .poll(() => app.evaluate(() => getComputedStyle(document.querySelector("#inc") as Element).paddingLeft))
      .toBe("12px");
    await app.click("#inc");
    await app.click("#inc");
    expect(await app.textContent("#inc")).toBe("clicked 2");
    // P5: an opaque origin, as the preview: the app cannot read this origin's cookies or storage.
    expect(await app.evaluate(() => origin)).toBe("null");
    await app.screenshot({ path: `${ARTIFACTS}/published-page.png` });
    expect(refused).toEqual([]);
    await context.close();

    // The page view reaches the chart (counted after the answer, written in the object's batch).
    await expect
      .poll(async () => {
        const r = await fetch(`${base}/live/${cs}/api/analytics`);
        const { days } = (await r.json()) as { days: { pageViews: number; editorViews: number }[] };
        return days.at(-1);
      })
      .toMatchObject({ pageViews: 1, editorViews: 1 });
    await page.click("#publish header button");
    await page.click("#btn-publish");
    await expect
      .poll(() => page.locator("#stats g[data-day]").last().locator("title").textContent())
      .toMatch(/^\d{4}-\d\d-\d\d: 1 page, 1 editor, 1 preview views/);
    await page.locator("#publish").screenshot({ path: `${ARTIFACTS}/publish-chart.png` });

    // Unpublish: the page goes, the link with it.
    await page.click("#publish-remove");
    await page.waitForSelector("#publish-link", { state: "detached" });
    expect((await fetch(`${base}/p/${cs}`)).status).toBe(404);
    await page.context().close();
  });
});

describe("metadata on the landing page (SPEC.md P10)", () => {
  it("P10: My codeSpaces shows the title, the description and a link to the published page", async () => {
    const { cookie } = await signup(base);
    const cs = name("pubmine");
    expect((await asUser(base, cookie, "PUT", `/live/${cs}/api/code`, { code: COUNTER })).status).toBe(200);
    expect((await asUser(base, cookie, "POST", `/live/${cs}/api/claim`)).status).toBe(200);
    const meta = { title: "Mine, titled", description: "A described app" };
    expect((await asUser(base, cookie, "PUT", `/live/${cs}/api/meta`, meta)).status).toBe(200);
    expect((await asUser(base, cookie, "POST", `/live/${cs}/api/publish`)).status).toBe(200);
    const context = await browser.newContext();
    const [key, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name: key, value, url: base }]);
    const page = await context.newPage();
    await page.goto(`${base}/`);
    const item = page.locator("#mine-list li", { hasText: cs });
    await item.waitFor();
    expect(await item.textContent()).toContain(`Mine, titled · ${cs}`);
    expect(await item.getAttribute("title")).toBe("A described app");
    expect(await item.locator("a.pub").getAttribute("href")).toBe(`/p/${cs}`);
    expect(await item.locator("a.pub").textContent()).toBe("published v1");
    await context.close();
  });
});
