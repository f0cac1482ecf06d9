// Code edits written through CodeSpaceService.writeCodeWith (the path the Durable Object's editCode takes).
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../storage/memory.ts";
import { applyCodeEdit, type CodeEdit } from "./edits/apply.ts";
import { CodeSpaceService } from "./service.ts";
import type { Transpile } from "./transpile.ts";

const transpile: Transpile = async (source) =>
  source.includes("<<<")
    ? { ok: false, diagnostics: [{ line: 1, column: 0, text: "Unexpected <<<" }] }
    : { ok: true, code: source };

const make = () => {
  const store = new MemoryStore();
  return { store, service: new CodeSpaceService(store, transpile, () => new Date("2026-01-02T03:04:05Z")) };
};
const edit = (service: CodeSpaceService, op: CodeEdit) => service.writeCodeWith("cs", (c) => applyCodeEdit(c, op));

describe("edits through the write queue", () => {
  it("M13: an edit makes one version and returns its report; a failed edit changes nothing (E4)", async () => {
    const { store, service } = make();
    await service.writeCode("cs", "a\nb\nc\n");
    const r = await edit(service, { type: "lines", edits: [{ startLine: 2, endLine: 2, newContent: "B" }] });
    expect(r).toMatchObject({ ok: true, value: { version: 2, changed: true, extra: { type: "lines" } } });
    const bad = await edit(service, { type: "lines", edits: [{ startLine: 9, endLine: 9, newContent: "" }] });
    expect(bad).toMatchObject({ ok: false, error: { code: "bad_request" } });
    const none = await edit(service, { type: "replace", search: "zzz", replace: "y" });
    expect(none).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(store.versionCount()).toBe(2);
    expect((await service.session("cs")).code).toBe("a\nB\nc\n");
  });

  it("M13: concurrent read-modify-writes never lose an update", async () => {
    const { service } = make();
    await service.writeCode("cs", "count: \n");
    const ops = Array.from({ length: 20 }, (_, i) =>
      edit(service, { type: "replace", search: "count: ", replace: `count: ${i % 10}`, global: false }),
    );
    const results = await Promise.all(ops);
    expect(results.every((r) => r.ok)).toBe(true);
    const { code, version } = await service.session("cs");
    expect(code.length - "count: \n".length).toBe(20);
    expect(version).toBe(21);
  });

  it("M20: runtime error reports replace each other and carry the version current when reported", async () => {
    const { service } = make();
    expect(service.runtimeErrors()).toBeNull();
    await service.writeCode("cs", "x");
    service.reportRuntimeErrors([{ message: "boom", stack: "at App" }]);
    expect(service.runtimeErrors()).toEqual({
      version: 1,
      reportedAt: "2026-01-02T03:04:05.000Z",
      errors: [{ message: "boom", stack: "at App" }],
    });
    service.reportRuntimeErrors([]);
    expect(service.runtimeErrors()?.errors).toEqual([]);
    expect((await service.session("cs")).version).toBe(1);
  });
});
