import { describe, expect, it } from "vitest";
import { AnalyticsBatch } from "./batch.ts";

describe("the analytics batch (SPEC.md P11)", () => {
  it("P11: counts per UTC day, distinct editors, and empties on take", () => {
    let now = Date.parse("2026-12-03T23:59:59Z");
    const batch = new AnalyticsBatch(() => now);
    batch.view("editor");
    batch.view("page");
    batch.edit("u:1");
    batch.edit("u:1");
    batch.versions(2);
    now += 2000; // the next day
    batch.edit("anonymous");
    const counts = batch.take();
    expect(counts).toEqual([
      {
        day: "2026-12-03",
        editorViews: 1,
        previewViews: 0,
        pageViews: 1,
        edits: 2,
        versions: 2,
        editors: ["u:1"],
        editedAt: now - 2000,
      },
      {
        day: "2026-12-04",
        editorViews: 0,
        previewViews: 0,
        pageViews: 0,
        edits: 1,
        versions: 0,
        editors: ["anonymous"],
        editedAt: now,
      },
    ]);
    expect(batch.empty).toBe(true);
  });

  it("P11: what a failed write took is put back and merged with what came since", () => {
    const now = Date.parse("2026-12-03T12:00:00Z");
    const batch = new AnalyticsBatch(() => now);
    batch.edit("u:1");
    const failed = batch.take();
    batch.edit("u:2");
    batch.putBack(failed);
    expect(batch.take()).toEqual([
      {
        day: "2026-12-03",
        editorViews: 0,
        previewViews: 0,
        pageViews: 0,
        edits: 2,
        versions: 0,
        editors: ["u:2", "u:1"],
        editedAt: now,
      },
    ]);
  });
});
