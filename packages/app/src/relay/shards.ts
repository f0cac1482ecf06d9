import type { RoomSocket } from "../room/socket.ts";

/** The relay tier's settings (`RELAY_*` vars of packages/app/wrangler.jsonc). */
export interface RelayLimits {
  /** JSON viewers the writer holds itself; the next ones go to relays. */
  after: number;
  /** Viewers a relay is given before the next relay is used. */
  size: number;
  /** Relays per codeSpace; 0 turns the tier off. */
  max: number;
}

export function relayLimits(env: { RELAY_AFTER?: string; RELAY_SIZE?: string; RELAY_MAX?: string }): RelayLimits {
  const num = (v: string | undefined, d: number) => (v === undefined || v === "" ? d : Number(v));
  return { after: num(env.RELAY_AFTER, 500), size: num(env.RELAY_SIZE, 500), max: num(env.RELAY_MAX, 20) };
}

/**
 * Where the writer places a new JSON viewer (rule C13), runtime-free. Each relay's load is what it last reported
 * (kept in its upstream socket's attachment, so a woken writer still knows it) plus the viewers sent its way since;
 * the lowest relay with room is used, so relays fill one after another and an idle tier stays small.
 */
export class RelayShards {
  private readonly sentSince = new Map<number, number>();

  constructor(private readonly limits: RelayLimits) {}

  /** A relay's shard for the next viewer, or null: the writer keeps it (below the threshold, or every relay is full). */
  place(sockets: RoomSocket[], maxSockets: number): number | null {
    const { after, size, max } = this.limits;
    if (max <= 0) return null;
    let direct = 0;
    const reported = new Map<number, number>();
    for (const s of sockets) {
      if (s.state.relay) reported.set(s.state.relay.shard, s.state.relay.viewers);
      else if (s.state.kind === "json") direct++;
    }
    if (direct < after && sockets.length < maxSockets) return null;
    for (let shard = 0; shard < max; shard++) {
      const load = (reported.get(shard) ?? 0) + (this.sentSince.get(shard) ?? 0);
      if (load < size) {
        this.sentSince.set(shard, (this.sentSince.get(shard) ?? 0) + 1);
        return shard;
      }
    }
    return null;
  }

  /** A relay's report: its own count replaces what was estimated. */
  reported(socket: RoomSocket, viewers: number): void {
    const shard = socket.state.relay?.shard;
    if (shard === undefined) return;
    socket.save({ ...socket.state, relay: { shard, viewers } });
    this.sentSince.delete(shard);
  }
}
