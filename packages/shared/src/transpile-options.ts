import type { Diagnostic } from "./session.ts";

/**
 * The one set of esbuild transform options (rule T1), used by the transpiler Worker and by the editor's own
 * in-browser transpile. Plain data, so this package needs no esbuild dependency.
 */
export const TRANSFORM_OPTIONS = {
  loader: "tsx",
  format: "esm",
  target: "es2022",
  jsx: "automatic",
  // Emotion's JSX runtime wraps React's, so the `css` prop works on every element.
  jsxImportSource: "@emotion/react",
  sourcefile: "index.tsx",
  charset: "utf8",
  legalComments: "none",
  logLevel: "silent",
} as const;

/** Bumped whenever the options or the rewriter change meaning, so cached transforms are not reused. */
export const TRANSFORM_CACHE_VERSION = "1";

/** The answer of a transpile: the ES module, or diagnostics with 1-based line and 0-based column. */
export type TranspileOutcome = { ok: true; code: string } | { ok: false; diagnostics: Diagnostic[] };
