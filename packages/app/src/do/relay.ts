import { DurableObject } from "cloudflare:workers";
import { CLOSE, type RelayCountMessage } from "@live/shared";
import { codeSpaceStub } from "../http/codespace.ts";
import { RelayHub } from "../relay/hub.ts";
import { SocketRegistry, sockets } from "../room/hibernation.ts";
import { PRINCIPAL_HEADER, parsePrincipal, RELAY_HEADER } from "./access-store.ts";

/** Attempts to subscribe to the writer before the viewers are closed with 1013 (their clients reconnect). */
const SUBSCRIBE_ATTEMPTS = 4;

/**
 * One relay object of a codeSpace's relay tier (rule C13): `idFromName("{cs}#relay-{shard}")`. It holds up to
 * `RELAY_SIZE` JSON viewers (hibernatable sockets) and one subscription to the codeSpace's writer object (a
 * WebSocket to its internal `/relay/{cs}/{shard}` path, which no client can reach), and stores nothing. A thin
 * shell: RelayHub does the work.
 */
export class Relay extends DurableObject<Env> {
  private readonly open: SocketRegistry;
  private hub: RelayHub | null = null;
  private where: { codeSpace: string; shard: number } | null = null;
  private upstream: WebSocket | null = null;
  private subscribing: Promise<void> | null = null;
  /** Frames from the writer are handled one after another, so a catch-up never overtakes a newer update. */
  private inbound: Promise<void> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.open = new SocketRegistry(ctx);
    // Woken with viewers open (C12): subscribe again, so they keep receiving every change.
    const first = this.open.all()[0];
    if (first && first.state.shard !== undefined) {
      this.where = { codeSpace: first.state.codeSpace, shard: first.state.shard };
      this.subscribe();
    }
  }

  private hubFor(codeSpace: string): RelayHub {
    this.hub ??= new RelayHub(
      codeSpace,
      () => this.open.all(),
      {
        session: () => codeSpaceStub(this.env, codeSpace).session(codeSpace),
        write: (code, by) => codeSpaceStub(this.env, codeSpace).relayedWrite(codeSpace, code, by),
        report: (viewers) => this.report(viewers),
      },
      {
        messagesPerSecond: Number(this.env.WS_MESSAGES_PER_SECOND) || 100,
        penaltySeconds: Number(this.env.WS_PENALTY_SECONDS ?? 10),
      },
    );
    return this.hub;
  }

  /** A viewer's upgrade, sent here by the Worker when the writer placed it on this shard. */
  async fetch(request: Request): Promise<Response> {
    const [, , codeSpace = ""] = new URL(request.url).pathname.split("/");
    const shard = Number(request.headers.get(RELAY_HEADER));
    this.where ??= { codeSpace, shard };
    const hub = this.hubFor(codeSpace);
    const max = Number(this.env.MAX_SOCKETS) || 1000;
    const address = request.headers.get("cf-connecting-ip") ?? undefined;
    const refused = sockets.refuse(request, this.open.size, max, hub.penaltyFor(address));
    if (refused) return refused;
    const principal = parsePrincipal(request.headers.get(PRINCIPAL_HEADER));
    // Rights are decided by the hub from the writer's policy (A9): until it is here the viewer is read-only.
    const access = { principal, readOnly: true, address, shard };
    const socket = sockets.accept(this.ctx, this.open, "json", codeSpace, access);
    this.subscribe();
    hub.open(socket.room);
    return new Response(null, { status: 101, webSocket: socket.client });
  }

  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const socket = this.open.get(ws);
    await this.hubFor(socket.state.codeSpace).message(socket, message);
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.gone(ws);
    sockets.finishClose(ws, code, reason);
  }

  async webSocketError(ws: WebSocket): Promise<void> {
    this.gone(ws);
  }

  private gone(ws: WebSocket): void {
    const socket = this.open.get(ws);
    this.open.remove(ws);
    this.hubFor(socket.state.codeSpace).close(socket);
    // The last viewer went: the subscription goes too, so this object can be evicted and the writer forgets it.
    if (this.open.size === 0) {
      this.upstream?.close(CLOSE.normal, "no viewers");
      this.upstream = null;
      this.hub?.unsubscribed();
    }
  }

  private report(viewers: number): void {
    const message: RelayCountMessage = { type: "relay-count", viewers };
    try {
      this.upstream?.send(JSON.stringify(message));
    } catch {
      // Reported again once subscribed.
    }
  }

  /** Subscribes to the writer unless subscribed (or subscribing); retries, then lets the viewers reconnect. */
  private subscribe(): void {
    if (this.upstream || this.subscribing || !this.where) return;
    const { codeSpace, shard } = this.where;
    this.subscribing = (async () => {
      for (let attempt = 1; attempt <= SUBSCRIBE_ATTEMPTS; attempt++) {
        try {
          const ws = await this.dial(codeSpace, shard);
          // Every viewer left while this subscription was made: it is not needed.
          if (this.open.size === 0) {
            ws.close(CLOSE.normal, "no viewers");
            this.hub?.unsubscribed();
            return;
          }
          this.upstream = ws;
          this.report(this.open.size);
          return;
        } catch (err) {
          console.error(JSON.stringify({ at: "relay", codeSpace, shard, attempt, message: String(err) }));
          await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
        }
      }
      for (const socket of this.open.all()) socket.close(CLOSE.try_again_later, "the codeSpace is unavailable");
    })().finally(() => {
      this.subscribing = null;
    });
  }

  private async dial(codeSpace: string, shard: number): Promise<WebSocket> {
    const res = await codeSpaceStub(this.env, codeSpace).fetch(`https://relay/relay/${codeSpace}/${shard}`, {
      headers: { Upgrade: "websocket" },
    });
    const ws = res.webSocket;
    if (!ws) throw new Error(`the writer answered ${res.status}`);
    ws.accept();
    const hub = this.hubFor(codeSpace);
    ws.addEventListener("message", (event) => {
      // Frames of a subscription this relay already dropped are not this relay's any more.
      if (this.upstream !== ws) return;
      const frame = String(event.data);
      this.inbound = this.inbound
        .then(() => hub.fromWriter(frame))
        .catch((err: unknown) => console.error(JSON.stringify({ at: "relay-frame", codeSpace, message: String(err) })));
    });
    const lost = () => {
      if (this.upstream !== ws) return;
      this.upstream = null;
      hub.unsubscribed();
      if (this.open.size > 0) this.subscribe();
    };
    ws.addEventListener("close", lost);
    ws.addEventListener("error", lost);
    return ws;
  }
}
