import { fail, ok, type Result } from "@live/shared";

/**
 * Rule M22: a user's regular expression runs only when its backtracking is bounded on this code.
 *
 * JavaScript cannot interrupt a running RegExp, and workerd's clock does not move while a request computes, so a
 * time limit cannot be enforced from inside: one runaway match would hold the codeSpace's Durable Object (its
 * single writer) for ever. Instead the pattern is parsed and its worst case is estimated against the actual text
 * before it runs, as a step limit:
 *
 * - a repeated group that itself repeats, alternates or refers back (`(a+)+`, `(a|aa)*`, `(\w+\s?)*`,
 *   `(x)\1+`-like shapes) can take exponential time: refused whatever the text;
 * - otherwise the steps are at most (positions where a match can start) x the product, over every repeated
 *   piece, of the longest run of text that piece can consume here (measured with a linear scan), which is what
 *   makes `\w*x` quadratic on a long word and `.*.*.*x` cubic on a long line. Over `MAX_REGEX_STEPS`: refused.
 */
export const MAX_REGEX_STEPS = 50_000_000;

interface Quant {
  min: number;
  max: number;
}
type Node =
  | { t: "atom"; src: string }
  | { t: "group"; src: string; alts: Piece[][] }
  | { t: "backref" }
  | { t: "assert"; start: boolean };
interface Piece {
  node: Node;
  q: Quant | null;
}

/** Parses a pattern that `new RegExp` already accepted (so it is well-formed). */
function parse(p: string): Piece[][] {
  let i = 0;
  const alts = (): Piece[][] => {
    const out: Piece[][] = [[]];
    while (i < p.length && p[i] !== ")") {
      if (p[i] === "|") {
        i++;
        out.push([]);
        continue;
      }
      const node = atom();
      (out[out.length - 1] as Piece[]).push({ node, q: quant() });
    }
    return out;
  };
  const atom = (): Node => {
    const start = i;
    const c = p[i];
    if (c === "(") {
      i++;
      if (p[i] === "?") {
        if (p.startsWith("?<=", i) || p.startsWith("?<!", i)) i += 3;
        else if (":=!".includes(p[i + 1] ?? "")) i += 2;
        else if (p[i + 1] === "<") i = p.indexOf(">", i) + 1;
        else i = p.indexOf(":", i) + 1; // modifiers, (?i:...)
      }
      const inner = alts();
      i++;
      return { t: "group", src: p.slice(start, i), alts: inner };
    }
    if (c === "[") {
      i++;
      while (i < p.length && p[i] !== "]") i += p[i] === "\\" ? 2 : 1;
      i++;
      return { t: "atom", src: p.slice(start, i) };
    }
    if (c === "\\") {
      const d = p[i + 1] ?? "";
      i += 2;
      if (/[1-9]/.test(d)) {
        while (/\d/.test(p[i] ?? "")) i++;
        return { t: "backref" };
      }
      if (d === "k" && p[i] === "<") {
        i = p.indexOf(">", i) + 1;
        return { t: "backref" };
      }
      if (d === "b" || d === "B") return { t: "assert", start: false };
      if ((d === "u" || d === "p" || d === "P") && p[i] === "{") i = p.indexOf("}", i) + 1;
      else if (d === "u") i += 4;
      else if (d === "x") i += 2;
      else if (d === "c") i += 1;
      return { t: "atom", src: p.slice(start, i) };
    }
    i++;
    if (c === "^" || c === "$") return { t: "assert", start: c === "^" };
    return { t: "atom", src: p.slice(start, i) };
  };
  const quant = (): Quant | null => {
    let q: Quant | null = null;
    const c = p[i];
    if (c === "*") q = { min: 0, max: Number.POSITIVE_INFINITY };
    else if (c === "+") q = { min: 1, max: Number.POSITIVE_INFINITY };
    else if (c === "?") q = { min: 0, max: 1 };
    if (q) i++;
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
      if (m) {
        const min = Number(m[1]);
        q = { min, max: m[2] === undefined ? min : m[3] ? Number(m[3]) : Number.POSITIVE_INFINITY };
        i += m[0].length;
      }
    }
    if (q && p[i] === "?") i++;
    return q;
  };
  return alts();
}

const repeats = (q: Quant | null): boolean => !!q && q.max > 1;

/** Something inside this group can match in more than one way per repetition. */
function ambiguous(alts: Piece[][]): boolean {
  if (alts.length > 1) return true;
  return (alts[0] ?? []).some(
    (piece) =>
      piece.q !== null || piece.node.t === "backref" || (piece.node.t === "group" && ambiguous(piece.node.alts)),
  );
}

/** The longest run of `text` that `src` repeated can consume (a linear scan: `src` itself is not ambiguous). */
function longestRun(src: string, flags: string, text: string): number {
  const re = new RegExp(`(?:${src})+`, `${flags.replace("g", "")}g`);
  let best = 0;
  for (const m of text.matchAll(re)) if (m[0].length > best) best = m[0].length;
  return best;
}

/** Where a match can start: with a leading literal text only where it occurs, at `^` only once. */
function starts(top: Piece[][], text: string): number {
  const seq = top.length === 1 ? (top[0] ?? []) : [];
  if (seq[0]?.node.t === "assert" && seq[0].node.start) return 1;
  let prefix = "";
  for (const { node, q } of seq) {
    if (q || node.t !== "atom") break;
    const src = node.src;
    const literal = src.length === 1 && src !== "." ? src : /^\\[^\w]$/.test(src) ? src[1] : undefined;
    if (literal === undefined) break;
    prefix += literal;
  }
  return prefix ? text.split(prefix).length - 1 : text.length + 1;
}

/** Rule M22: ok when `pattern` (already compiled with `flags`) runs in a bounded number of steps on `text`. */
export function checkPattern(pattern: string, flags: string, text: string): Result<true> {
  const top = parse(pattern);
  let steps = starts(top, text);
  const walk = (alts: Piece[][], top = false): Result<true> => {
    for (const seq of alts) {
      for (const [at, { node, q }] of seq.entries()) {
        if (node.t === "group") {
          if (repeats(q) && ambiguous(node.alts)) {
            return fail(
              "bad_request",
              `the pattern repeats a group that itself repeats or alternates (${clip(node.src)}), which can run for ever (rule M22); repeat single characters or classes instead, or make several calls`,
            );
          }
          const inner = walk(node.alts);
          if (!inner.ok) return inner;
        }
        // The last piece of the whole pattern never backtracks: nothing after it can fail.
        const last = top && at === seq.length - 1;
        if (repeats(q) && !last && (node.t === "atom" || node.t === "group")) {
          const lookaround = node.t === "group" && /^\(\?<?[=!]/.test(node.src);
          const run = lookaround ? text.length : longestRun(node.src, flags, text);
          steps *= Math.max(1, Math.min(q?.max ?? 1, run));
        }
      }
    }
    return ok(true);
  };
  const shape = walk(top, true);
  if (!shape.ok) return shape;
  if (steps > MAX_REGEX_STEPS) {
    return fail(
      "bad_request",
      `the pattern could take about ${steps.toExponential(1)} steps on this code, over the limit of ${MAX_REGEX_STEPS.toExponential(0)} (rule M22): start it with literal text, bound its repetitions ({0,20}), or set isRegex to false`,
    );
  }
  return ok(true);
}

const clip = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
