import { describe, expect, it } from "vitest";
import { applyLineEdits, joinLines, splitLines } from "./lines.ts";

const code = `${["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"].join("\n")}\n`;

const edit = (c: string, edits: Parameters<typeof applyLineEdits>[1]) => {
  const r = applyLineEdits(c, edits);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const failure = (c: string, edits: Parameters<typeof applyLineEdits>[1]) => {
  const r = applyLineEdits(c, edits);
  if (r.ok) throw new Error("expected a failure");
  return r.error.message;
};

// This package is typed for workerd (no Node types); the test runs in Node, so it loads Node modules untyped.
const node = (name: string) => import(/* @vite-ignore */ `node:${name}`);
const { execFileSync } = (await node("child_process")) as {
  execFileSync(cmd: string, args: string[], opts: { cwd: string }): unknown;
};
const fs = (await node("fs")) as {
  mkdtempSync(prefix: string): string;
  readFileSync(path: string, enc: "utf8"): string;
  writeFileSync(path: string, text: string): void;
  rmSync(path: string, opts: { recursive: boolean; force: boolean }): void;
};
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = fs;
const { tmpdir } = (await node("os")) as { tmpdir(): string };
const join = (...parts: string[]) => parts.join("/");

/** Applies a diff with `git apply` to the original text: the diff must be a real, exact unified diff. */
function gitApply(before: string, diff: string): string {
  const dir = mkdtempSync(join(tmpdir(), "diff-"));
  try {
    writeFileSync(join(dir, "index.tsx"), before);
    writeFileSync(join(dir, "change.diff"), diff);
    execFileSync("git", ["apply", "change.diff"], { cwd: dir });
    return readFileSync(join(dir, "index.tsx"), "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("line edits (M10)", () => {
  it("M10: splitLines/joinLines round-trip, with and without a final newline", () => {
    for (const c of ["", "a", "a\n", "a\nb", "a\n\nb\n", "\n", "a\r\nb\r\n"]) expect(joinLines(splitLines(c))).toBe(c);
    expect(splitLines("a\nb\n").lines).toEqual(["a", "b"]);
  });

  it("M10: replaces, deletes and inserts, 1-based inclusive, keeping the final newline", () => {
    expect(edit(code, [{ startLine: 2, endLine: 3, newContent: "TWO" }]).code).toBe(
      code.replace("two\nthree\n", "TWO\n"),
    );
    expect(edit(code, [{ startLine: 1, endLine: 10, newContent: "" }]).code).toBe("");
    expect(edit(code, [{ startLine: 10, endLine: 10, newContent: "" }]).code).toBe(code.replace("ten\n", ""));
    expect(edit(code, [{ startLine: 1, endLine: 0, newContent: "zero" }]).code).toBe(`zero\n${code}`);
    expect(edit(code, [{ startLine: 11, endLine: 10, newContent: "eleven" }]).code).toBe(`${code}eleven\n`);
    expect(edit("a", [{ startLine: 1, endLine: 1, newContent: "b" }]).code).toBe("b");
  });

  it("M10: a trailing newline in newContent ends its last line; \\n alone is one empty line", () => {
    expect(edit(code, [{ startLine: 1, endLine: 1, newContent: "ONE\n" }]).code).toBe(code.replace("one", "ONE"));
    expect(edit(code, [{ startLine: 1, endLine: 1, newContent: "\n" }]).code).toBe(code.replace("one", ""));
  });

  it("M10: several edits apply against the original numbering, in any order", () => {
    const r = edit(code, [
      { startLine: 9, endLine: 9, newContent: "NINE\nNINE-B" },
      { startLine: 1, endLine: 2, newContent: "" },
      { startLine: 5, endLine: 5, newContent: "FIVE" },
    ]);
    expect(splitLines(r.code).lines).toEqual([
      "three",
      "four",
      "FIVE",
      "six",
      "seven",
      "eight",
      "NINE",
      "NINE-B",
      "ten",
    ]);
  });

  it("M10: bad edits fail with a message that says how to fix them, and nothing applies", () => {
    expect(failure(code, [{ startLine: 3, endLine: 11, newContent: "" }])).toMatch(
      /past the end, the code has 10 lines.*find_lines/,
    );
    expect(failure(code, [{ startLine: 12, endLine: 11, newContent: "" }])).toMatch(/past the end/);
    expect(failure(code, [{ startLine: 5, endLine: 3, newContent: "" }])).toMatch(/endLine is before startLine/);
    expect(failure(code, [{ startLine: 0, endLine: 1, newContent: "" }])).toMatch(/from 1/);
    expect(
      failure(code, [
        { startLine: 1, endLine: 4, newContent: "x" },
        { startLine: 4, endLine: 6, newContent: "y" },
      ]),
    ).toMatch(/edits\[0\] \(lines 1-4\) and edits\[1\] \(lines 4-6\) overlap/);
  });

  it("M10: the diff is a unified diff that git apply turns the old code into the new", () => {
    const cases: Parameters<typeof applyLineEdits>[1][] = [
      [{ startLine: 2, endLine: 3, newContent: "TWO" }],
      [{ startLine: 1, endLine: 0, newContent: "zero" }],
      [{ startLine: 11, endLine: 10, newContent: "eleven\ntwelve" }],
      [
        { startLine: 1, endLine: 1, newContent: "" },
        { startLine: 4, endLine: 4, newContent: "FOUR" },
        { startLine: 10, endLine: 10, newContent: "TEN" },
      ],
      [{ startLine: 1, endLine: 10, newContent: "all new" }],
    ];
    for (const edits of cases) {
      const r = edit(code, edits);
      expect(gitApply(code, r.diff)).toBe(r.code);
    }
  });

  it("M10: the diff shows only the lines that changed, with three lines of context", () => {
    const r = edit(code, [{ startLine: 4, endLine: 6, newContent: "four\nFIVE\nsix" }]);
    expect(r.diff).toBe(
      "--- a/index.tsx\n+++ b/index.tsx\n@@ -2,7 +2,7 @@\n two\n three\n four\n-five\n+FIVE\n six\n seven\n eight\n",
    );
    expect(edit(code, [{ startLine: 2, endLine: 2, newContent: "two" }]).diff).toBe("");
  });
});
