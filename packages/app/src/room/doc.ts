import * as Y from "yjs";
import type { CodeSpaceStore } from "../storage/store.ts";

/** Transaction origins the document gives special meaning to. */
export const LOAD = Symbol("load");
export const SEED = Symbol("seed");

/** Updates written in one storage commit at most (group commit, C2). */
const MAX_BATCH = 256;
/**
 * How long a queued update waits for its batch at most, when the object is busy: the runtime runs an object's
 * timers only once the events already queued for it are handled, so under steady traffic the timer alone would let
 * a keystroke wait for all of them (the flood case saw p99 387 ms instead of 13 ms).
 */
const MAX_WAIT_MS = 4;

export type DocListener = (update: Uint8Array, origin: unknown) => void;

/**
 * The codeSpace's Y.Doc, whose Y.Text `code` is the source (rules C1-C3). Every update is appended to storage
 * inside the update event, before any listener (and so any other client) sees it; the log is compacted into
 * a snapshot beyond `compactAfter` updates, and loading is snapshot + tail.
 *
 * Group commit (C2): a client's update can be queued (`enqueue`) instead of applied. The queue is applied, logged
 * and relayed in one go when its timer fires, or at once when anything reads the document (`doc`, `text`, `code`,
 * `replace`), so nothing leaves the object, and no transpile, version or sync answer is made, from text that is not
 * yet in the log. A burst of frames then costs one storage commit instead of one per frame.
 */
export class LiveDoc {
  private readonly ydoc = new Y.Doc();
  private readonly ytext = this.ydoc.getText("code");
  readonly wasEmpty: boolean;
  private readonly listeners = new Set<DocListener>();
  private queue: { update: Uint8Array; origin: unknown }[] = [];
  private queuedBytes = 0;
  private queuedAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly store: CodeSpaceStore,
    private readonly compactAfter = 500,
    /** Called when a queued update cannot be applied (it was checked when queued, so this is a bug's trace). */
    private readonly onRejected: (origin: unknown, err: unknown) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    const { snapshot, updates } = store.loadDoc();
    this.wasEmpty = !snapshot && updates.length === 0;
    if (snapshot) Y.applyUpdate(this.ydoc, snapshot, LOAD);
    for (const u of updates) Y.applyUpdate(this.ydoc, u, LOAD);
    this.ydoc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === LOAD) return;
      const logged = store.appendDocUpdate(update);
      if (logged > this.compactAfter) this.compact();
      for (const listener of this.listeners) listener(update, origin);
    });
  }

  /** The document, with every queued update applied. */
  get doc(): Y.Doc {
    this.flush();
    return this.ydoc;
  }

  get text(): Y.Text {
    this.flush();
    return this.ytext;
  }

  get code(): string {
    return this.text.toString();
  }

  /** The text's length once the queue is applied, at most (C10 checks a new update against it). */
  get lengthWithQueue(): number {
    return this.ytext.length + this.queuedBytes;
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
    this.ydoc.transact(() => {
      const removed = current.length - start - end;
      if (removed > 0) this.ytext.delete(start, removed);
      const inserted = next.slice(start, next.length - end);
      if (inserted) this.ytext.insert(start, inserted);
    }, origin);
    return true;
  }

  /** Queues a remote update (already checked; `bytes` is what it may add to the text) for the next flush. */
  enqueue(update: Uint8Array, origin: unknown, bytes: number): void {
    if (this.queue.length === 0) this.queuedAt = this.now();
    this.queue.push({ update, origin });
    this.queuedBytes += bytes;
    // The runtime delivers every queued frame before a timer: a long burst is written in batches as it comes.
    if (this.queue.length >= MAX_BATCH || this.waited()) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush();
    }, 0);
  }

  /** Writes the queue if its oldest update waited long enough: every event of a busy object starts with this. */
  settle(): void {
    if (this.waited()) this.flush();
  }

  private waited(): boolean {
    return this.queue.length > 0 && this.now() - this.queuedAt >= MAX_WAIT_MS;
  }

  /** Applies, logs and relays the queued updates, in the order they came. */
  flush(): void {
    if (this.queue.length === 0) return;
    const queue = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    for (const { update, origin } of queue) {
      try {
        Y.applyUpdate(this.ydoc, update, origin);
      } catch (err) {
        this.onRejected(origin, err);
      }
    }
  }

  compact(): void {
    this.store.compactDoc(Y.encodeStateAsUpdate(this.ydoc));
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
