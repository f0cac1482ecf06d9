import { MAX_CODE_BYTES } from "@live/shared";
import { describe, expect, it } from "vitest";
import { applyCodeEdit } from "./apply.ts";

describe("applyCodeEdit", () => {
  it("M10/M11: dispatches line edits and replaces, reporting a diff or a count", () => {
    expect(
      applyCodeEdit("a\nb\n", { type: "lines", edits: [{ startLine: 2, endLine: 2, newContent: "c" }] }),
    ).toMatchObject({
      ok: true,
      value: { code: "a\nc\n", extra: { type: "lines", diff: expect.stringContaining("-b\n+c") } },
    });
    expect(applyCodeEdit("a a", { type: "replace", search: "a", replace: "b" })).toEqual({
      ok: true,
      value: { code: "b b", extra: { type: "replace", count: 2 } },
    });
  });

  it("E2: an edit that would grow the code past 1 MiB fails", () => {
    const r = applyCodeEdit("x", { type: "replace", search: "x", replace: "y".repeat(MAX_CODE_BYTES + 1) });
    expect(r).toMatchObject({ ok: false, error: { code: "payload_too_large" } });
  });
});
