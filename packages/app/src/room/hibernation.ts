import { CLOSE, type ErrorBody } from "@live/shared";
import type { RoomSocket, SocketState } from "./socket.ts";

/** RoomSocket over a hibernatable Durable Object WebSocket: its state lives in the attachment (C12). */
function wrap(ws: WebSocket): RoomSocket {
  let state = ws.deserializeAttachment() as SocketState;
  return {
    id: state.id,
    // Read through, so a change saved during this event is what the rest of the event sees.
    get state() {
      return state;
    },
    send: (data) => ws.send(data),
    close: (code, reason) => {
      try {
        ws.close(code, reason);
      } catch {
        // Already closing: a flooder's frames still queued behind the one that closed it.
      }
    },
    save: (next) => {
      ws.serializeAttachment(next);
      state = next;
    },
  };
}

/**
 * The open sockets of one Durable Object, wrapped once: `ctx.getWebSockets()` and `deserializeAttachment()` are
 * native calls, and a broadcast to 1,000 sockets made 1,001 of them per update. The registry is filled from
 * `ctx.getWebSockets()` once per instance (so a woken object rebuilds it from its sockets, C12), then kept by
 * accept and close; attachments stay the source of truth, written through on every change of a socket's state.
 */
export class SocketRegistry {
  private readonly byWs = new Map<WebSocket, RoomSocket>();
  private readonly lists: Record<"all" | "yjs" | "json", RoomSocket[] | null> = { all: null, yjs: null, json: null };
  private loaded = false;

  constructor(private readonly ctx: DurableObjectState) {}

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    for (const ws of this.ctx.getWebSockets()) if (!this.byWs.has(ws)) this.byWs.set(ws, wrap(ws));
  }

  /** The room socket of `ws` (the same object for the socket's life in this instance). */
  get(ws: WebSocket): RoomSocket {
    this.load();
    const known = this.byWs.get(ws);
    if (known) return known;
    // Another JS object for a socket we hold (the runtime need not keep identity): one entry per socket id.
    const socket = wrap(ws);
    for (const [other, s] of this.byWs) if (s.id === socket.id) this.byWs.delete(other);
    this.add(ws, socket);
    return socket;
  }

  add(ws: WebSocket, socket: RoomSocket): void {
    this.load();
    this.byWs.set(ws, socket);
    this.changed();
  }

  remove(ws: WebSocket): void {
    if (this.byWs.delete(ws)) this.changed();
  }

  /** Every socket, or those of one channel; the array is shared until the next accept or close. */
  all(kind?: "yjs" | "json"): RoomSocket[] {
    this.load();
    const key = kind ?? "all";
    this.lists[key] ??= [...this.byWs.values()].filter((s) => !kind || s.state.kind === kind);
    return this.lists[key];
  }

  get size(): number {
    this.load();
    return this.byWs.size;
  }

  private changed(): void {
    this.lists.all = this.lists.yjs = this.lists.json = null;
  }
}

const jsonError = (status: number, code: ErrorBody["error"]["code"], message: string) =>
  Response.json({ error: { code, message } } satisfies ErrorBody, { status });

export const sockets = {
  wrap,

  /**
   * C11: not an upgrade is 426; an address whose socket was just closed for its rate is 429 for `penalty`
   * seconds; a full codeSpace is a clear 503 (clients retry later).
   */
  refuse(request: Request, open: number, max: number, penalty = 0): Response | null {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return jsonError(426, "upgrade_required", "this endpoint speaks WebSocket: send Upgrade: websocket");
    }
    if (penalty > 0) return sockets.rateLimited(penalty);
    if (open >= max) {
      return jsonError(503, "codespace_full", `this codeSpace has its maximum of ${max} connections; try again later`);
    }
    return null;
  },

  /** C11's 429: this address must wait `seconds` before it opens another socket on this codeSpace. */
  rateLimited(seconds: number): Response {
    const message = `a socket from this address was closed for sending too fast; reconnect in ${seconds} s`;
    const res = jsonError(429, "rate_limited", message);
    res.headers.set("Retry-After", String(seconds));
    return res;
  },

  accept(
    ctx: DurableObjectState,
    registry: SocketRegistry,
    kind: "yjs" | "json",
    codeSpace: string,
    access: Pick<SocketState, "principal" | "readOnly" | "address" | "relay" | "shard"> = {},
  ): { client: WebSocket; room: RoomSocket } {
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    ctx.acceptWebSocket(server, [kind]);
    const state: SocketState = { id: crypto.randomUUID(), kind, codeSpace, clientIds: [], ...access };
    server.serializeAttachment(state);
    const room = wrap(server);
    registry.add(server, room);
    return { client, room };
  },

  /** Completes the closing handshake; a socket that is already closed needs nothing. */
  finishClose(ws: WebSocket, code: number, reason: string): void {
    try {
      ws.close(code === 1005 || code === 1006 ? CLOSE.normal : code, reason);
    } catch {
      // Already closed.
    }
  },
};
