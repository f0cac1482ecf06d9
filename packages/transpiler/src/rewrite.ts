import type { Diagnostic } from "@live/shared/session";
import { init, parse } from "es-module-lexer/js";
import { type RewriteConfig, resolveSpecifier } from "./resolve.ts";

export { type RewriteConfig, resolveSpecifier };
export type RewriteOutcome = { ok: true; code: string } | { ok: false; diagnostics: Diagnostic[] };

let ready: Promise<void> | undefined;

/** Rewrites the specifiers of every static import, `export ... from`, side-effect import and `import("...")`. */
export async function rewriteImports(code: string, cfg: RewriteConfig): Promise<RewriteOutcome> {
  ready ??= init();
  await ready;
  let imports: ReturnType<typeof parse>[0];
  try {
    [imports] = parse(code, "index.js");
  } catch (err) {
    const e = err as Error & { idx?: number };
    const at = lineColumn(code, e.idx ?? 0);
    return { ok: false, diagnostics: [{ ...at, text: `could not parse the imports of the output: ${e.message}` }] };
  }
  let out = "";
  let last = 0;
  for (const imp of imports) {
    if (imp.type === "import-meta" || imp.specifier === undefined || imp.specifier === null) continue;
    const target = resolveSpecifier(imp.specifier, cfg);
    if (target === null) continue;
    // Static specifiers span the text inside the quotes; dynamic ones span the whole string literal.
    const quoted = imp.type === "dynamic";
    out += code.slice(last, imp.start) + (quoted ? JSON.stringify(target) : escapeIn(target, code[imp.start - 1]));
    last = imp.end;
  }
  return { ok: true, code: out + code.slice(last) };
}

/** A specifier written back between the quotes it had. */
const escapeIn = (target: string, quote: string | undefined) =>
  quote === "'" ? target.replaceAll("'", "\\'") : target.replaceAll('"', '\\"');

function lineColumn(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index).split("\n");
  return { line: before.length, column: (before[before.length - 1] ?? "").length };
}
