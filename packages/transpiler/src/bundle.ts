import { TRANSFORM_OPTIONS, type TranspileOutcome } from "@live/shared";
import type { Plugin } from "esbuild";
import { type RewriteConfig, resolveSpecifier } from "./rewrite.ts";
import { toDiagnostics } from "./transform.ts";

/** The part of esbuild's build API we use (esbuild-wasm in the Worker, native esbuild in Node tests). */
export type EsbuildBuild = Pick<typeof import("esbuild"), "build">;

export interface VendorFiles {
  /** Bare specifier -> `/vendor/...` path, as in the import map. */
  imports: Record<string, string>;
  /** `/vendor/...` path -> module text, for every entry and chunk. */
  files: Record<string, string>;
}

/** The bundle's entry: the component plus `mount(element)`, so a plain page can render it with no other file. */
const ENTRY = `import App from "codespace:index.tsx";
import { createElement } from "react";
import { createRoot } from "react-dom/client";
export default App;
export function mount(element) {
  const root = createRoot(element);
  root.render(createElement(App));
  return root;
}`;

/**
 * Bundles a codeSpace into one ESM file (rule T6): vendor packages are inlined from the vendored files (so
 * there is still exactly one React), other packages keep their CDN URL and other codeSpaces their URL.
 */
export async function bundle(
  esbuild: EsbuildBuild,
  source: string,
  vendor: VendorFiles,
  cfg: RewriteConfig,
): Promise<TranspileOutcome> {
  const plugin: Plugin = {
    name: "vendor-files",
    setup(b) {
      b.onResolve({ filter: /^codespace:/ }, () => ({ path: "index.tsx", namespace: "codespace" }));
      b.onLoad({ filter: /.*/, namespace: "codespace" }, () => ({ contents: source, loader: "tsx" }));
      b.onResolve({ filter: /.*/ }, (a) => {
        const vendored = vendor.imports[a.path];
        if (vendored) return { path: vendored, namespace: "vendor" };
        if (a.namespace === "vendor" && a.path.startsWith("./")) {
          return { path: `/vendor/${a.path.slice(2)}`, namespace: "vendor" };
        }
        return { path: resolveSpecifier(a.path, cfg) ?? a.path, external: true };
      });
      b.onLoad({ filter: /.*/, namespace: "vendor" }, (a) => {
        const contents = vendor.files[a.path];
        if (contents === undefined) throw new Error(`vendored file ${a.path} is missing`);
        return { contents, loader: "js" };
      });
    },
  };
  try {
    const result = await esbuild.build({
      stdin: { contents: ENTRY, loader: "js", sourcefile: "entry.js" },
      jsx: TRANSFORM_OPTIONS.jsx,
      jsxImportSource: TRANSFORM_OPTIONS.jsxImportSource,
      target: TRANSFORM_OPTIONS.target,
      bundle: true,
      format: "esm",
      minify: true,
      write: false,
      legalComments: "none",
      logLevel: "silent",
      plugins: [plugin],
    });
    return { ok: true, code: result.outputFiles?.[0]?.text ?? "" };
  } catch (err) {
    return { ok: false, diagnostics: toDiagnostics(err) };
  }
}
