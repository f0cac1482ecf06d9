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
    close: (code, reason) => ws.close(code, reason),
    save: (next) => {
      ws.serializeAttachment(next);
      state = next;
    },
  };
}

const jsonError = (status: number, code: ErrorBody["error"]["code"], message: string) =>
  Response.json({ error: { code, message } } satisfies ErrorBody, { status });

export const sockets = {
  wrap,

  all(ctx: DurableObjectState, kind?: "yjs" | "json"): RoomSocket[] {
    return ctx.getWebSockets(kind).map(wrap);
  },

  /** C11: not an upgrade is 426; a full codeSpace is a clear 503 (clients retry later). */
  refuse(request: Request, ctx: DurableObjectState, max: number): Response | null {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return jsonError(426, "upgrade_required", "this endpoint speaks WebSocket: send Upgrade: websocket");
    }
    if (ctx.getWebSockets().length >= max) {
      return jsonError(503, "codespace_full", `this codeSpace has its maximum of ${max} connections; try again later`);
    }
    return null;
  },

  accept(
    ctx: DurableObjectState,
    kind: "yjs" | "json",
    codeSpace: string,
    access: Pick<SocketState, "principal" | "readOnly"> = {},
  ): { client: WebSocket; room: RoomSocket } {
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    ctx.acceptWebSocket(server, [kind]);
    const state: SocketState = { id: crypto.randomUUID(), kind, codeSpace, clientIds: [], ...access };
    server.serializeAttachment(state);
    return { client, room: wrap(server) };
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
