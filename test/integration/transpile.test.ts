// The transpiler through the real dev server: esbuild-wasm in its own Worker, reached over RPC.
import { init, parse } from "es-module-lexer";
import { describe, expect, inject, it } from "vitest";
import { uniqueName as name, putCode } from "../support/http.ts";

const base = inject("baseUrl");
const put = (cs: string, code: string) => putCode(base, cs, code);

const COMPONENT = `import { useState } from "react";
import styled from "@emotion/styled";
import confetti from "canvas-confetti";
const Title = styled.h1\`color: hotpink;\`;
export default function App() {
  const [n, setN] = useState(0);
  return <div className="p-4" css={{ margin: 8 }}><Title onClick={() => { setN(n + 1); confetti(); }}>{n}</Title></div>;
}`;

describe("POST /transpile (T2)", () => {
  it("answers JavaScript for TSX, and 422 with line and column for a syntax error", async () => {
    const ok = await fetch(`${base}/transpile`, { method: "POST", body: COMPONENT });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toContain("application/javascript");
    const js = await ok.text();
    expect(js).toContain(`from "@emotion/react/jsx-runtime"`);
    expect(js).toMatch(/from "https:\/\/esm\.sh\/canvas-confetti\?bundle&external=react,react-dom/);

    const bad = await fetch(`${base}/transpile`, { method: "POST", body: "export default () => <div>\n" });
    expect(bad.status).toBe(422);
    const body = await bad.json();
    expect(body.error.code).toBe("transpile_failed");
    expect(body.error.diagnostics[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
  });

  it("refuses empty (400), oversized (413) and binary garbage (422, never 500)", async () => {
    expect((await fetch(`${base}/transpile`, { method: "POST", body: "" })).status).toBe(400);
    const big = await fetch(`${base}/transpile`, { method: "POST", body: "x".repeat(1024 * 1024 + 1) });
    expect(big.status).toBe(413);
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    const g = await fetch(`${base}/transpile`, { method: "POST", body: garbage });
    expect(g.status).toBe(422);
  });

  it("T7: the same source again is a cache hit", async () => {
    const src = `export default () => <p>${name("cache")}</p>;`;
    const first = await fetch(`${base}/transpile`, { method: "POST", body: src });
    const second = await fetch(`${base}/transpile`, { method: "POST", body: src });
    expect(first.headers.get("x-transpile-cache")).toBe("miss");
    expect(second.headers.get("x-transpile-cache")).toBe("hit");
    expect(await second.text()).toBe(await first.text());
  });
});

describe("code writes are transpiled server-side (T4, S5)", () => {
  it("stores the rewritten module, and on a failure keeps source and last good output with errors", async () => {
    const cs = name("tx");
    const w1 = await (await put(cs, COMPONENT)).json();
    expect(w1).toMatchObject({ version: 1, errors: [] });
    const js = await fetch(`${base}/live/${cs}/index.js`);
    const good = await js.text();
    expect(good).toContain(`from "react"`);
    expect(js.headers.get("etag")).toBeTruthy();

    const broken = `${COMPONENT}\nexport const x = <div>;`;
    const w2 = await (await put(cs, broken)).json();
    expect(w2.version).toBe(2);
    expect(w2.errors.length).toBeGreaterThan(0);
    const s = await (await fetch(`${base}/live/${cs}/session.json`)).json();
    expect(s.code).toBe(broken);
    expect(s.transpiled).toBe(good);
    expect(s.errors[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
  });

  it("rewrites /live/{other} imports to that codeSpace's module", async () => {
    const cs = name("imp");
    await put(cs, `import Other from "/live/other-space";\nexport default () => <Other />;`);
    expect(await (await fetch(`${base}/live/${cs}/index.js`)).text()).toContain(`"/live/other-space/index.js"`);
  });
});

describe("vendor packages from our own origin (T5) and bundle.js (T6)", () => {
  it("serves the import map and every vendored module as cacheable JavaScript", async () => {
    const map = await (await fetch(`${base}/importmap.json`)).json();
    for (const spec of [
      "react",
      "react-dom/client",
      "react/jsx-runtime",
      "@emotion/react/jsx-runtime",
      "@emotion/styled",
    ]) {
      const url = map.imports[spec];
      expect(url, spec).toMatch(/^\/vendor\/.+\.mjs$/);
      const res = await fetch(`${base}${url}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("javascript");
      expect(res.headers.get("cache-control")).toContain("immutable");
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
    }
  });

  it("bundles a codeSpace into one self-contained module with a mount()", async () => {
    const cs = name("bundle");
    await put(
      cs,
      `import { css } from "@emotion/react";\nexport default () => <p css={css\`color: red\`}>bundled</p>;`,
    );
    const res = await fetch(`${base}/live/${cs}/bundle.js`);
    expect(res.status).toBe(200);
    const js = await res.text();
    // No import of any kind is left (React, ReactDOM and Emotion are inside); it exports the app and mount().
    await init;
    const [imports, exports] = parse(js);
    expect(imports.map((i) => i.specifier)).toEqual([]);
    expect(exports.map((e) => ("name" in e ? e.name : "*")).sort()).toEqual(["default", "mount"]);
    expect(js.includes("bundled")).toBe(true);
  });
});
