import { fail, ok, type Result } from "@live/shared";

/** One line edit (rule M10): lines `startLine..endLine`, 1-based and inclusive, become `newContent`. */
export interface LineEdit {
  startLine: number;
  endLine: number;
  /** The replacement text; "" deletes the lines. One trailing newline is ignored (it ends the last line). */
  newContent: string;
}

/** Code as lines, plus whether it ended with a newline (so an edit never adds or drops the final one). */
export interface Lines {
  lines: string[];
  finalNewline: boolean;
}

export function splitLines(code: string): Lines {
  if (code === "") return { lines: [], finalNewline: false };
  const lines = code.split("\n");
  const finalNewline = lines[lines.length - 1] === "";
  if (finalNewline) lines.pop();
  return { lines, finalNewline };
}

export function joinLines({ lines, finalNewline }: Lines): string {
  if (lines.length === 0) return "";
  return lines.join("\n") + (finalNewline ? "\n" : "");
}

const contentLines = (text: string): string[] => {
  if (text === "") return [];
  const lines = text.split("\n");
  if (text.endsWith("\n")) lines.pop();
  return lines;
};

/** A change in old-line coordinates: `oldCount` lines at 0-based `oldStart` become `added`. */
interface Change {
  oldStart: number;
  oldCount: number;
  added: string[];
}

/**
 * Applies an edit list whole or not at all (rule M10). An empty range, `endLine = startLine - 1`, inserts
 * before `startLine` (so `startLine = lineCount + 1` appends). Ranges may not overlap.
 */
export function applyLineEdits(code: string, edits: readonly LineEdit[]): Result<{ code: string; diff: string }> {
  const before = splitLines(code);
  const n = before.lines.length;
  const hint = "; call find_lines or read_code for the current line numbers";
  for (const [i, e] of edits.entries()) {
    const what = `edits[${i}] (lines ${e.startLine}-${e.endLine})`;
    if (!Number.isInteger(e.startLine) || !Number.isInteger(e.endLine) || e.startLine < 1 || e.endLine < 0) {
      return fail("bad_request", `${what}: line numbers are whole numbers from 1`);
    }
    if (e.endLine < e.startLine - 1) {
      return fail("bad_request", `${what}: endLine is before startLine; use endLine = startLine to edit one line`);
    }
    if (e.endLine > n || e.startLine > n + 1) {
      return fail("bad_request", `${what}: past the end, the code has ${n} lines${hint}`);
    }
  }
  const order = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.startLine - b.e.startLine || a.i - b.i);
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1] as { e: LineEdit; i: number };
    const cur = order[k] as { e: LineEdit; i: number };
    if (cur.e.startLine <= prev.e.endLine) {
      return fail(
        "bad_request",
        `edits[${prev.i}] (lines ${prev.e.startLine}-${prev.e.endLine}) and edits[${cur.i}] (lines ` +
          `${cur.e.startLine}-${cur.e.endLine}) overlap; merge them into one edit`,
      );
    }
  }
  const changes: Change[] = order.map(({ e }) => ({
    oldStart: e.startLine - 1,
    oldCount: e.endLine - e.startLine + 1,
    added: contentLines(e.newContent),
  }));
  const out: string[] = [];
  let at = 0;
  for (const c of changes) {
    out.push(...before.lines.slice(at, c.oldStart), ...c.added);
    at = c.oldStart + c.oldCount;
  }
  out.push(...before.lines.slice(at));
  const after = { lines: out, finalNewline: before.finalNewline };
  return ok({
    code: joinLines(after),
    diff: unifiedDiff(
      before.lines,
      changes.map((c) => trim(before.lines, c)),
    ),
  });
}

/** Drops the lines a change leaves as they were, so the diff shows only what differs. */
function trim(old: string[], c: Change): Change {
  let { oldStart, oldCount } = c;
  let added = c.added;
  while (oldCount > 0 && added.length > 0 && old[oldStart] === added[0]) {
    oldStart++;
    oldCount--;
    added = added.slice(1);
  }
  while (oldCount > 0 && added.length > 0 && old[oldStart + oldCount - 1] === added[added.length - 1]) {
    oldCount--;
    added = added.slice(0, -1);
  }
  return { oldStart, oldCount, added };
}

const CONTEXT = 3;

/** A unified diff (3 lines of context, `git apply` compatible) of sorted, non-overlapping changes. */
export function unifiedDiff(old: string[], changes: Change[], file = "index.tsx"): string {
  const real = changes.filter((c) => c.oldCount > 0 || c.added.length > 0);
  if (real.length === 0) return "";
  const hunks: string[] = [];
  let delta = 0; // new line index minus old line index, before the current group
  let i = 0;
  while (i < real.length) {
    // Group changes whose context would touch into one hunk.
    let j = i;
    while (
      j + 1 < real.length &&
      (real[j + 1] as Change).oldStart - ((real[j] as Change).oldStart + (real[j] as Change).oldCount) <= 2 * CONTEXT
    ) {
      j++;
    }
    const first = real[i] as Change;
    const last = real[j] as Change;
    const start = Math.max(0, first.oldStart - CONTEXT);
    const end = Math.min(old.length, last.oldStart + last.oldCount + CONTEXT);
    const body: string[] = [];
    let pos = start;
    let added = 0;
    for (let k = i; k <= j; k++) {
      const c = real[k] as Change;
      for (; pos < c.oldStart; pos++) body.push(` ${old[pos]}`);
      for (; pos < c.oldStart + c.oldCount; pos++) body.push(`-${old[pos]}`);
      for (const line of c.added) body.push(`+${line}`);
      added += c.added.length - c.oldCount;
    }
    for (; pos < end; pos++) body.push(` ${old[pos]}`);
    const oldLen = end - start;
    const newLen = oldLen + added;
    const newStart = start + delta;
    hunks.push(`@@ -${range(start, oldLen)} +${range(newStart, newLen)} @@\n${body.join("\n")}`);
    delta += added;
    i = j + 1;
  }
  return `--- a/${file}\n+++ b/${file}\n${hunks.join("\n")}\n`;
}

/** Unified diff ranges are 1-based; an empty range names the line before it. */
const range = (start0: number, len: number): string => `${len === 0 ? start0 : start0 + 1},${len}`;
