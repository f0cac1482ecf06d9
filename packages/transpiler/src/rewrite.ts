import { CODESPACE_PATTERN } from "@live/shared/codespace";
import type { Diagnostic } from "@live/shared/session";
import { init, parse } from "es-module-lexer/js";

export interface RewriteConfig {
  /** Bare specifiers resolved by the preview's import map: left bare. */
  vendor: ReadonlySet<string>;
  /** URL pattern for other bare packages: `{pkg}` (specifier), `{external}`, `{reactVersion}`. */
  cdnPattern: string;
  /** Package names the CDN must leave external, so its modules share our React. */
  external: readonly string[];
  reactVersion: string;
}

export type RewriteOutcome = { ok: true; code: string } | { ok: false; diagnostics: Diagnostic[] };

const ALREADY_RESOLVABLE = /^(?:\.{0,2}\/(?!live\/)|[a-zA-Z][a-zA-Z\d+.-]*:)/;
const BARE_PACKAGE = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/[^\s]*)?$/i;

/**
 * Where one import specifier should point (rule T3); `null` leaves it as written. Vendor packages stay bare
 * (the import map resolves them), `/live/{cs}` becomes that codeSpace's module, other bare packages go to
 * the CDN, and relative paths, absolute paths and URLs (`https:`, `data:`, ...) are already resolvable.
 */
export function resolveSpecifier(spec: string, cfg: RewriteConfig): string | null {
  if (cfg.vendor.has(spec)) return null;
  const live = /^\/live\/([^/]+)\/?$/.exec(spec);
  if (live) return CODESPACE_PATTERN.test(live[1] as string) ? `/live/${live[1]}/index.js` : null;
  if (ALREADY_RESOLVABLE.test(spec) || spec.startsWith("/")) return null;
  if (!BARE_PACKAGE.test(spec)) return null;
  return cfg.cdnPattern
    .replaceAll("{pkg}", spec)
    .replaceAll("{external}", cfg.external.join(","))
    .replaceAll("{reactVersion}", cfg.reactVersion);
}

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
