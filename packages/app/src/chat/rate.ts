/**
 * Rule AI12: at most `limit` turns a minute per client, in a sliding window. Kept in the Durable Object's
 * memory: a limit per codeSpace and client, which hibernation may reset (it errs on the side of the user).
 */
export class TurnRateLimiter {
  private readonly starts = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a turn for `client`, or says how many seconds until one more is allowed. */
  take(client: string): { ok: true } | { ok: false; retryAfter: number } {
    const now = this.now();
    const recent = (this.starts.get(client) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      const retryAfter = Math.max(1, Math.ceil(((recent[0] as number) + this.windowMs - now) / 1000));
      this.starts.set(client, recent);
      return { ok: false, retryAfter };
    }
    recent.push(now);
    this.starts.set(client, recent);
    return { ok: true };
  }
}
