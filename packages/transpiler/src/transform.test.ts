import { createRequire } from "node:module";
import { TRANSFORM_OPTIONS, VENDOR } from "@live/shared";
import * as esbuild from "esbuild";
import { describe, expect, it } from "vitest";
import { BoundedCache } from "./cache.ts";
import { REACT_VERSION, rewriteConfig } from "./config.ts";
import { transpile } from "./transform.ts";

const cfg = rewriteConfig();

describe("T1: the shared transform options", () => {
  it("compile TSX with the automatic runtime from @emotion/react to ES2022 ESM", async () => {
    const out = await transpile(
      esbuild,
      `import { useState } from "react";\ntype P = { n: number };\nexport default function App({ n }: P) {\n  const [x] = useState(n);\n  return <div css={{ color: "red" }}>{x ?? 0}</div>;\n}`,
      cfg,
    );
    expect(out.ok).toBe(true);
    const code = out.ok ? out.code : "";
    expect(code).toContain(`from "@emotion/react/jsx-runtime"`);
    expect(code).toContain(`from "react"`);
    expect(code).toContain("export {");
    expect(code).not.toContain("type P");
    expect(code).toContain("x ?? 0"); // ES2022 keeps ?? as written
    expect(TRANSFORM_OPTIONS).toMatchObject({ jsx: "automatic", jsxImportSource: "@emotion/react", format: "esm" });
  });

  it("T2: syntax errors become diagnostics with 1-based line and 0-based column", async () => {
    const out = await transpile(esbuild, "export default () => {\n  return <div>;\n}", cfg);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.diagnostics[0]).toMatchObject({ line: 3, column: expect.any(Number) });
    const garbage = await transpile(esbuild, "\u0000\u0001\uFFFD\u0002 binary", cfg);
    expect(garbage.ok).toBe(false);
  });

  it("the CDN's React version is the vendored one", () => {
    const require = createRequire(import.meta.url);
    expect((require("react/package.json") as { version: string }).version).toBe(REACT_VERSION);
    expect(VENDOR.some((v) => v.specifier === "react")).toBe(true);
  });
});

describe("T7: the transform cache is bounded", () => {
  it("evicts the least recently used entries past its entry and byte limits", () => {
    const cache = new BoundedCache<string>(3, 100, (v) => v.length);
    cache.set("a", "1");
    cache.set("b", "2");
    cache.set("c", "3");
    cache.get("a");
    cache.set("d", "4");
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe("1");
    cache.set("big", "x".repeat(99));
    expect(cache.stats.bytes).toBeLessThanOrEqual(100);
    cache.set("huge", "x".repeat(101));
    expect(cache.get("huge")).toBeUndefined();
  });
});
