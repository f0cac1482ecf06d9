// Metadata of every codeSpace in D1 (rule P10): title, description, created, last edited, forked from, published.
import type { CodeSpaceMeta, MetaUpdate } from "@live/shared";

interface MetaRow {
  title: string | null;
  description: string | null;
  created_at: number | null;
  edited_at: number | null;
  forked_from: string | null;
  published_version: number | null;
  published_archive: string | null;
  published_at: number | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function getMeta(db: D1Database, codeSpace: string): Promise<CodeSpaceMeta> {
  const row = await db.prepare("SELECT * FROM codespace_meta WHERE name = ?").bind(codeSpace).first<MetaRow>();
  return {
    codeSpace,
    title: row?.title ?? null,
    description: row?.description ?? null,
    createdAt: iso(row?.created_at ?? null),
    editedAt: iso(row?.edited_at ?? null),
    forkedFrom: row?.forked_from ?? null,
    published:
      row?.published_archive && row.published_version !== null && row.published_at !== null
        ? { version: row.published_version, archive: row.published_archive, at: iso(row.published_at) as string }
        : null,
  };
}

/** Sets the fields given (an empty string or null clears one). */
export async function setMeta(db: D1Database, codeSpace: string, update: MetaUpdate): Promise<void> {
  const clean = (v: string | null | undefined) => (v === undefined ? undefined : v ? v : null);
  const title = clean(update.title);
  const description = clean(update.description);
  await db
    .prepare(
      `INSERT INTO codespace_meta (name, title, description) VALUES (?1, ?2, ?3)
       ON CONFLICT(name) DO UPDATE SET
         title = CASE WHEN ?4 THEN excluded.title ELSE title END,
         description = CASE WHEN ?5 THEN excluded.description ELSE description END`,
    )
    .bind(codeSpace, title ?? null, description ?? null, title !== undefined ? 1 : 0, description !== undefined ? 1 : 0)
    .run();
}

export async function markForked(db: D1Database, codeSpace: string, from: string, at = Date.now()): Promise<void> {
  await db
    .prepare(
      `INSERT INTO codespace_meta (name, created_at, edited_at, forked_from) VALUES (?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET forked_from = excluded.forked_from, created_at = coalesce(created_at, excluded.created_at)`,
    )
    .bind(codeSpace, at, at, from)
    .run();
}

export async function markPublished(
  db: D1Database,
  codeSpace: string,
  published: { version: number; archive: string; at: number } | null,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO codespace_meta (name, published_version, published_archive, published_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET published_version = excluded.published_version,
         published_archive = excluded.published_archive, published_at = excluded.published_at`,
    )
    .bind(codeSpace, published?.version ?? null, published?.archive ?? null, published?.at ?? null)
    .run();
}
