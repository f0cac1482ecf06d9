import {
  CLOSE,
  codeDigest,
  type Diagnostic,
  fail,
  ok,
  type Result,
  type RuntimeError,
  type RuntimeErrorReport,
  type Session,
  type SessionFields,
  STARTER_CODE,
  sessionHash,
  type Version,
  type VersionPage,
  type WriteResult,
} from "@live/shared";
import * as Y from "yjs";
import { LiveDoc, LOAD, SEED } from "../room/doc.ts";
import type { CodeSpaceStore, StoredSession, StoredVersion } from "../storage/store.ts";
import { Serial } from "./serial.ts";
import type { Transpile } from "./transpile.ts";
import { VersionClock } from "./version-clock.ts";

export interface ServiceHooks {
  /** Called after every change of the session (code, transpile, render, version): the JSON broadcast. */
  onSession?: (session: Session) => void;
  /** Asks to be woken (`onAlarm`) at a time: a Durable Object alarm, or a timer in tests. */
  schedule?: (at: number) => void;
  /** Yjs log length that triggers compaction into a snapshot. */
  compactAfter?: number;
}

/** The codeSpace as the editor page embeds it (rule U10). */
export interface EditorState {
  /** `Y.encodeStateAsUpdate` of the codeSpace's document. */
  update: Uint8Array;
  /** The document's text (the source as of `update`). */
  code: string;
  version: number;
  errors: Diagnostic[];
}

/** How a code write becomes history: a version at once (REST, MCP, restore) or by the version clock (live). */
export type WriteMode = "version" | "live";

/** The transaction origin of writes made through the service (REST, MCP, JSON channel). */
export const SERVICE_WRITE = Symbol("service-write");

/**
 * The session and version history of one codeSpace, independent of the runtime (rules S1-S8, V1-V6 in SPEC.md).
 * The Durable Object is a thin shell around it; tests run it in plain Node over a MemoryStore.
 */
export class CodeSpaceService {
  private readonly writes = new Serial();
  private starter: Promise<StoredSession> | null = null;
  private live: LiveDoc | null = null;
  private syncQueued = false;
  private readonly clock = new VersionClock();

  constructor(
    private readonly store: CodeSpaceStore,
    private readonly transpile: Transpile,
    private readonly now: () => Date = () => new Date(),
    private readonly hooks: ServiceHooks = {},
  ) {}

  /**
   * The live document, loaded on first use. A codeSpace without one is seeded with its stored code (or the
   * starter), so every client starts from the same text; seeding is not an edit and makes no version.
   */
  doc(codeSpace: string): LiveDoc {
    if (this.live) return this.live;
    // A queued update that cannot be applied closes its sender's socket (1003), as it would have unqueued.
    const live = new LiveDoc(this.store, this.hooks.compactAfter, (origin, err) => {
      console.error(JSON.stringify({ at: "yjs-apply", codeSpace, message: String(err) }));
      (origin as { close?: (code: number, reason: string) => void } | null)?.close?.(
        CLOSE.unsupported_data,
        "not a y-websocket message",
      );
    });
    if (live.wasEmpty) live.replace(this.store.loadSession()?.code ?? STARTER_CODE, SEED);
    live.onUpdate((_update, origin) => {
      if (origin !== SEED && origin !== LOAD && origin !== SERVICE_WRITE) this.textChanged(codeSpace);
    });
    this.live = live;
    return live;
  }

  /** C2: queued Yjs updates that waited long enough are written and relayed now (called as each event starts). */
  settle(): void {
    this.live?.settle();
  }

  /** C5: a live edit starts a transpile at once unless one runs; edits during it coalesce into the next. */
  textChanged(codeSpace: string): void {
    if (this.syncQueued) return;
    this.syncQueued = true;
    this.writes
      .run(async () => {
        this.syncQueued = false;
        await this.syncLive(codeSpace);
      })
      .catch((err: unknown) => console.error(JSON.stringify({ at: "sync", codeSpace, message: String(err) })));
  }

  /** C7: the version clock fired; make a version of the live text if it is due and differs from the last. */
  onAlarm(): Promise<void> {
    return this.writes.run(async () => {
      const current = this.store.loadSession();
      if (!current) return;
      const now = this.now().getTime();
      if (!this.clock.due(now)) {
        const at = this.clock.nextAt();
        if (at !== null) this.hooks.schedule?.(at);
        return;
      }
      if (this.committed(current)) {
        this.clock.clear();
        return;
      }
      await this.commit(current.codeSpace, pick(current), current.errors);
    });
  }

  /**
   * U10: what the editor page carries, so its editor holds the code before any socket: the document's whole
   * Yjs state (edits made on it before the socket connects are operations on the server's own items, so they
   * merge to exactly what was typed) and the session's version and transpile errors.
   */
  async editorState(codeSpace: string): Promise<EditorState> {
    const live = this.doc(codeSpace);
    const { version, errors } = await this.session(codeSpace);
    return { update: Y.encodeStateAsUpdate(live.doc), code: live.code, version, errors };
  }

  /**
   * Makes a version of the live text now if it differs from the newest version (the assistant's turn end,
   * rule AI6: a turn's live edits become one version). Returns the newest version number either way.
   */
  commitLive(codeSpace: string): Promise<number> {
    return this.writes.run(async () => {
      const current = this.store.loadSession();
      if (!current) return 0;
      const latest = this.committed(current);
      if (latest) return latest.number;
      return (await this.commit(codeSpace, pick(current), current.errors)).version;
    });
  }

  /** The newest version, when it already holds `current`'s code and build (nothing to commit). */
  private committed(current: Session): StoredVersion | null {
    const latest = this.store.getVersion(this.store.versionCount());
    return latest && latest.code === current.code && latest.transpiled === current.transpiled ? latest : null;
  }

  async session(codeSpace: string): Promise<Session> {
    return this.store.loadSession() ?? (await this.starterSession(codeSpace));
  }

  isWritten(): boolean {
    return this.store.versionCount() > 0;
  }

  /** S4: a write that changes `code` or `transpiled` makes a version; the source is kept even if it fails to compile. */
  writeCode(codeSpace: string, code: string): Promise<Result<WriteResult>> {
    return this.writeCodeWith(codeSpace, () => ok(code));
  }

  /**
   * The one read-modify-write path for code: `transform` gets the current code inside the write queue, so
   * no other write can slip in between the read and the write. A failed transform changes nothing (E4).
   */
  writeCodeWith<X = undefined>(
    codeSpace: string,
    transform: (current: string) => Result<string> | Result<{ code: string; extra: X }>,
    mode: WriteMode = "version",
  ): Promise<Result<WriteResult & { extra?: X }>> {
    return this.writes.run(async () => {
      const live = this.doc(codeSpace);
      const next = transform(live.code);
      if (!next.ok) return next;
      const { code, extra } = typeof next.value === "string" ? { code: next.value, extra: undefined } : next.value;
      // C4: the write goes into the Y.Text as a minimal diff, so it merges with concurrent typing.
      live.replace(code, SERVICE_WRITE);
      const merged = live.code;
      const result =
        mode === "version"
          ? await this.commitCode(codeSpace, merged, await this.session(codeSpace))
          : { ...(await this.syncLive(codeSpace)), live: true as const };
      return ok(extra === undefined ? result : { ...result, extra });
    });
  }

  /**
   * S6: html/css reported by a preview update the session but never make a version. U3: a report that names
   * the code it came from (`codeHash`) is refused once the code has changed, so a late report of an older render
   * cannot overwrite the current one (previews that already show the current render would not report again).
   */
  writeRendered(
    codeSpace: string,
    render: { html?: string; css?: string },
    codeHash?: string,
  ): Promise<Result<WriteResult>> {
    return this.writes.run(async () => {
      if (codeHash !== undefined && codeHash !== codeDigest(this.doc(codeSpace).code)) {
        return fail("conflict", "this render is of code that has changed since; the newer code's render is reported", {
          stale: true,
        });
      }
      const current = await this.session(codeSpace);
      const fields = { ...pick(current), ...definedOnly(render) };
      const hash = await sessionHash(codeSpace, fields);
      const changed = hash !== current.hash;
      if (changed) {
        this.store.saveSession({ ...current, ...fields, codeSpace, hash });
        this.emit();
      }
      return ok({ codeSpace, version: current.version, hash, changed, errors: current.errors });
    });
  }

  versions(codeSpace: string, limit: number, before?: number): VersionPage {
    const versions = this.store.listVersions(limit, before);
    const versionCount = this.store.versionCount();
    const last = versions[versions.length - 1];
    const page: VersionPage = { codeSpace, versionCount, versions };
    if (last && last.number > 1 && versions.length === limit) page.nextBefore = last.number;
    return page;
  }

  version(codeSpace: string, number: number): Result<Version> {
    const v = this.store.getVersion(number);
    if (!v) return fail("not_found", `codeSpace ${codeSpace} has no version ${number}`);
    return ok({ codeSpace, ...v });
  }

  /** V4: restoring version N writes N's code as a new version (history is never rewritten). */
  restore(codeSpace: string, number: number): Promise<Result<WriteResult>> {
    return this.writeCodeWith(codeSpace, () => {
      const v = this.store.getVersion(number);
      return v ? ok(v.code) : fail("not_found", `codeSpace ${codeSpace} has no version ${number}`);
    });
  }

  /** F2: a fork target must never have been written; it starts with the source's fields as version 1. */
  importFork(codeSpace: string, from: SessionFields): Promise<Result<WriteResult>> {
    return this.writes.run(async () => {
      if (this.isWritten()) return fail("conflict", `codeSpace ${codeSpace} already exists; pick another name`);
      const compiled = await this.compile(from.code, from.transpiled);
      const fields = { ...from, transpiled: compiled.transpiled };
      return ok(await this.commit(codeSpace, fields, compiled.diagnostics));
    });
  }

  /** M20: a preview's runtime errors replace its previous report, stamped with the version current now. */
  reportRuntimeErrors(errors: RuntimeError[]): RuntimeErrorReport {
    const report = { version: this.store.loadSession()?.version ?? 0, reportedAt: this.now().toISOString(), errors };
    this.store.saveRuntimeErrors(report);
    return report;
  }

  runtimeErrors(): RuntimeErrorReport | null {
    return this.store.loadRuntimeErrors();
  }

  private async commitCode(codeSpace: string, code: string, current: Session): Promise<WriteResult> {
    if (code === current.code && current.version > 0) {
      return { codeSpace, version: current.version, hash: current.hash, changed: false, errors: current.errors };
    }
    const { transpiled, diagnostics } = await this.compile(code, current.transpiled);
    const fields = { code, transpiled, html: current.html, css: current.css };
    return this.commit(codeSpace, fields, diagnostics);
  }

  /** S5: on a failed transpile `transpiled` keeps the last output that compiled. */
  private async compile(code: string, lastGood: string): Promise<{ transpiled: string; diagnostics: Diagnostic[] }> {
    const outcome = await this.transpile(code);
    return outcome.ok
      ? { transpiled: outcome.code, diagnostics: [] }
      : { transpiled: lastGood, diagnostics: outcome.diagnostics };
  }

  private async commit(codeSpace: string, fields: SessionFields, errors: Diagnostic[]): Promise<WriteResult> {
    const hash = await sessionHash(codeSpace, fields);
    const createdAt = this.now().toISOString();
    const version = this.store.transaction(() => {
      const number = this.store.versionCount() + 1;
      this.store.appendVersion({ number, ...fields, hash, createdAt });
      this.store.saveSession({ codeSpace, ...fields, hash, version: number, errors });
      return number;
    });
    this.clock.clear();
    this.emit();
    return { codeSpace, version, hash, changed: true, errors };
  }

  /** Brings the session up to the live text (transpiled, hashed, broadcast) without making a version. */
  private async syncLive(codeSpace: string): Promise<WriteResult> {
    const current = await this.session(codeSpace);
    const code = this.doc(codeSpace).code;
    if (code === current.code && current.version > 0) {
      return { codeSpace, version: current.version, hash: current.hash, changed: false, errors: current.errors };
    }
    const { transpiled, diagnostics } = await this.compile(code, current.transpiled);
    const fields = { code, transpiled, html: current.html, css: current.css };
    const hash = await sessionHash(codeSpace, fields);
    this.store.saveSession({ codeSpace, ...fields, hash, version: current.version, errors: diagnostics });
    this.hooks.schedule?.(this.clock.touch(this.now().getTime()));
    this.emit();
    return { codeSpace, version: current.version, hash, changed: true, errors: diagnostics };
  }

  private emit(): void {
    const session = this.store.loadSession();
    if (session && this.hooks.onSession) this.hooks.onSession(session);
  }

  /** S2: a codeSpace never written shows the starter component, transpiled once per instance, stored never. */
  private starterSession(codeSpace: string): Promise<StoredSession> {
    this.starter ??= (async () => {
      const { transpiled, diagnostics } = await this.compile(STARTER_CODE, "");
      const fields = { code: STARTER_CODE, transpiled, html: "", css: "" };
      return { codeSpace, ...fields, hash: await sessionHash(codeSpace, fields), version: 0, errors: diagnostics };
    })();
    this.starter.catch(() => {
      this.starter = null;
    });
    return this.starter;
  }
}

const pick = (s: SessionFields): SessionFields => ({
  code: s.code,
  transpiled: s.transpiled,
  html: s.html,
  css: s.css,
});

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
