import { fail, ok, type Result } from "@live/shared";
import { checkPattern } from "./regex-limit.ts";

export interface SearchReplace {
  search: string;
  replace: string;
  /** `search` is a JavaScript regular expression; `replace` may then use $1, $<name>, $&. */
  isRegex?: boolean;
  /** Replace every match (the default) or only the first. */
  global?: boolean;
}

/**
 * Compiles a user pattern to run on `text`, or says how to fix it. Shared by search_and_replace and find_lines.
 * A pattern whose backtracking on `text` is not bounded is refused before it runs (rule M22).
 */
export function compilePattern(pattern: string, flags: string, text: string): Result<RegExp> {
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags);
  } catch (err) {
    return fail(
      "bad_request",
      `not a valid regular expression: ${(err as Error).message}; escape special characters or set isRegex to false`,
    );
  }
  const bounded = checkPattern(pattern, flags, text);
  return bounded.ok ? ok(re) : bounded;
}

/** Rule M11: replaces literal text or a pattern, case-sensitive; no match is a failure that changes nothing. */
export function searchAndReplace(code: string, op: SearchReplace): Result<{ code: string; count: number }> {
  const { search, replace, isRegex = false, global = true } = op;
  if (search === "") return fail("bad_request", "search is empty; give the text to find");
  let count = 0;
  let next: string;
  if (isRegex) {
    const compiled = compilePattern(search, "g", code);
    if (!compiled.ok) return compiled;
    // Count first (the native replace then applies $1, $<name>, $& exactly as JavaScript defines them).
    for (const m of code.matchAll(compiled.value)) {
      if (m[0] === "")
        return fail("bad_request", "the pattern matches empty text; make it match at least one character");
      count++;
      if (!global) break;
    }
    next = code.replace(global ? compiled.value : new RegExp(search), replace);
  } else if (global) {
    const parts = code.split(search);
    count = parts.length - 1;
    next = parts.join(replace);
  } else {
    const at = code.indexOf(search);
    count = at < 0 ? 0 : 1;
    next = at < 0 ? code : code.slice(0, at) + replace + code.slice(at + search.length);
  }
  if (count === 0) {
    const how = isRegex ? "the pattern" : "the text (literal; set isRegex for a pattern)";
    return fail(
      "not_found",
      `no match for ${how}: ${clip(search)}; matching is case-sensitive, call find_lines or read_code to see the current code`,
    );
  }
  return ok({ code: next, count });
}

const clip = (s: string): string => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);
