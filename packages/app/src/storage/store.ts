import type { Diagnostic, RuntimeErrorReport, SessionFields, VersionSummary } from "@live/shared";

/** What is persisted of the live session; `version` is the newest version number (0 = never written). */
export interface StoredSession extends SessionFields {
  codeSpace: string;
  hash: string;
  version: number;
  errors: Diagnostic[];
}

export interface StoredVersion extends SessionFields, VersionSummary {}

/**
 * The storage contract of one codeSpace (SPEC.md, rules ST1-ST6). Synchronous, because Durable Object
 * SQLite is: a method either completes or throws, and `transaction` makes several calls atomic.
 * Implemented by `SqliteStore` (Durable Object) and `MemoryStore` (plain Node tests); one suite tests both.
 */
export interface CodeSpaceStore {
  loadSession(): StoredSession | null;
  saveSession(session: StoredSession): void;
  /** Appends an immutable version; its number must be exactly `versionCount() + 1`. */
  appendVersion(version: StoredVersion): void;
  versionCount(): number;
  /** Newest first, numbers strictly below `before` (when given), at most `limit`. */
  listVersions(limit: number, before?: number): VersionSummary[];
  getVersion(number: number): StoredVersion | null;
  transaction<T>(fn: () => T): T;
  /** The Yjs document: the last snapshot (if any) and the updates appended since, oldest first (ST6). */
  loadDoc(): { snapshot: Uint8Array | null; updates: Uint8Array[] };
  /** Appends one Yjs update to the log and answers the log's length. */
  appendDocUpdate(update: Uint8Array): number;
  /** Replaces snapshot and log by one snapshot, atomically (ST7). */
  compactDoc(snapshot: Uint8Array): void;
  /** The last runtime error report of a preview (ST8), kept apart from the session: it never makes a version. */
  loadRuntimeErrors(): RuntimeErrorReport | null;
  saveRuntimeErrors(report: RuntimeErrorReport): void;
}
