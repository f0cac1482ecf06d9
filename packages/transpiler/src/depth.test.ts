import { describe, expect, it } from "vitest";
import { MAX_NESTING, nestingDepth, tooDeep } from "./depth.ts";

describe("T8: nesting deeper than the limit is refused before esbuild", () => {
  it("T8: counts brackets outside strings and comments", () => {
    expect(nestingDepth("f([{ a: 1 }])").depth).toBe(3);
    expect(nestingDepth('const s = "(((((";\n// ((((\n/* [[[[ */ x').depth).toBe(0);
    expect(nestingDepth("`${a}`").depth).toBe(0);
    expect(nestingDepth("a\n  ((x))").depth).toBe(2);
    expect(nestingDepth("a\n  ((x))")).toMatchObject({ line: 2, column: 3 });
  });

  it("T8: 20,000 levels of [ are a diagnostic, the limit itself is fine", () => {
    expect(tooDeep("[".repeat(20_000))).toMatchObject({
      ok: false,
      diagnostics: [{ line: 1, text: expect.stringContaining("nested more than") }],
    });
    expect(tooDeep("[".repeat(MAX_NESTING))).toBeNull();
    expect(tooDeep("export default () => <p>hi</p>;")).toBeNull();
  });
});
