import { MAX_ARCHIVE_BYTES, singleFileHtml } from "@live/shared";
import { describe, expect, it } from "vitest";
import { type BlobObject, type Blobs, deletePage, readPage, storeArchive, writePage } from "./archive.ts";

/** R2's semantics that matter here, over a Map: conditional puts answer null when the condition fails. */
class MapBlobs implements Blobs {
  readonly objects = new Map<string, { value: string; writes: number }>();
  async head(key: string) {
    return this.objects.get(key) ?? null;
  }
  async get(key: string): Promise<BlobObject | null> {
    const o = this.objects.get(key);
    if (!o) return null;
    return { body: new Blob([o.value]).stream(), text: async () => o.value };
  }
  async put(key: string, value: Uint8Array | string, options?: { onlyIf?: { etagDoesNotMatch?: string } }) {
    const existing = this.objects.get(key);
    if (existing && options?.onlyIf?.etagDoesNotMatch === "*") return null;
    const text = typeof value === "string" ? value : new TextDecoder().decode(value);
    this.objects.set(key, { value: text, writes: (existing?.writes ?? 0) + 1 });
    return {};
  }
  async delete(key: string) {
    this.objects.delete(key);
  }
}

const app = (code: string, title = "t") => singleFileHtml({ bundle: code, tailwind: "/*tw*/", css: "", title });

describe("archives and pages (SPEC.md P2-P7, P9)", () => {
  it("P2, P3: an archive is stored under the SHA-256 of its bytes, once", async () => {
    const blobs = new MapBlobs();
    const a = await storeArchive(blobs, app("one"), MAX_ARCHIVE_BYTES);
    const b = await storeArchive(blobs, app("one"), MAX_ARCHIVE_BYTES);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.value.stored).toBe(true);
    expect(b.value).toEqual({ ...a.value, stored: false });
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(app("one"))));
    expect(a.value.archive).toBe(Array.from(digest, (x) => x.toString(16).padStart(2, "0")).join(""));
    expect(blobs.objects.get(`my-cms/${a.value.archive}`)?.writes).toBe(1);
  });

  it("P9: over the limit is payload_too_large and stores nothing", async () => {
    const blobs = new MapBlobs();
    const html = app("x".repeat(2000));
    const r = await storeArchive(blobs, html, 1000);
    expect(r).toMatchObject({ ok: false, error: { code: "payload_too_large" } });
    expect(blobs.objects.size).toBe(0);
    expect(MAX_ARCHIVE_BYTES).toBe(10 * 1024 * 1024);
  });

  it("P4, P7: a page points at an archive; deleting it leaves the archive", async () => {
    const blobs = new MapBlobs();
    const a = await storeArchive(blobs, app("page"), MAX_ARCHIVE_BYTES);
    if (!a.ok) throw new Error("not stored");
    const pointer = { archive: a.value.archive, version: 3, bytes: a.value.bytes, publishedAt: "2026-12-03T00:00:00Z" };
    await writePage(blobs, "cs", pointer);
    expect(await readPage(blobs, "cs")).toEqual(pointer);
    expect(await deletePage(blobs, "cs")).toBe(true);
    expect(await deletePage(blobs, "cs")).toBe(false);
    expect(await readPage(blobs, "cs")).toBeNull();
    expect(blobs.objects.has(`my-cms/${a.value.archive}`)).toBe(true);
  });

  it("P1: the single file is a pure function of its input and escapes what it embeds", () => {
    expect(app("same")).toBe(app("same"));
    const html = singleFileHtml({
      bundle: 'const s = "</script><script>alert(1)</script>";',
      tailwind: "",
      css: "</style><b>",
      title: '<"T">',
      description: "a & b",
    });
    expect(html).toContain("<title>&lt;&quot;T&quot;&gt;</title>");
    expect(html).toContain('<meta property="og:description" content="a &amp; b">');
    expect(html).not.toContain("</script><script>alert(1)");
    expect(html).not.toContain("</style><b>");
  });
});
