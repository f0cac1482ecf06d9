import type { RuntimeErrorReport, VersionSummary } from "@live/shared";
import type { CodeSpaceStore, StoredSession, StoredVersion } from "./store.ts";

/** In-memory CodeSpaceStore for plain Node tests; same contract as SqliteStore. */
export class MemoryStore implements CodeSpaceStore {
  private session: StoredSession | null = null;
  private versions: StoredVersion[] = [];
  private snapshot: Uint8Array | null = null;
  private updates: Uint8Array[] = [];
  private runtimeErrors: RuntimeErrorReport | null = null;

  loadSession(): StoredSession | null {
    return this.session ? structuredClone(this.session) : null;
  }

  saveSession(session: StoredSession): void {
    this.session = structuredClone(session);
  }

  appendVersion(version: StoredVersion): void {
    if (version.number !== this.versions.length + 1) {
      throw new Error(`version ${version.number} out of sequence (have ${this.versions.length})`);
    }
    this.versions.push(structuredClone(version));
  }

  versionCount(): number {
    return this.versions.length;
  }

  listVersions(limit: number, before?: number): VersionSummary[] {
    const end = Math.min(this.versions.length, before === undefined ? Number.POSITIVE_INFINITY : before - 1);
    const out: VersionSummary[] = [];
    for (let i = end - 1; i >= 0 && out.length < limit; i--) {
      const v = this.versions[i] as StoredVersion;
      out.push({ number: v.number, hash: v.hash, createdAt: v.createdAt });
    }
    return out;
  }

  getVersion(number: number): StoredVersion | null {
    const v = this.versions[number - 1];
    return v ? structuredClone(v) : null;
  }

  transaction<T>(fn: () => T): T {
    const saved = {
      session: this.session,
      versions: this.versions.slice(),
      snapshot: this.snapshot,
      updates: this.updates.slice(),
      runtimeErrors: this.runtimeErrors,
    };
    try {
      return fn();
    } catch (err) {
      Object.assign(this, saved);
      throw err;
    }
  }

  loadDoc(): { snapshot: Uint8Array | null; updates: Uint8Array[] } {
    return { snapshot: this.snapshot?.slice() ?? null, updates: this.updates.map((u) => u.slice()) };
  }

  appendDocUpdate(update: Uint8Array): number {
    this.updates.push(update.slice());
    return this.updates.length;
  }

  compactDoc(snapshot: Uint8Array): void {
    this.snapshot = snapshot.slice();
    this.updates = [];
  }

  loadRuntimeErrors(): RuntimeErrorReport | null {
    return this.runtimeErrors ? structuredClone(this.runtimeErrors) : null;
  }

  saveRuntimeErrors(report: RuntimeErrorReport): void {
    this.runtimeErrors = structuredClone(report);
  }
}
