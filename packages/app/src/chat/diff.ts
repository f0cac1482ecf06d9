import * as Y from "yjs";
import { unifiedDiff } from "../codespace/edits/lines.ts";

/** `oldCount` lines at 0-based `oldStart` of the old text become `added` (the shape `unifiedDiff` takes). */
export interface LineChange {
  oldStart: number;
  oldCount: number;
  added: string[];
}

/** Beyond this many differing lines on each side the LCS table is too big: the middle becomes one change. */
const MAX_LCS_LINES = 2000;

/** The changes from `a` to `b`, line by line: common prefix and suffix trimmed, then a longest common subsequence. */
export function lineChanges(a: string[], b: string[]): LineChange[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const x = a.slice(start, a.length - end);
  const y = b.slice(start, b.length - end);
  if (x.length === 0 && y.length === 0) return [];
  if (x.length > MAX_LCS_LINES || y.length > MAX_LCS_LINES || x.length === 0 || y.length === 0) {
    return [{ oldStart: start, oldCount: x.length, added: y }];
  }
  // lcs[i][j]: the LCS length of x[i..] and y[j..], in one flat array.
  const w = y.length + 1;
  const lcs = new Uint32Array((x.length + 1) * w);
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      lcs[i * w + j] =
        x[i] === y[j]
          ? (lcs[(i + 1) * w + j + 1] as number) + 1
          : Math.max(lcs[(i + 1) * w + j] as number, lcs[i * w + j + 1] as number);
    }
  }
  const changes: LineChange[] = [];
  let open: LineChange | null = null;
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      open = null;
      i++;
      j++;
      continue;
    }
    open ??= changes[changes.push({ oldStart: start + i, oldCount: 0, added: [] }) - 1] as LineChange;
    if (j < y.length && (i === x.length || (lcs[i * w + j + 1] as number) >= (lcs[(i + 1) * w + j] as number))) {
      open.added.push(y[j] as string);
      j++;
    } else {
      open.oldCount++;
      i++;
    }
  }
  return changes;
}

/** The unified diff (3 lines of context) from `before` to `after`; "" when they are equal. */
export function diffText(before: string, after: string, file = "index.tsx"): string {
  if (before === after) return "";
  const a = before.split("\n");
  return unifiedDiff(a, lineChanges(a, after.split("\n")), file);
}

/**
 * Rule AI7: `base` became `ours` (people kept typing) and we want `theirs` (the code before a turn, to undo
 * it). Both change sets are applied to `base` as concurrent Yjs edits, line by line, so a human edit outside
 * the lines the turn changed survives the undo. Where both touched the same lines, both insertions remain
 * (Yjs never drops text it was given), which is the honest outcome: nothing typed is lost.
 */
export function merge3(base: string, ours: string, theirs: string): string {
  if (ours === base) return theirs;
  if (theirs === base) return ours;
  const root = new Y.Doc();
  root.clientID = 1;
  root.getText("t").insert(0, base);
  const start = Y.encodeStateAsUpdate(root);
  const fork = (clientID: number, target: string): Y.Doc => {
    const doc = new Y.Doc();
    doc.clientID = clientID;
    Y.applyUpdate(doc, start);
    applyLines(doc.getText("t"), base, target);
    return doc;
  };
  const a = fork(2, ours);
  const b = fork(3, theirs);
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  return a.getText("t").toString();
}

/** Lines with their "\n" kept, so joining them gives the text back exactly and offsets are plain sums. */
const keepEnds = (text: string): string[] => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/** Applies the line changes from `from` to `to` to a Y.Text holding `from`, last change first. */
function applyLines(text: Y.Text, from: string, to: string): void {
  const a = keepEnds(from);
  const offsets = [0];
  for (const line of a) offsets.push((offsets[offsets.length - 1] as number) + line.length);
  for (const c of lineChanges(a, keepEnds(to)).reverse()) {
    const begin = offsets[c.oldStart] as number;
    const end = offsets[c.oldStart + c.oldCount] as number;
    if (end > begin) text.delete(begin, end - begin);
    const inserted = c.added.join("");
    if (inserted) text.insert(begin, inserted);
  }
}
