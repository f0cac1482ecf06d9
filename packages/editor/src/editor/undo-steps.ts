// Where one undo step ends and the next begins (rule U9), decided from each of this person's own edits, as VS
// Code does, never by a timer: typing runs on through a word; a space typed after a word starts the next step
// (so " beta" is one step); a line break, a paste or any edit of several characters at once is a step of its
// own; switching between typing and deleting, or editing somewhere else, starts a step; a run of Backspace or
// Delete keys is one step.

/** A Y.Text delta of one transaction. */
export type Delta = { insert?: unknown; delete?: number; retain?: number }[];

type Last =
  | { kind: "insert"; end: number; prev: string; word: boolean }
  | { kind: "delete"; at: number }
  | { kind: "other" };

const isWord = (c: string) => /[\p{L}\p{N}_$]/u.test(c);

/** One edit, if it is a single insert or delete; null for anything else (a replacement, several ranges). */
function single(delta: Delta): { at: number; insert?: string; delete?: number } | null {
  let at = 0;
  let i = 0;
  while (i < delta.length && delta[i]?.retain !== undefined) at += delta[i++]?.retain ?? 0;
  const op = delta[i];
  if (!op || i !== delta.length - 1) return null;
  if (typeof op.insert === "string") return { at, insert: op.insert };
  if (op.delete !== undefined) return { at, delete: op.delete };
  return null;
}

export function undoSteps(): { startsStep(delta: Delta): boolean; reset(): void } {
  let last: Last = { kind: "other" };
  const startsStep = (delta: Delta): boolean => {
    const edit = single(delta);
    const chars = edit?.insert === undefined ? [] : [...edit.insert];
    if (edit && chars.length === 1) {
      const c = chars[0] as string;
      const follows = last.kind === "insert" && edit.at === last.end && last.prev !== "\n";
      const step = !follows || (last.kind === "insert" && /\s/.test(c) && isWord(last.prev) && last.word) || c === "\n";
      const word = isWord(c) || (!step && last.kind === "insert" && last.word);
      last = { kind: "insert", end: edit.at + (edit.insert as string).length, prev: c, word };
      return step;
    }
    if (edit?.delete === 1) {
      const follows = last.kind === "delete" && (edit.at === last.at - 1 || edit.at === last.at);
      last = { kind: "delete", at: edit.at };
      return !follows;
    }
    last = { kind: "other" };
    return true;
  };
  return {
    startsStep,
    reset: () => {
      last = { kind: "other" };
    },
  };
}
