// A server with IMPORT_CDN set, pointing at a CDN on this machine (rules T3, U5, U7): the server's and the
// editor's own transpile both send bare imports there, and the editor fetches the package's types from it
// (X-TypeScript-Types, then the declaration files those import, relatively or by URL).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../support/browser.ts";
import { type DevServer, startDevServer } from "../support/dev-server.ts";
import { uniqueName as name, putCode } from "../support/http.ts";

let cdn: Server;
let cdnUrl: string;
let server: DevServer;
let browser: Browser;
const asked: string[] = [];

const FILES: Record<string, [type: string, body: string, headers?: Record<string, string>]> = {
  "/shout.js": [
    "text/javascript",
    `export function shout(s, o) { return s.toUpperCase() + (o && o.loud ? "!!!" : "!"); }`,
    { "X-TypeScript-Types": "/types/shout/index.d.ts" },
  ],
  "/types/shout/index.d.ts": [
    "text/plain",
    `export { shout } from "./shout";\nexport type { Options } from "./options.d.ts";`,
  ],
  "/types/shout/shout.d.ts": [
    "text/plain",
    `import type { Options } from "@CDN@/types/common/options.d.ts";\nexport declare function shout(s: string, o?: Options): string;`,
  ],
  "/types/shout/options.d.ts": ["text/plain", `export type { Options } from "../common/options";`],
  "/types/common/options.d.ts": ["text/plain", "export interface Options { loud: boolean }"],
};

beforeAll(async () => {
  cdn = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://cdn").pathname;
    asked.push(path);
    const file = FILES[path];
    const cors = {
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Expose-Headers": "X-TypeScript-Types",
    };
    if (!file) return res.writeHead(404, cors).end("not here");
    const [type, body, headers] = file;
    res.writeHead(200, { ...cors, ...headers, "Content-Type": type }).end(body.replaceAll("@CDN@", cdnUrl));
  });
  await new Promise<void>((resolve) => cdn.listen(0, "127.0.0.1", resolve));
  cdnUrl = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;
  [server, browser] = await Promise.all([
    startDevServer({ vars: { IMPORT_CDN: `${cdnUrl}/{pkg}.js` } }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await new Promise((resolve) => cdn?.close(resolve));
});

const markers = (page: Page) =>
  page.evaluate(() => {
    const m = (window as unknown as { liveMonaco: { editor: { getModelMarkers(f: object): { message: string }[] } } })
      .liveMonaco;
    return m.editor.getModelMarkers({ owner: "typescript" }).map((x) => x.message);
  });

describe("a configured IMPORT_CDN", () => {
  it("the server, the editor's own transpile and the editor's types all use it", async () => {
    const cs = name("cdn");
    const code = (word: string) =>
      [
        `import { shout } from "shout";`,
        `export default () => <p id="s">{shout("${word}")}</p>;`,
        `export const wrong: number = shout("x", { loud: "yes" });`,
        "",
      ].join("\n");
    await putCode(server.url, cs, code("hi"));
    const js = await (await fetch(`${server.url}/live/${cs}/index.js`)).text();
    expect(js).toContain(`from "${cdnUrl}/shout.js"`);

    const context = await browser.newContext();
    // Only this server and the CDN it names answer; the JSON channel is cut, so after the first render only
    // the editor's own transpile can repaint the preview (U7).
    await context.route("**/*", (route) => {
      const url = route.request().url();
      return url.startsWith(server.url) || url.startsWith(cdnUrl) ? route.continue() : route.abort();
    });
    await context.routeWebSocket(/\/websocket$/, () => {});
    const page = await context.newPage();
    await page.goto(`${server.url}/live/${cs}`, { waitUntil: "commit" });
    const preview = page.frameLocator("#preview");
    await expect.poll(() => preview.locator("#s").textContent(), { timeout: 90_000 }).toBe("HI!");
    await page.waitForSelector('#status[data-state="connected"]', { timeout: 30_000 });
    await expect
      .poll(() =>
        page.evaluate(() => (window as unknown as { liveEditor: { getValue(): string } }).liveEditor.getValue()),
      )
      .toContain("shout");
    await page.evaluate(() => {
      const ed = (window as unknown as { liveEditor: { getValue(): string; setValue(v: string): void } }).liveEditor;
      ed.setValue(ed.getValue().replace(`shout("hi")`, `shout("yo")`));
    });
    await expect.poll(() => preview.locator("#s").textContent(), { timeout: 60_000 }).toBe("YO!");

    // The types came from the CDN: the two mistakes are known, and nothing says "shout" is untyped.
    await expect.poll(() => markers(page), { timeout: 90_000, interval: 2000 }).toHaveLength(2);
    const all = (await markers(page)).join("\n");
    expect(all).toMatch(/Type 'string' is not assignable to type 'number'/);
    expect(all).toMatch(/Type 'string' is not assignable to type 'boolean'/);
    expect(asked).toEqual(expect.arrayContaining(Object.keys(FILES)));
    await context.close();
  });
});
