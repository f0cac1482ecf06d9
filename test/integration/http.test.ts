// The foundation's HTTP contract against the real dev server (wrangler dev, workerd, SQLite Durable Objects).
import { codeDigest } from "@live/shared";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type DevServer, startDevServer } from "../support/dev-server.ts";
import { uniqueName as name } from "../support/http.ts";

const base = inject("baseUrl");
const put = (url: string, body: unknown) =>
  fetch(url, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

describe("HTTP contract over the real dev server", () => {
  it("GET /health and the starter session of a fresh codeSpace (S2)", async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const s = await (await fetch(`${base}/live/${name("fresh")}/session.json`)).json();
    expect(s).toMatchObject({ version: 0, html: "", css: "" });
    expect(s.code).toContain("export default function App");
  });

  it("S4/S6/V2: code writes version, render reports do not, every field route serves the session", async () => {
    const cs = name("fields");
    const w = await (await put(`${base}/live/${cs}/api/code`, { code: "export default () => <h1>Hi</h1>;" })).json();
    expect(w).toMatchObject({ codeSpace: cs, version: 1, changed: true });
    const r = await put(`${base}/live/${cs}/api/session`, { html: "<h1>Hi</h1>", css: "h1{color:red}" });
    expect(await r.json()).toMatchObject({ version: 1, changed: true });
    expect(await (await fetch(`${base}/live/${cs}/htm`)).text()).toBe("<h1>Hi</h1>");
    const css = await fetch(`${base}/live/${cs}/index.css`);
    expect(css.headers.get("content-type")).toContain("text/css");
    expect(await css.text()).toBe("h1{color:red}");
    expect(await (await fetch(`${base}/live/${cs}/index.tsx`)).text()).toBe("export default () => <h1>Hi</h1>;");
    const js = await fetch(`${base}/live/${cs}/index.js`);
    expect(js.headers.get("content-type")).toContain("javascript");
    const session = await (await fetch(`${base}/live/${cs}/session.json`)).json();
    expect(session).toMatchObject({ version: 1, html: "<h1>Hi</h1>" });
    expect(js.headers.get("etag")).toBe(`"${session.hash}"`);
  });

  it("U3: a render report of code that has changed since is refused with 409 and stores nothing", async () => {
    const cs = name("stale");
    const first = "export default () => <p>Hello,</p>;";
    const now = "export default () => <p>Hello, world</p>;";
    await put(`${base}/live/${cs}/api/code`, { code: first });
    await put(`${base}/live/${cs}/api/code`, { code: now });
    const late = await put(`${base}/live/${cs}/api/session`, { html: "<p>Hello,</p>", codeHash: codeDigest(first) });
    expect(late.status).toBe(409);
    expect((await late.json()).error).toMatchObject({ code: "conflict", stale: true });
    expect(await (await fetch(`${base}/live/${cs}/htm`)).text()).toBe("");
    const current = await put(`${base}/live/${cs}/api/session`, {
      html: "<p>Hello, world</p>",
      codeHash: codeDigest(now),
    });
    expect(current.status).toBe(200);
    expect(await (await fetch(`${base}/live/${cs}/htm`)).text()).toBe("<p>Hello, world</p>");
    // The preview page names the code it renders, so its first report can be checked too.
    const page = await (await fetch(`${base}/live/${cs}/`)).text();
    expect(page).toContain(`"codeHash":"${codeDigest(now)}"`);
  });

  it("E1/E2/S1: errors are JSON with the right status", async () => {
    const bad = await fetch(`${base}/live/..%2F..%2Fetc/session.json`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("invalid_codespace");
    const big = await put(`${base}/live/${name("big")}/api/code`, { code: "x".repeat(1024 * 1024 + 1) });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe("payload_too_large");
    const missing = await fetch(`${base}/live/${name("none")}/version/1`);
    expect(missing.status).toBe(404);
  });
});

describe("S8: acknowledged writes survive a restart", () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startDevServer();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("sessions, versions, renders and forks are byte-identical after a restart", async () => {
    const cs = name("durable");
    const code = "export default () => <p>ünïcødé ✓ 🚀</p>;\n";
    await put(`${server.url}/live/${cs}/api/code`, { code: "// first" });
    await put(`${server.url}/live/${cs}/api/code`, { code });
    await put(`${server.url}/live/${cs}/api/session`, { html: "<p>x</p>", css: "p{}" });
    const fork = await (
      await fetch(`${server.url}/live/${cs}/api/fork`, { method: "POST", body: JSON.stringify({ to: `${cs}-f` }) })
    ).json();
    expect(fork).toMatchObject({ codeSpace: `${cs}-f`, version: 1 });

    const snapshot = async () => ({
      session: await (await fetch(`${server.url}/live/${cs}/session.json`)).text(),
      versions: await (await fetch(`${server.url}/live/${cs}/versions`)).text(),
      v1: await (await fetch(`${server.url}/live/${cs}/version/1`)).text(),
      fork: await (await fetch(`${server.url}/live/${cs}-f/session.json`)).text(),
    });
    const before = await snapshot();
    await server.restart();
    const after = await snapshot();
    expect(after).toEqual(before);
    expect(JSON.parse(after.session)).toMatchObject({ code, version: 2 });
  });
});
