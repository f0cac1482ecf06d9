import type { TranspileOutcome } from "@live/shared";

/**
 * Rule T8: brackets nested deeper than this are refused before esbuild sees them. esbuild's parser recurses per
 * level; in esbuild-wasm under workerd 20,000 levels of `[` ran for minutes (found by the hostile-input suite),
 * holding the transpiler and every write waiting on it. No real component nests 1,000 levels.
 */
export const MAX_NESTING = 1000;

/** The deepest nesting of `( [ {` (and JSX-free `${`) outside strings and comments, and where it is reached. */
export function nestingDepth(source: string): { depth: number; line: number; column: number } {
  let depth = 0;
  let max = { depth: 0, line: 1, column: 0 };
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\n") {
      line++;
      lineStart = i + 1;
    } else if (c === "/" && source[i + 1] === "/") {
      while (i + 1 < source.length && source[i + 1] !== "\n") i++;
    } else if (c === "/" && source[i + 1] === "*") {
      const end = source.indexOf("*/", i + 2);
      for (let j = i; j < (end < 0 ? source.length : end); j++) {
        if (source[j] === "\n") {
          line++;
          lineStart = j + 1;
        }
      }
      i = end < 0 ? source.length : end + 1;
    } else if (c === '"' || c === "'" || c === "`") {
      // Skip the literal (a template's `${` counts as text here: it is bounded by the same limit below).
      for (i++; i < source.length && source[i] !== c; i++) {
        if (source[i] === "\\") i++;
        else if (source[i] === "\n") {
          if (c !== "`") break;
          line++;
          lineStart = i + 1;
        }
      }
    } else if (c === "(" || c === "[" || c === "{") {
      depth++;
      if (depth > max.depth) max = { depth, line, column: i - lineStart };
    } else if (c === ")" || c === "]" || c === "}") {
      depth = Math.max(0, depth - 1);
    }
  }
  return max;
}

export function tooDeep(source: string): TranspileOutcome | null {
  const { depth, line, column } = nestingDepth(source);
  if (depth <= MAX_NESTING) return null;
  return {
    ok: false,
    diagnostics: [{ line, column, text: `brackets are nested more than ${MAX_NESTING} levels deep` }],
  };
}
