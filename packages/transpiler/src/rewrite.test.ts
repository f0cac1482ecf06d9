import { describe, expect, it } from "vitest";
import { rewriteConfig } from "./config.ts";
import { resolveSpecifier, rewriteImports } from "./rewrite.ts";

const cfg = rewriteConfig("https://cdn.test/{pkg}?external={external}&deps=react@{reactVersion}");
const cdn = (pkg: string) =>
  `https://cdn.test/${pkg}?external=react,react-dom,@emotion/react,@emotion/styled&deps=react@19.3.1`;

/** The specifiers of a module, in order, as a lexer would read them back. */
async function specifiers(code: string): Promise<string[]> {
  const out = await rewriteImports(code, cfg);
  if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
  return [...out.code.matchAll(/(?:from\s*|import\s*\(?\s*)(["'`])([^"'`]*)\1/g)].map((m) => m[2] as string);
}

describe("T3: import-map rewriting", () => {
  it("leaves vendor packages bare for the import map", () => {
    for (const s of ["react", "react/jsx-runtime", "react-dom/client", "@emotion/react", "@emotion/styled"]) {
      expect(resolveSpecifier(s, cfg)).toBeNull();
    }
  });

  it("sends other bare packages (scoped, subpaths) to the CDN with our React external", () => {
    expect(resolveSpecifier("lodash", cfg)).toBe(cdn("lodash"));
    expect(resolveSpecifier("lodash/fp", cfg)).toBe(cdn("lodash/fp"));
    expect(resolveSpecifier("@tanstack/react-query", cfg)).toBe(cdn("@tanstack/react-query"));
    expect(resolveSpecifier("react-dom/server", cfg)).toBe(cdn("react-dom/server"));
  });

  it("maps /live/{cs} to that codeSpace's module and leaves resolvable specifiers alone", () => {
    expect(resolveSpecifier("/live/other", cfg)).toBe("/live/other/index.js");
    expect(resolveSpecifier("/live/other/", cfg)).toBe("/live/other/index.js");
    expect(resolveSpecifier("/live/bad.name", cfg)).toBeNull();
    for (const s of [
      "./x.js",
      "../y.mjs",
      "/vendor/a.mjs",
      "https://x.test/m.js",
      "data:text/javascript,1",
      "blob:x",
    ]) {
      expect(resolveSpecifier(s, cfg)).toBeNull();
    }
  });

  it("rewrites static imports, export-from, side-effect imports and dynamic import()", async () => {
    const code = [
      `import a from "react";`,
      `import { b } from 'lodash';`,
      `import "side-effect-pkg";`,
      `export * from "@scope/pkg/sub";`,
      `export { c } from "/live/other";`,
      `const d = await import("date-fns");`,
      `const e = await import('/live/other2');`,
      `const f = await import(someVariable);`,
      `import g from "./local.js";`,
      `console.log(import.meta.url);`,
    ].join("\n");
    expect(await specifiers(code)).toEqual([
      "react",
      cdn("lodash"),
      cdn("side-effect-pkg"),
      cdn("@scope/pkg/sub"),
      "/live/other/index.js",
      cdn("date-fns"),
      "/live/other2/index.js",
      "./local.js",
    ]);
    const out = await rewriteImports(code, cfg);
    expect(out.ok && out.code).toContain("import(someVariable)");
    expect(out.ok && out.code).toContain("import.meta.url");
  });

  it("reports a module it cannot parse instead of dropping imports", async () => {
    const out = await rewriteImports(`import { a from "x";\nexport { `, cfg);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.diagnostics[0]?.text).toMatch(/could not parse the imports/);
  });
});
