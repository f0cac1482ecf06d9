import type { Principal } from "../auth/can.ts";

/** What the room needs of a WebSocket: the Durable Object wraps hibernatable sockets, tests wrap fakes. */
export interface RoomSocket {
  /** Stable for the socket's life, kept in its attachment across hibernation. */
  readonly id: string;
  readonly state: SocketState;
  send(data: string | Uint8Array): void;
  close(code: number, reason: string): void;
  /** Persists a changed state in the socket's attachment. */
  save(state: SocketState): void;
}

/** Per-connection state, kept in the socket attachment (it survives hibernation). */
export interface SocketState {
  id: string;
  kind: "yjs" | "json";
  codeSpace: string;
  /** Awareness client ids this socket announced, cleared when it goes (C9). */
  clientIds: number[];
  /** Who opened it, as the Worker resolved it (A2); absent: anonymous. */
  principal?: Principal;
  /** A9: this socket syncs and shows presence but may not change the document. */
  readOnly?: boolean;
  /** The client was told it is read-only (once per socket, until its rights change again). */
  told?: boolean;
  /** The address it came from (`CF-Connecting-IP`), which C11's penalty is kept for. */
  address?: string;
  /** C13, on a writer: this socket is the upstream of relay `shard`, which last reported `viewers`. */
  relay?: { shard: number; viewers: number };
  /** C13, on a relay: the shard of the relay tier this viewer was placed on (a woken relay re-subscribes). */
  shard?: number;
}

export interface RoomLimits {
  /** Messages a second a socket may send on average (bursts up to twice that). */
  messagesPerSecond: number;
  /** Seconds an address may not open another socket after one of its sockets was closed for its rate. */
  penaltySeconds: number;
}

/** A token bucket per socket (C11): over the limit a JSON socket is told, then closed; a Yjs socket is closed. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number; warned: boolean }>();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * "ok"; "over" (over the limit: the message is refused, `warn` the first time); or "close" (the excess went
   * on for more than a second's worth of messages).
   */
  take(id: string): { verdict: "ok" | "over" | "close"; warn: boolean } {
    const now = this.now();
    const capacity = this.perSecond * 2;
    const b = this.buckets.get(id) ?? { tokens: capacity, at: now, warned: false };
    b.tokens = Math.min(capacity, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    this.buckets.set(id, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      b.warned = false;
      return { verdict: "ok", warn: false };
    }
    b.tokens -= 1;
    if (b.tokens < -this.perSecond) return { verdict: "close", warn: false };
    const warn = !b.warned;
    b.warned = true;
    return { verdict: "over", warn };
  }

  forget(id: string): void {
    this.buckets.delete(id);
  }
}

/**
 * C11: the addresses whose socket was closed for its rate, and until when they may not open another one here. A
 * flooder that reconnects at once would otherwise get a fresh bucket, and its burst, every time.
 */
export class Penalties {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly seconds: number,
    private readonly now: () => number = () => Date.now(),
    private readonly max = 4096,
  ) {}

  add(address: string | undefined, seconds = this.seconds): void {
    if (!address || !(seconds > 0)) return;
    if (this.until.size >= this.max) {
      for (const [a, at] of this.until) if (at <= this.now()) this.until.delete(a);
      if (this.until.size >= this.max) this.until.clear();
    }
    this.until.set(address, this.now() + seconds * 1000);
  }

  /** Whole seconds `address` must still wait (at least 1), or 0. */
  left(address: string | undefined): number {
    if (!address) return 0;
    const at = this.until.get(address);
    if (at === undefined) return 0;
    const ms = at - this.now();
    if (ms > 0) return Math.ceil(ms / 1000);
    this.until.delete(address);
    return 0;
  }
}
