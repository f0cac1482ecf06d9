import type { Diagnostic, RuntimeError, RuntimeErrorReport, VersionSummary } from "@live/shared";
import type { CodeSpaceStore, StoredSession, StoredVersion } from "./store.ts";

/** Schema migrations, applied in order; each runs once (tracked in `_migrations`). */
const MIGRATIONS: string[] = [
  `CREATE TABLE session (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     code_space TEXT NOT NULL, code TEXT NOT NULL, transpiled TEXT NOT NULL,
     html TEXT NOT NULL, css TEXT NOT NULL, hash TEXT NOT NULL,
     version INTEGER NOT NULL, errors TEXT NOT NULL);
   CREATE TABLE versions (
     number INTEGER PRIMARY KEY, code TEXT NOT NULL, transpiled TEXT NOT NULL,
     html TEXT NOT NULL, css TEXT NOT NULL, hash TEXT NOT NULL, created_at TEXT NOT NULL);`,
  `CREATE TABLE doc_snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), data BLOB NOT NULL);
   CREATE TABLE doc_updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL);`,
  // 2: the runtime errors a preview reports (rule M20); one row, replaced by each report.
  `CREATE TABLE runtime_errors (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     version INTEGER NOT NULL, reported_at TEXT NOT NULL, errors TEXT NOT NULL);`,
];

type Row = Record<string, SqlStorageValue>;

/** CodeSpaceStore over Durable Object SQLite storage. Versions are keyed by number: one indexed range scan a page. */
export class SqliteStore implements CodeSpaceStore {
  /** Length of the Yjs update log, kept in memory after the first count (one query less per keystroke). */
  private logLength: number | null = null;
  /**
   * The session row as last read or written (undefined: not known). The Durable Object is this storage's only
   * writer, so reads need not go to SQLite: live typing read the whole row (code and module, up to MiBs) several
   * times per transpile. Frozen, so no caller can change what the next one reads.
   */
  private session: Readonly<StoredSession> | null | undefined;

  constructor(private readonly storage: DurableObjectStorage) {}

  /** Safe to call on every start: applies only the migrations not applied yet. */
  migrate(): void {
    const sql = this.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY)");
    const done = new Set(
      sql
        .exec<{ id: number }>("SELECT id FROM _migrations")
        .toArray()
        .map((r) => r.id),
    );
    MIGRATIONS.forEach((ddl, id) => {
      if (done.has(id)) return;
      this.storage.transactionSync(() => {
        sql.exec(ddl);
        sql.exec("INSERT INTO _migrations (id) VALUES (?)", id);
      });
    });
  }

  loadSession(): StoredSession | null {
    if (this.session !== undefined) return this.session;
    const row = this.storage.sql.exec<Row>("SELECT * FROM session WHERE id = 1").toArray()[0];
    this.session = row ? frozen(this.readSession(row)) : null;
    return this.session;
  }

  private readSession(row: Row): StoredSession {
    return {
      codeSpace: String(row.code_space),
      code: String(row.code),
      transpiled: String(row.transpiled),
      html: String(row.html),
      css: String(row.css),
      hash: String(row.hash),
      version: Number(row.version),
      errors: JSON.parse(String(row.errors)) as Diagnostic[],
    };
  }

  saveSession(s: StoredSession): void {
    this.storage.sql.exec(
      `INSERT INTO session (id, code_space, code, transpiled, html, css, hash, version, errors)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET code_space = excluded.code_space, code = excluded.code,
         transpiled = excluded.transpiled, html = excluded.html, css = excluded.css, hash = excluded.hash,
         version = excluded.version, errors = excluded.errors`,
      s.codeSpace,
      s.code,
      s.transpiled,
      s.html,
      s.css,
      s.hash,
      s.version,
      JSON.stringify(s.errors),
    );
    this.session = frozen({ ...s, errors: [...s.errors] });
  }

  appendVersion(v: StoredVersion): void {
    const count = this.versionCount();
    if (v.number !== count + 1) throw new Error(`version ${v.number} out of sequence (have ${count})`);
    this.storage.sql.exec(
      "INSERT INTO versions (number, code, transpiled, html, css, hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      v.number,
      v.code,
      v.transpiled,
      v.html,
      v.css,
      v.hash,
      v.createdAt,
    );
  }

  versionCount(): number {
    const row = this.storage.sql.exec<{ n: number | null }>("SELECT MAX(number) AS n FROM versions").one();
    return row.n ?? 0;
  }

  listVersions(limit: number, before?: number): VersionSummary[] {
    return this.storage.sql
      .exec<{ number: number; hash: string; created_at: string }>(
        "SELECT number, hash, created_at FROM versions WHERE number < ? ORDER BY number DESC LIMIT ?",
        before ?? Number.MAX_SAFE_INTEGER,
        limit,
      )
      .toArray()
      .map((r) => ({ number: r.number, hash: r.hash, createdAt: r.created_at }));
  }

  getVersion(number: number): StoredVersion | null {
    const r = this.storage.sql.exec<Row>("SELECT * FROM versions WHERE number = ?", number).toArray()[0];
    if (!r) return null;
    return {
      number: Number(r.number),
      code: String(r.code),
      transpiled: String(r.transpiled),
      html: String(r.html),
      css: String(r.css),
      hash: String(r.hash),
      createdAt: String(r.created_at),
    };
  }

  transaction<T>(fn: () => T): T {
    try {
      return this.storage.transactionSync(fn);
    } catch (err) {
      // ST5: what `fn` wrote was rolled back, so what is kept in memory of it is read again.
      this.session = undefined;
      this.logLength = null;
      throw err;
    }
  }

  loadDoc(): { snapshot: Uint8Array | null; updates: Uint8Array[] } {
    const sql = this.storage.sql;
    const snap = sql.exec<{ data: ArrayBuffer }>("SELECT data FROM doc_snapshot WHERE id = 1").toArray()[0];
    const updates = sql
      .exec<{ data: ArrayBuffer }>("SELECT data FROM doc_updates ORDER BY seq")
      .toArray()
      .map((r) => new Uint8Array(r.data));
    return { snapshot: snap ? new Uint8Array(snap.data) : null, updates };
  }

  appendDocUpdate(update: Uint8Array): number {
    this.logLength ??= this.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM doc_updates").one().n;
    this.storage.sql.exec("INSERT INTO doc_updates (data) VALUES (?)", update);
    this.logLength += 1;
    return this.logLength;
  }

  compactDoc(snapshot: Uint8Array): void {
    this.storage.transactionSync(() => {
      this.storage.sql.exec(
        "INSERT INTO doc_snapshot (id, data) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data",
        snapshot,
      );
      this.storage.sql.exec("DELETE FROM doc_updates");
    });
    this.logLength = 0;
  }

  loadRuntimeErrors(): RuntimeErrorReport | null {
    const r = this.storage.sql.exec<Row>("SELECT * FROM runtime_errors WHERE id = 1").toArray()[0];
    if (!r) return null;
    return {
      version: Number(r.version),
      reportedAt: String(r.reported_at),
      errors: JSON.parse(String(r.errors)) as RuntimeError[],
    };
  }

  saveRuntimeErrors(report: RuntimeErrorReport): void {
    this.storage.sql.exec(
      `INSERT INTO runtime_errors (id, version, reported_at, errors) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version, reported_at = excluded.reported_at,
         errors = excluded.errors`,
      report.version,
      report.reportedAt,
      JSON.stringify(report.errors),
    );
  }
}

function frozen(s: StoredSession): Readonly<StoredSession> {
  Object.freeze(s.errors);
  return Object.freeze(s);
}
