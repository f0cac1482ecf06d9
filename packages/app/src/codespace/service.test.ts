import { codeDigest, STARTER_CODE, sessionHash } from "@live/shared";
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../storage/memory.ts";
import { CodeSpaceService } from "./service.ts";
import type { Transpile } from "./transpile.ts";

/** A deterministic stand-in for esbuild: code containing `<<<` fails with a diagnostic, the rest is upper-cased. */
const transpile: Transpile = async (source) =>
  source.includes("<<<")
    ? { ok: false, diagnostics: [{ line: 1, column: source.indexOf("<<<"), text: "Unexpected <<<" }] }
    : { ok: true, code: source.toUpperCase() };

const make = () => {
  const store = new MemoryStore();
  return { store, service: new CodeSpaceService(store, transpile, () => new Date("2026-01-02T03:04:05Z")) };
};

describe("CodeSpaceService", () => {
  it("S2: an unwritten codeSpace shows the starter at version 0 and stores nothing", async () => {
    const { store, service } = make();
    const s = await service.session("fresh");
    expect(s).toMatchObject({ codeSpace: "fresh", code: STARTER_CODE, version: 0, errors: [] });
    expect(s.transpiled).toBe(STARTER_CODE.toUpperCase());
    expect(store.loadSession()).toBeNull();
    expect(service.isWritten()).toBe(false);
  });

  it("S3: the hash digests codeSpace, code, transpiled, html and css", async () => {
    const f = { code: "a", transpiled: "b", html: "c", css: "d" };
    const h = await sessionHash("x", f);
    expect(h).toMatch(/^[0-9a-f]{32}$/);
    expect(await sessionHash("x", { ...f })).toBe(h);
    for (const changed of [
      { ...f, code: "A" },
      { ...f, transpiled: "B" },
      { ...f, html: "C" },
      { ...f, css: "D" },
    ]) {
      expect(await sessionHash("x", changed)).not.toBe(h);
    }
    expect(await sessionHash("y", f)).not.toBe(h);
    // Field boundaries matter: moving a character between fields changes the hash.
    expect(await sessionHash("x", { ...f, code: "ab", transpiled: "" })).not.toBe(
      await sessionHash("x", { ...f, code: "a", transpiled: "b" }),
    );
  });

  it("S4: a changing write makes one version; the same code again makes none", async () => {
    const { service } = make();
    const first = await service.writeCode("cs", "one");
    expect(first).toMatchObject({ ok: true, value: { version: 1, changed: true } });
    const same = await service.writeCode("cs", "one");
    expect(same).toMatchObject({ ok: true, value: { version: 1, changed: false } });
    await service.writeCode("cs", "two");
    expect(service.versions("cs", 10).versionCount).toBe(2);
    expect((await service.session("cs")).transpiled).toBe("TWO");
  });

  it("S5: code that does not compile is saved, transpiled keeps the last good output", async () => {
    const { service } = make();
    await service.writeCode("cs", "good");
    const bad = await service.writeCode("cs", "bad <<<");
    expect(bad.ok && bad.value.errors).toEqual([{ line: 1, column: 4, text: "Unexpected <<<" }]);
    const s = await service.session("cs");
    expect(s).toMatchObject({ code: "bad <<<", transpiled: "GOOD", version: 2 });
    expect(s.errors).toHaveLength(1);
  });

  it("S6: a render report changes the hash but makes no version", async () => {
    const { service } = make();
    const w = await service.writeCode("cs", "x");
    const r = await service.writeRendered("cs", { html: "<b>x</b>" });
    expect(r.ok && r.value.version).toBe(1);
    expect(r.ok && r.value.hash).not.toBe(w.ok && w.value.hash);
    const s = await service.session("cs");
    expect(s).toMatchObject({ html: "<b>x</b>", css: "", version: 1 });
  });

  it("U3: a report that names older code is refused and stores nothing; one of the current code is stored", async () => {
    const { service } = make();
    await service.writeCode("cs", "Hello,");
    await service.writeCode("cs", "Hello, world");
    const stale = await service.writeRendered("cs", { html: "<p>Hello,</p>" }, codeDigest("Hello,"));
    expect(stale).toMatchObject({ ok: false, error: { code: "conflict", details: { stale: true } } });
    expect((await service.session("cs")).html).toBe("");
    const current = await service.writeRendered("cs", { html: "<p>Hello, world</p>" }, codeDigest("Hello, world"));
    expect(current.ok && current.value.changed).toBe(true);
    expect((await service.session("cs")).html).toBe("<p>Hello, world</p>");
    // Without a digest (a REST client setting html itself) the report is stored as before.
    expect((await service.writeRendered("cs", { html: "<p>set</p>" })).ok).toBe(true);
  });

  it("V1/V2: versions are numbered without gaps and snapshot the session", async () => {
    const { service } = make();
    for (const code of ["a", "b", "c"]) await service.writeCode("cs", code);
    const page = service.versions("cs", 2);
    expect(page.versions.map((v) => v.number)).toEqual([3, 2]);
    expect(page.nextBefore).toBe(2);
    expect(service.versions("cs", 2, 2)).toMatchObject({ versions: [{ number: 1 }] });
    const v2 = service.version("cs", 2);
    expect(v2).toMatchObject({ ok: true, value: { number: 2, code: "b", transpiled: "B" } });
  });

  it("V4: restore writes version N's code as a new version; unknown N changes nothing", async () => {
    const { service } = make();
    await service.writeCode("cs", "a");
    await service.writeCode("cs", "b");
    const r = await service.restore("cs", 1);
    expect(r).toMatchObject({ ok: true, value: { version: 3, changed: true } });
    expect((await service.session("cs")).code).toBe("a");
    expect(await service.restore("cs", 9)).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(service.versions("cs", 10).versionCount).toBe(3);
  });

  it("F2: importFork refuses a written codeSpace and keeps it unchanged", async () => {
    const { service } = make();
    const fields = { code: "forked", transpiled: "", html: "<i/>", css: "i{}" };
    expect(await service.importFork("t", fields)).toMatchObject({ ok: true, value: { version: 1 } });
    expect((await service.session("t")).transpiled).toBe("FORKED");
    expect(await service.importFork("t", { ...fields, code: "other" })).toMatchObject({
      ok: false,
      error: { code: "conflict" },
    });
    expect((await service.session("t")).code).toBe("forked");
  });

  it("writes are applied in call order even when transpiles finish out of order", async () => {
    const store = new MemoryStore();
    const slowFirst: Transpile = async (s) => {
      await new Promise((r) => setTimeout(r, s === "first" ? 30 : 0));
      return { ok: true, code: s };
    };
    const service = new CodeSpaceService(store, slowFirst);
    await Promise.all([service.writeCode("cs", "first"), service.writeCode("cs", "second")]);
    expect((await service.session("cs")).code).toBe("second");
    expect(service.version("cs", 1)).toMatchObject({ value: { code: "first" } });
  });
});
