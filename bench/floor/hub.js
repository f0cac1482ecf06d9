// The least a Durable Object can do for bench:scale's Yjs fan-out, to measure the runtime's own cost per frame
// beside ours: hibernatable sockets kept in an array, every binary frame sent on to every other socket. A room
// named `durable-*` first writes the frame to SQLite, as rule C2 makes the product do before it relays. It
// answers a y-websocket client's sync step 1 with an empty sync step 2 (so the bench's stock writer counts as
// synced) and keeps no document: whatever it costs, the product costs at least that.
import { DurableObject } from "cloudflare:workers";

/** y-websocket's sync step 2 carrying an empty Yjs update: [messageSync, step2, length 2, 0 structs, 0 deletes]. */
const EMPTY_STEP2 = new Uint8Array([0, 1, 2, 0, 0]);

export class Hub extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sockets = ctx.getWebSockets();
    this.durable = false;
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS log(id INTEGER PRIMARY KEY, data BLOB)");
  }

  async fetch(request) {
    if (request.headers.get("Upgrade") !== "websocket") return new Response("expected a WebSocket", { status: 426 });
    this.durable = new URL(request.url).pathname.startsWith("/live/durable-");
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    this.sockets.push(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketMessage(ws, data) {
    if (typeof data === "string") return;
    const frame = new Uint8Array(data);
    if (frame[0] === 0 && frame[1] === 0) return ws.send(EMPTY_STEP2);
    if (this.durable) this.ctx.storage.sql.exec("INSERT INTO log(data) VALUES (?)", frame);
    for (const s of this.sockets) if (s !== ws) s.send(frame);
  }

  webSocketClose(ws) {
    this.sockets = this.sockets.filter((s) => s !== ws);
  }

  webSocketError(ws) {
    this.sockets = this.sockets.filter((s) => s !== ws);
  }
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === "/health") return Response.json({ ok: true });
    const room = /^\/live\/([\w-]+)\/yjs$/.exec(pathname)?.[1];
    if (!room) return new Response("not found", { status: 404 });
    return env.HUB.get(env.HUB.idFromName(room)).fetch(request);
  },
};
