// The D1 side of analytics (rule P11): one batch of upserts per flush, and the last 30 days for the chart.
import { ANALYTICS_DAYS, type DayStats } from "@live/shared";
import { type DayCounts, utcDay } from "./batch.ts";

const DAY_MS = 86_400_000;

export async function writeCounts(db: D1Database, codeSpace: string, counts: DayCounts[]): Promise<void> {
  const statements: D1PreparedStatement[] = [];
  let editedAt = 0;
  for (const c of counts) {
    statements.push(
      db
        .prepare(
          `INSERT INTO codespace_daily (name, day, editor_views, preview_views, page_views, edits, versions)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(name, day) DO UPDATE SET
             editor_views = editor_views + excluded.editor_views, preview_views = preview_views + excluded.preview_views,
             page_views = page_views + excluded.page_views, edits = edits + excluded.edits,
             versions = versions + excluded.versions`,
        )
        .bind(codeSpace, c.day, c.editorViews, c.previewViews, c.pageViews, c.edits, c.versions),
    );
    for (const e of c.editors) {
      statements.push(
        db
          .prepare("INSERT INTO codespace_editors (name, day, editor) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
          .bind(codeSpace, c.day, e),
      );
    }
    editedAt = Math.max(editedAt, c.editedAt ?? 0);
  }
  if (editedAt) {
    statements.push(
      db
        .prepare(
          `INSERT INTO codespace_meta (name, created_at, edited_at) VALUES (?1, ?2, ?2) ON CONFLICT(name) DO UPDATE SET
             edited_at = max(coalesce(edited_at, 0), excluded.edited_at), created_at = coalesce(created_at, excluded.created_at)`,
        )
        .bind(codeSpace, editedAt),
    );
  }
  if (statements.length) await db.batch(statements);
}

/** The last `ANALYTICS_DAYS` UTC days, oldest first, every day present (zeros where nothing happened). */
export async function readStats(db: D1Database, codeSpace: string, now = Date.now()): Promise<DayStats[]> {
  const days = Array.from({ length: ANALYTICS_DAYS }, (_, i) => utcDay(now - (ANALYTICS_DAYS - 1 - i) * DAY_MS));
  const from = days[0] as string;
  const [daily, editors] = await db.batch([
    db
      .prepare(
        "SELECT day, editor_views, preview_views, page_views, edits, versions FROM codespace_daily WHERE name = ? AND day >= ?",
      )
      .bind(codeSpace, from),
    db
      .prepare("SELECT day, count(*) AS editors FROM codespace_editors WHERE name = ? AND day >= ? GROUP BY day")
      .bind(codeSpace, from),
  ]);
  type Row = Record<string, number | string>;
  const byDay = new Map(((daily?.results ?? []) as Row[]).map((r) => [r.day, r]));
  const editorsByDay = new Map(((editors?.results ?? []) as Row[]).map((r) => [r.day, Number(r.editors)]));
  return days.map((day) => {
    const r = byDay.get(day);
    return {
      day,
      editorViews: Number(r?.editor_views ?? 0),
      previewViews: Number(r?.preview_views ?? 0),
      pageViews: Number(r?.page_views ?? 0),
      edits: Number(r?.edits ?? 0),
      versions: Number(r?.versions ?? 0),
      editors: editorsByDay.get(day) ?? 0,
    };
  });
}
