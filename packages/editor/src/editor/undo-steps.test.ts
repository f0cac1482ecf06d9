import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { undoSteps } from "./undo-steps.ts";

/** Types `keys` one key at a time into a Y.Text with a word-step UndoManager, as the editor binds them. */
function typing(initial: string) {
  const doc = new Y.Doc();
  const text = doc.getText("code");
  text.insert(0, initial);
  const ORIGIN = "me";
  const undo = new Y.UndoManager(text, { trackedOrigins: new Set([ORIGIN]), captureTimeout: Number.MAX_VALUE });
  const steps = undoSteps();
  text.observe((event, tr) => {
    if (tr.origin === ORIGIN && steps.startsStep(event.delta)) undo.stopCapturing();
  });
  undo.on("stack-item-popped", () => steps.reset());
  let at = initial.length;
  return {
    text,
    undo,
    at: (i: number) => {
      at = i;
    },
    type(keys: string) {
      for (const k of keys) {
        doc.transact(() => text.insert(at, k), ORIGIN);
        at += k.length;
      }
    },
    paste(s: string) {
      doc.transact(() => text.insert(at, s), ORIGIN);
      at += s.length;
    },
    backspace(n: number) {
      for (let i = 0; i < n; i++) doc.transact(() => text.delete(--at, 1), ORIGIN);
    },
  };
}

describe("U9: undo steps are words, never a timer", () => {
  it("a word and the space before it are one step, however slowly they are typed", () => {
    const t = typing("// two");
    t.type(" alpha");
    t.undo.undo();
    expect(t.text.toString()).toBe("// two");
  });

  it("each word of a sentence is a step; a line break is a step of its own", () => {
    const t = typing("");
    t.type("const answer = 42;\nok");
    const seen: string[] = [];
    while (t.undo.canUndo()) {
      t.undo.undo();
      seen.push(t.text.toString());
    }
    // Punctuation and operators join the word before them.
    expect(seen).toEqual(["const answer = 42;\n", "const answer = 42;", "const answer", "const", ""]);
  });

  it("a paste, a run of Backspace, and typing elsewhere are separate steps", () => {
    const t = typing("abc");
    t.paste("PASTED");
    t.type("x");
    t.backspace(2);
    t.at(0);
    t.type("z");
    expect(t.text.toString()).toBe("zabcPASTE");
    t.undo.undo();
    expect(t.text.toString()).toBe("abcPASTE");
    t.undo.undo();
    expect(t.text.toString()).toBe("abcPASTEDx");
    t.undo.undo();
    expect(t.text.toString()).toBe("abcPASTED");
    t.undo.undo();
    expect(t.text.toString()).toBe("abc");
  });

  it("astral characters are one key each", () => {
    const t = typing("");
    t.type("hi 😀😀");
    t.undo.undo();
    expect(t.text.toString()).toBe("hi");
  });
});
