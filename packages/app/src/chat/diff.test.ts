import { describe, expect, it } from "vitest";
import { diffText, lineChanges, merge3 } from "./diff.ts";

describe("turn diffs and undo merges (AI6, AI7)", () => {
  it("AI6: the unified diff of a turn shows only the lines it changed", () => {
    const before = "a\nb\nc\nd\ne\nf\ng\nh\ni\n";
    const after = "a\nB\nc\nd\ne\nf\ng\nH\ni\n";
    expect(lineChanges(before.split("\n"), after.split("\n"))).toEqual([
      { oldStart: 1, oldCount: 1, added: ["B"] },
      { oldStart: 7, oldCount: 1, added: ["H"] },
    ]);
    const diff = diffText(before, after);
    expect(diff).toContain("-b\n+B");
    expect(diff).toContain("-h\n+H");
    expect(diffText(before, before)).toBe("");
  });

  it("AI7: undo restores the turn's lines and keeps edits made elsewhere since", () => {
    const before = "one\ntwo\nthree\nfour\nfive\n";
    const afterTurn = "ONE\ntwo\nthree\nfour\nFIVE\n";
    const now = "ONE\ntwo\nthree (human)\nfour\nFIVE\n";
    expect(merge3(afterTurn, now, before)).toBe("one\ntwo\nthree (human)\nfour\nfive\n");
  });

  it("AI7: with nothing changed since, undo is the code from before; lines added by the turn go", () => {
    const before = "a\nb\n";
    const afterTurn = "a\nnew 1\nnew 2\nb\n";
    expect(merge3(afterTurn, afterTurn, before)).toBe(before);
    expect(merge3(afterTurn, "a\nnew 1\nnew 2\nb\nc (human)\n", before)).toBe("a\nb\nc (human)\n");
  });

  it("AI7: where both changed the same line, nothing typed is lost", () => {
    const merged = merge3("x = 1\n", "x = 1 // typed\n", "x = 0\n");
    expect(merged).toContain("typed");
  });
});
