// The storage contract suite (SPEC.md ST1-ST8), run against every CodeSpaceStore backend.
import { describe, expect, it } from "vitest";
import type { CodeSpaceStore, StoredSession, StoredVersion } from "./store.ts";

const session = (n: number): StoredSession => ({
  codeSpace: "contract",
  code: `export default () => <p>${n} ünïcødé ✓</p>;`,
  transpiled: `/* ${n} */`,
  html: "<p>x</p>",
  css: "p{}",
  hash: `h${n}`,
  version: n,
  errors: n % 2 ? [{ line: 1, column: 2, text: "oops" }] : [],
});

const version = (n: number): StoredVersion => {
  const { code, transpiled, html, css, hash } = session(n);
  return { number: n, code, transpiled, html, css, hash, createdAt: new Date(n * 1000).toISOString() };
};

/** Runs one test body against a fresh, empty store (inside the Durable Object for SQLite). */
export type WithStore = (body: (store: CodeSpaceStore) => void) => Promise<void>;

export function storeContract(backend: string, withStore: WithStore): void {
  describe(`CodeSpaceStore contract: ${backend}`, () => {
    it("ST1: loadSession returns what saveSession stored, or null", () =>
      withStore((store) => {
        expect(store.loadSession()).toBeNull();
        store.saveSession(session(1));
        store.saveSession(session(3));
        expect(store.loadSession()).toEqual(session(3));
      }));

    it("ST2: appendVersion accepts only the next number", () =>
      withStore((store) => {
        expect(() => store.appendVersion(version(2))).toThrow();
        store.appendVersion(version(1));
        expect(() => store.appendVersion(version(1))).toThrow();
        store.appendVersion(version(2));
        expect(store.versionCount()).toBe(2);
      }));

    it("ST3: listVersions is newest first, limited, strictly below before", () =>
      withStore((store) => {
        for (let n = 1; n <= 25; n++) store.appendVersion(version(n));
        expect(store.listVersions(3).map((v) => v.number)).toEqual([25, 24, 23]);
        expect(store.listVersions(3, 3).map((v) => v.number)).toEqual([2, 1]);
        expect(store.listVersions(100, 1)).toEqual([]);
        expect(store.listVersions(1)[0]).toEqual({ number: 25, hash: "h25", createdAt: version(25).createdAt });
      }));

    it("ST4: getVersion returns the stored row or null", () =>
      withStore((store) => {
        store.appendVersion(version(1));
        expect(store.getVersion(1)).toEqual(version(1));
        expect(store.getVersion(2)).toBeNull();
      }));

    it("ST5: a transaction that throws leaves nothing behind", () =>
      withStore((store) => {
        store.saveSession(session(1));
        store.appendVersion(version(1));
        expect(() =>
          store.transaction(() => {
            store.appendVersion(version(2));
            store.saveSession(session(2));
            throw new Error("abort");
          }),
        ).toThrow("abort");
        expect(store.versionCount()).toBe(1);
        expect(store.loadSession()).toEqual(session(1));
      }));

    it("ST6: the Yjs log keeps every update, in order, byte for byte", () =>
      withStore((store) => {
        expect(store.loadDoc()).toEqual({ snapshot: null, updates: [] });
        const a = new Uint8Array([1, 2, 3, 0, 255]);
        const b = new Uint8Array(70_000).map((_, i) => i % 251);
        expect(store.appendDocUpdate(a)).toBe(1);
        expect(store.appendDocUpdate(b)).toBe(2);
        const doc = store.loadDoc();
        expect(doc.updates.map((u) => Array.from(u))).toEqual([Array.from(a), Array.from(b)]);
      }));

    it("ST7: compaction replaces the log by one snapshot", () =>
      withStore((store) => {
        store.appendDocUpdate(new Uint8Array([1]));
        store.compactDoc(new Uint8Array([9, 9]));
        store.appendDocUpdate(new Uint8Array([2]));
        const doc = store.loadDoc();
        expect(Array.from(doc.snapshot ?? [])).toEqual([9, 9]);
        expect(doc.updates.map((u) => Array.from(u))).toEqual([[2]]);
      }));

    it("ST8: the runtime error report is replaced whole, kept apart from session and versions", () =>
      withStore((store) => {
        expect(store.loadRuntimeErrors()).toBeNull();
        const first = {
          version: 3,
          reportedAt: new Date(3000).toISOString(),
          errors: [{ message: "TypeError: x is undefined ✗", stack: "at App (index.js:3:7)" }, { message: "second" }],
        };
        store.saveRuntimeErrors(first);
        expect(store.loadRuntimeErrors()).toEqual(first);
        store.saveRuntimeErrors({ version: 4, reportedAt: new Date(4000).toISOString(), errors: [] });
        expect(store.loadRuntimeErrors()).toEqual({ version: 4, reportedAt: new Date(4000).toISOString(), errors: [] });
        expect(store.loadSession()).toBeNull();
        expect(store.versionCount()).toBe(0);
      }));
  });
}
