/** When live edits become a version (rule C7): after `idleMs` of stillness, or every `maxMs` of change. */
export class VersionClock {
  private dirtySince: number | null = null;
  private lastChange = 0;

  constructor(
    readonly idleMs = 1000,
    readonly maxMs = 10_000,
  ) {}

  /** Records a change at `now` and answers when the next version is due. */
  touch(now: number): number {
    this.dirtySince ??= now;
    this.lastChange = now;
    return this.nextAt() as number;
  }

  /** The time a version is due, or null when nothing changed since the last one. */
  nextAt(): number | null {
    if (this.dirtySince === null) return null;
    return Math.min(this.lastChange + this.idleMs, this.dirtySince + this.maxMs);
  }

  /** True when a version is due, or when this instance does not know (it started after the edits). */
  due(now: number): boolean {
    const at = this.nextAt();
    return at === null || now >= at;
  }

  clear(): void {
    this.dirtySince = null;
  }
}
