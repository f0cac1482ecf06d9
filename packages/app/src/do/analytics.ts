import type { ViewKind } from "@live/shared";
import { AnalyticsBatch } from "../analytics/batch.ts";
import { readStats, writeCounts } from "../analytics/store.ts";
import type { Principal } from "../auth/can.ts";

/** How long counts wait in memory before one D1 batch writes them (P11): requests never wait for D1. */
export const FLUSH_MS = 5_000;

/** Who an edit counts as among a day's distinct editors (P11): a user id, a socket's random id, or anonymous. */
export function editorKey(by: Principal, socketId?: string): string {
  if (by.kind === "user") return `u:${by.user.id}`;
  return socketId ? `s:${socketId}` : "anonymous";
}

/**
 * The Durable Object's side of analytics: counts go into an in-memory batch that a timer writes to D1 a few
 * seconds later (or at once when someone reads them). If the object is evicted before a flush, those few seconds
 * of counts are lost: analytics, not accounting.
 */
export class DurableAnalytics {
  private readonly batch = new AnalyticsBatch();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private codeSpace = "";
  private lastVersion: number;

  constructor(
    private readonly db: D1Database,
    versionCount: number,
  ) {
    this.lastVersion = versionCount;
  }

  view(codeSpace: string, kind: ViewKind): void {
    this.codeSpace = codeSpace;
    this.batch.view(kind);
    this.schedule();
  }

  edit(codeSpace: string, by: Principal, socketId?: string): void {
    this.codeSpace = codeSpace;
    this.batch.edit(editorKey(by, socketId));
    this.schedule();
  }

  /** Called with every session: a higher version number than last seen counts the versions made since. */
  sawVersion(codeSpace: string, version: number): void {
    if (version <= this.lastVersion) return;
    this.codeSpace = codeSpace;
    this.batch.versions(version - this.lastVersion);
    this.lastVersion = version;
    this.schedule();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush().catch(() => {});
    }, FLUSH_MS);
  }

  async flush(): Promise<void> {
    if (this.batch.empty || !this.codeSpace) return;
    const counts = this.batch.take();
    try {
      await writeCounts(this.db, this.codeSpace, counts);
    } catch (err) {
      this.batch.putBack(counts);
      console.error(JSON.stringify({ at: "analytics", codeSpace: this.codeSpace, error: (err as Error).name }));
      throw err;
    }
  }

  /** The last 30 days, including what is still in memory. */
  async read(codeSpace: string) {
    await this.flush();
    return readStats(this.db, codeSpace);
  }
}
