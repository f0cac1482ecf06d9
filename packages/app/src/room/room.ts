import { CLOSE, PROTOCOL_VERSION, type ServerMessage, type Session } from "@live/shared";
import type { CodeSpaceService } from "../codespace/service.ts";
import { FORBIDDEN, jsonMessage, redecide, refuseFrame, send, sessionUpdate } from "./json-channel.ts";
import { Penalties, RateLimiter, type RoomLimits, type RoomSocket } from "./socket.ts";
import { RefusedUpdate, YjsChannel } from "./yjs-channel.ts";

/** How the assistant appears among the people in a room. */
const ASSISTANT = { name: "Assistant", color: "#7c5cff" };

/**
 * The WebSocket hub of one codeSpace (rules C1-C12), independent of the runtime: the Durable Object hands it
 * sockets; Node tests hand it fakes. It owns no state that must survive hibernation: per-socket state is in
 * the socket attachment and the document is in storage.
 */
export class Room {
  private yjs: YjsChannel | null = null;
  private readonly limiter: RateLimiter;
  private readonly penalties: Penalties;

  constructor(
    private readonly codeSpace: string,
    private readonly service: CodeSpaceService,
    private readonly sockets: (kind?: "yjs" | "json") => RoomSocket[],
    limits: RoomLimits,
  ) {
    this.limiter = new RateLimiter(limits.messagesPerSecond);
    this.penalties = new Penalties(limits.penaltySeconds);
  }

  /** C11: seconds a new socket from `address` must wait, since one of its sockets was closed for its rate. */
  penaltyFor(address: string | undefined): number {
    return this.penalties.left(address);
  }

  /** The Yjs channel, created with the document on first use. */
  private channel(): YjsChannel {
    this.yjs ??= new YjsChannel(
      this.service.doc(this.codeSpace),
      () => this.sockets("yjs"),
      (id) => this.sockets("yjs").find((s) => s.id === id),
    );
    return this.yjs;
  }

  async open(socket: RoomSocket): Promise<void> {
    if (socket.state.kind === "yjs") return this.channel().open(socket);
    const s = await this.service.session(this.codeSpace);
    send(socket, {
      type: "handshake",
      protocol: PROTOCOL_VERSION,
      codeSpace: this.codeSpace,
      hash: s.hash,
      version: s.version,
    });
  }

  async message(socket: RoomSocket, data: string | ArrayBuffer | Uint8Array): Promise<void> {
    if (refuseFrame(socket, data, this.limiter, this.penalties)) return;
    if (socket.state.kind === "yjs") return this.yjsMessage(socket, data);
    // C4: a JSON write goes into the Y.Text like any other, transpiled as live typing is (C5).
    return jsonMessage(socket, data, (code) =>
      this.service.writeCodeWith(this.codeSpace, () => ({ ok: true, value: code }), "live"),
    );
  }

  close(socket: RoomSocket): void {
    this.limiter.forget(socket.id);
    if (socket.state.kind === "yjs" && this.yjs) this.yjs.close(socket);
  }

  /**
   * A9: rights changed (a claim, an invite, a member removed): every open socket is re-decided at once. One that
   * lost write access is told (Yjs: the auth message; JSON: a forbidden error) and drops what it sends from now on.
   */
  rightsChanged(mayWrite: (socket: RoomSocket) => boolean): void {
    redecide(this.sockets(), mayWrite, (socket) => {
      if (socket.state.kind === "yjs") this.channel().denied(socket);
      else send(socket, FORBIDDEN);
    });
  }

  /** The assistant's cursor in every editor, where it last wrote (null: it is gone), rule AI6. */
  assistantCursor(index: number | null): void {
    this.channel().setServerPresence(ASSISTANT, index);
  }

  /** Any server frame to every JSON socket (the assistant's chat frames, rule AI8). */
  broadcast(message: ServerMessage): void {
    const frame = JSON.stringify(message);
    for (const socket of this.sockets("json")) {
      try {
        socket.send(frame);
      } catch {
        // Closing sockets are cleaned up by their close event.
      }
    }
  }

  /** C6: every session change reaches every JSON socket. */
  broadcastSession(s: Session): void {
    this.broadcast(sessionUpdate(s));
  }

  private yjsMessage(socket: RoomSocket, data: string | ArrayBuffer | Uint8Array): void {
    if (typeof data === "string") {
      socket.close(CLOSE.unsupported_data, "the yjs channel takes binary frames");
      return;
    }
    try {
      this.channel().message(socket, data instanceof Uint8Array ? data : new Uint8Array(data));
    } catch (err) {
      if (err instanceof RefusedUpdate) socket.close(CLOSE.document_too_large, err.message);
      else socket.close(CLOSE.unsupported_data, "not a y-websocket message");
    }
  }
}
