import * as Y from "yjs";
import type { CodeSpaceStore } from "../storage/store.ts";

/** Transaction origins the document gives special meaning to. */
export const LOAD = Symbol("load");
export const SEED = Symbol("seed");

export type DocListener = (update: Uint8Array, origin: unknown) => void;

/**
 * The codeSpace's Y.Doc, whose Y.Text `code` is the source (rules C1-C3). Every update is appended to storage
 * inside the update event, before any listener (and so any other client) sees it; the log is compacted into
 * a snapshot beyond `compactAfter` updates, and loading is snapshot + tail.
 */
export class LiveDoc {
  readonly doc = new Y.Doc();
  readonly text = this.doc.getText("code");
  readonly wasEmpty: boolean;
  private readonly listeners = new Set<DocListener>();

  constructor(
    private readonly store: CodeSpaceStore,
    private readonly compactAfter = 500,
  ) {
    const { snapshot, updates } = store.loadDoc();
    this.wasEmpty = !snapshot && updates.length === 0;
    if (snapshot) Y.applyUpdate(this.doc, snapshot, LOAD);
    for (const u of updates) Y.applyUpdate(this.doc, u, LOAD);
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === LOAD) return;
      const logged = store.appendDocUpdate(update);
      if (logged > this.compactAfter) this.compact();
      for (const listener of this.listeners) listener(update, origin);
    });
  }

  get code(): string {
    return this.text.toString();
  }

  onUpdate(listener: DocListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Replaces the whole text by the smallest edit (common prefix and suffix kept), so it merges with typing. */
  replace(next: string, origin: unknown): boolean {
    const current = this.code;
    if (next === current) return false;
    let start = 0;
    const max = Math.min(current.length, next.length);
    while (start < max && current.charCodeAt(start) === next.charCodeAt(start)) start++;
    let end = 0;
    while (
      end < max - start &&
      current.charCodeAt(current.length - 1 - end) === next.charCodeAt(next.length - 1 - end)
    ) {
      end++;
    }
    this.doc.transact(() => {
      const removed = current.length - start - end;
      if (removed > 0) this.text.delete(start, removed);
      const inserted = next.slice(start, next.length - end);
      if (inserted) this.text.insert(start, inserted);
    }, origin);
    return true;
  }

  /** Applies a remote update (already checked by the caller). */
  apply(update: Uint8Array, origin: unknown): void {
    Y.applyUpdate(this.doc, update, origin);
  }

  compact(): void {
    this.store.compactDoc(Y.encodeStateAsUpdate(this.doc));
  }
}

const UTF8 = new TextEncoder();

/** UTF-8 bytes of text an update would insert: an upper bound on how much it grows the document. */
export function insertedBytes(update: Uint8Array): number {
  const { structs } = Y.decodeUpdate(update);
  let bytes = 0;
  for (const s of structs) {
    if (s instanceof Y.Item && s.content instanceof Y.ContentString) bytes += UTF8.encode(s.content.str).length;
    else bytes += s.length;
  }
  return bytes;
}
