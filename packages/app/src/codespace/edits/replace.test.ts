import { describe, expect, it } from "vitest";
import { findLines, MAX_FOUND_LINES } from "./find.ts";
import { searchAndReplace } from "./replace.ts";

const code = 'const a = "x";\nconst b = "x";\nfunction f(a) { return a.x; }\n';

const replaced = (op: Parameters<typeof searchAndReplace>[1]) => {
  const r = searchAndReplace(code, op);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const message = (r: { ok: boolean; error?: { message: string } }) => (r.ok ? "" : (r.error?.message ?? ""));

describe("search and replace (M11)", () => {
  it("M11: literal text, every match by default, the count returned", () => {
    expect(replaced({ search: '"x"', replace: '"y"' })).toEqual({ code: code.replaceAll('"x"', '"y"'), count: 2 });
    expect(replaced({ search: '"x"', replace: '"y"', global: false })).toEqual({
      code: code.replace('"x"', '"y"'),
      count: 1,
    });
  });

  it("M11: literal replacement text is literal ($ has no meaning)", () => {
    expect(replaced({ search: '"x"', replace: "$&$1$$", global: false }).code).toBe(
      code.replace('"x"', () => "$&$1$$"),
    );
  });

  it("M11: regex with groups, named groups and $&; global and first-only", () => {
    expect(replaced({ search: "const (\\w)", replace: "let $1", isRegex: true })).toEqual({
      code: code.replaceAll(/const (\w)/g, "let $1"),
      count: 2,
    });
    expect(replaced({ search: "const (?<v>\\w)", replace: "var $<v>", isRegex: true, global: false })).toEqual({
      code: code.replace(/const (\w)/, "var $1"),
      count: 1,
    });
    expect(replaced({ search: "\\bf\\b", replace: "[$&]", isRegex: true }).code).toContain("function [f](a)");
  });

  it("M11: matching is case-sensitive; no match fails and says what to do", () => {
    const r = searchAndReplace(code, { search: "CONST", replace: "let" });
    expect(message(r)).toMatch(/no match .*case-sensitive.*find_lines/);
    expect(r.ok || r.error.code).toBe("not_found");
  });

  it("M11: a bad or empty-matching regex, or an empty search, fails", () => {
    expect(message(searchAndReplace(code, { search: "(", replace: "", isRegex: true }))).toMatch(
      /not a valid regular expression.*isRegex to false/,
    );
    expect(message(searchAndReplace(code, { search: "z*", replace: "-", isRegex: true }))).toMatch(/empty text/);
    expect(message(searchAndReplace(code, { search: "", replace: "-" }))).toMatch(/search is empty/);
  });
});

describe("find_lines (M12)", () => {
  it("M12: line numbers and text of matching lines, literal or regex, case-sensitive", () => {
    expect(findLines(code, "const")).toEqual({
      ok: true,
      value: {
        matches: [
          { line: 1, text: 'const a = "x";' },
          { line: 2, text: 'const b = "x";' },
        ],
        total: 2,
      },
    });
    expect(findLines(code, "^function \\w+\\(", true)).toMatchObject({ value: { matches: [{ line: 3 }], total: 1 } });
    expect(findLines(code, "CONST")).toMatchObject({ value: { matches: [], total: 0 } });
    expect(findLines(code, "a.x")).toMatchObject({ value: { total: 1 } });
  });

  it("M12: at most 200 lines are listed, the total counts them all; a bad regex fails", () => {
    const many = "hit\n".repeat(500);
    const r = findLines(many, "hit");
    expect(r).toMatchObject({ ok: true, value: { total: 500 } });
    expect(r.ok && r.value.matches.length).toBe(MAX_FOUND_LINES);
    expect(message(findLines(code, "[", true))).toMatch(/not a valid regular expression/);
    expect(message(findLines(code, ""))).toMatch(/pattern is empty/);
  });
});
