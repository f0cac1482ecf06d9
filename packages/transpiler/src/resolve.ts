// Where an import specifier points (rule T3): shared by the rewriter and the editor's type acquisition,
// which must not pull es-module-lexer into the editor page.
import { CODESPACE_PATTERN } from "@live/shared/codespace";

export interface RewriteConfig {
  /** Bare specifiers resolved by the preview's import map: left bare. */
  vendor: ReadonlySet<string>;
  /** URL pattern for other bare packages: `{pkg}` (specifier), `{external}`, `{reactVersion}`. */
  cdnPattern: string;
  /** Package names the CDN must leave external, so its modules share our React. */
  external: readonly string[];
  reactVersion: string;
}

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
