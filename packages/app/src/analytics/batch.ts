// Analytics counted in memory by a codeSpace's Durable Object and written to D1 in batches (rule P11), so no
// request waits for them. Runtime-free: tested in Node.
import type { DayStats, ViewKind } from "@live/shared";

/** A day's counts as the batch keeps them: the distinct editors themselves, not yet their number. */
export interface DayCounts extends Omit<DayStats, "editors"> {
  /** `u:<user id>`, `s:<socket id>` or `anonymous` (never a name, address or anything else about a person). */
  editors: string[];
  /** The time of the last edit counted, for "last edited". */
  editedAt: number | null;
}

export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const DAY_MS = 86_400_000;

const VIEW_FIELD = { editor: "editorViews", preview: "previewViews", page: "pageViews" } as const;

export class AnalyticsBatch {
  private days = new Map<string, Omit<DayCounts, "editors"> & { editors: Set<string> }>();
  /** The current UTC day and when it ends: formatting a date on every counted keystroke cost 10% of a trace replay. */
  private current = { day: "", endsAt: 0 };

  constructor(private readonly now: () => number = Date.now) {}

  private today() {
    const now = this.now();
    if (now >= this.current.endsAt || now < this.current.endsAt - DAY_MS) {
      this.current = { day: utcDay(now), endsAt: (Math.floor(now / DAY_MS) + 1) * DAY_MS };
    }
    const day = this.current.day;
    let d = this.days.get(day);
    if (!d) {
      d = {
        day,
        editorViews: 0,
        previewViews: 0,
        pageViews: 0,
        edits: 0,
        versions: 0,
        editors: new Set(),
        editedAt: null,
      };
      this.days.set(day, d);
    }
    return d;
  }

  view(kind: ViewKind): void {
    this.today()[VIEW_FIELD[kind]]++;
  }

  edit(editor: string): void {
    const d = this.today();
    d.edits++;
    d.editors.add(editor);
    d.editedAt = this.now();
  }

  versions(n: number): void {
    if (n > 0) this.today().versions += n;
  }

  get empty(): boolean {
    return this.days.size === 0;
  }

  /** Everything counted since the last take, emptying the batch. */
  take(): DayCounts[] {
    const out = [...this.days.values()].map((d) => ({ ...d, editors: [...d.editors] }));
    this.days.clear();
    return out;
  }

  /** Puts back what a failed write took, so nothing counted is lost to one D1 hiccup. */
  putBack(counts: DayCounts[]): void {
    for (const c of counts) {
      const d = this.days.get(c.day) ?? {
        ...c,
        editorViews: 0,
        previewViews: 0,
        pageViews: 0,
        edits: 0,
        versions: 0,
        editors: new Set<string>(),
        editedAt: null,
      };
      d.editorViews += c.editorViews;
      d.previewViews += c.previewViews;
      d.pageViews += c.pageViews;
      d.edits += c.edits;
      d.versions += c.versions;
      for (const e of c.editors) d.editors.add(e);
      d.editedAt = Math.max(d.editedAt ?? 0, c.editedAt ?? 0) || null;
      this.days.set(c.day, d);
    }
  }
}
