import { describe, expect, it } from "vitest";
import { findLines } from "./find.ts";
import { checkPattern } from "./regex-limit.ts";
import { searchAndReplace } from "./replace.ts";

const code = "import React from 'react';\nexport default () => <h1>Hello   </h1>;\n".repeat(500);
const longWord = `const x = "${"a".repeat(100_000)}";\n`;
const message = (r: { ok: boolean; error?: { message: string } }) => (r.ok ? "" : (r.error?.message ?? ""));

describe("regular expressions are bounded (M22)", () => {
  it("M22: exponential shapes are refused whatever the text, before they run", () => {
    for (const p of ["(a+)+$", "(a|aa)*c", "(.*)*x", "(\\w+\\s?)*$", "((ab)*)+c", "(?:a|b)+\\1"]) {
      expect(message(checkPattern(p, "g", "aaaa")), p).toMatch(/repeats a group.*M22/);
    }
  });

  it("M22: polynomial runaways are refused on the text that would make them run away", () => {
    expect(message(checkPattern("\\w*x", "g", longWord))).toMatch(/steps on this code.*M22/);
    expect(message(checkPattern(".*.*.*x", "", longWord))).toMatch(/steps on this code/);
    // The same patterns on ordinary code are fine.
    expect(checkPattern("\\w*x", "g", code).ok).toBe(true);
    expect(checkPattern(".*x", "", code).ok).toBe(true);
  });

  it("M22: everyday patterns pass", () => {
    for (const p of [
      "foo\\s*=\\s*bar",
      "\\s+$",
      "useState\\(.*\\)",
      "(?:foo|bar)",
      "(\\w+)\\s(\\w+)",
      "^export",
      "[a-z]+",
      "(?<n>\\d+)",
      "x{2,3}",
      "(?:ab)+",
      "const (?<v>\\w)",
      "\\bf\\b",
    ]) {
      expect(checkPattern(p, "g", code).ok, p).toBe(true);
    }
    // Quadratic on a 100,000-character word (each start scans the rest of the word, then backtracks it).
    expect(checkPattern("(\\w+)\\s(\\w+)", "g", code + longWord).ok).toBe(false);
    expect(checkPattern("useState\\(.*\\)", "g", code + longWord).ok).toBe(true);
  });

  it("M22: search_and_replace and find_lines answer the limit as an error and run nothing", () => {
    const evil = `${"a".repeat(40)}!`;
    const t = performance.now();
    expect(message(searchAndReplace(evil, { search: "(a+)+$", replace: "", isRegex: true }))).toMatch(/M22/);
    expect(message(findLines(evil, "(a|a)*$", true))).toMatch(/M22/);
    expect(message(findLines(longWord, "\\w*\\d", true))).toMatch(/M22/);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});
