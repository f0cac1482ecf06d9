import { fail, ok, type Result } from "@live/shared";
import { splitLines } from "./lines.ts";
import { compilePattern } from "./replace.ts";

export const MAX_FOUND_LINES = 200;
const MAX_LINE_CHARS = 400;

export interface FoundLine {
  line: number;
  text: string;
}

/** Rule M12: the 1-based numbers and text of the lines that contain `pattern` (case-sensitive), at most 200. */
export function findLines(
  code: string,
  pattern: string,
  isRegex = false,
): Result<{ matches: FoundLine[]; total: number }> {
  if (pattern === "") return fail("bad_request", "pattern is empty; give the text to find");
  let test: (line: string) => boolean;
  if (isRegex) {
    const compiled = compilePattern(pattern, "", code);
    if (!compiled.ok) return compiled;
    test = (line) => compiled.value.test(line);
  } else {
    test = (line) => line.includes(pattern);
  }
  const matches: FoundLine[] = [];
  let total = 0;
  for (const [i, line] of splitLines(code).lines.entries()) {
    if (!test(line)) continue;
    total++;
    if (matches.length < MAX_FOUND_LINES) {
      matches.push({ line: i + 1, text: line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line });
    }
  }
  return ok({ matches, total });
}
