import {
  PROTOCOL_VERSION,
  RelayPolicySchema,
  type Result,
  type ServerMessage,
  type Session,
  type WriteResult,
} from "@live/shared";
import { type AccessPolicy, ANONYMOUS, can, type Principal } from "../auth/can.ts";
import { FORBIDDEN, jsonMessage, redecide, refuseFrame, send, sessionUpdate } from "../room/json-channel.ts";
import { Penalties, RateLimiter, type RoomLimits, type RoomSocket } from "../room/socket.ts";

/** What a relay needs of its codeSpace's writer object (the Durable Object shell binds it to the real one). */
export interface Upstream {
  /** The session now: a relay that subscribed again catches its viewers up with it. */
  session(): Promise<Session>;
  /** A viewer's code write, decided (A6) and applied by the writer with the viewer's principal. */
  write(code: string, by: Principal): Promise<Result<WriteResult>>;
  /** How many viewers this relay holds now (the writer places new viewers by it). */
  report(viewers: number): void;
}

/**
 * The viewers of one relay object of the relay tier (rule C13), independent of the runtime. The writer sends the
 * relay every frame its own JSON sockets get, plus its access policy; the relay sends each frame on, unchanged, to
 * its viewers, answers their handshakes and pings itself, and hands their code writes to the writer. So a viewer
 * on a relay sees exactly what a viewer on the writer sees (C6, C8, C11, A9), and the writer sends one frame per
 * relay instead of one per viewer.
 */
export class RelayHub {
  private head: { hash: string; version: number } | null = null;
  private policy: AccessPolicy | null = null;
  private readonly limiter: RateLimiter;
  private readonly penalties: Penalties;
  /** Viewers that have had their handshake (those of a woken relay had it from the instance before). */
  private readonly greeted: Set<string>;
  private subscribed = deferred();

  constructor(
    private readonly codeSpace: string,
    private readonly sockets: () => RoomSocket[],
    private readonly upstream: Upstream,
    limits: RoomLimits,
  ) {
    this.limiter = new RateLimiter(limits.messagesPerSecond);
    this.penalties = new Penalties(limits.penaltySeconds);
    this.greeted = new Set(sockets().map((s) => s.id));
  }

  penaltyFor(address: string | undefined): number {
    return this.penalties.left(address);
  }

  /** Subscribed to the writer: its handshake and policy have arrived, so viewers can be greeted. */
  get ready(): boolean {
    return this.head !== null && this.policy !== null;
  }

  /** A viewer joined: greeted now, or when the writer's handshake and policy arrive. */
  open(socket: RoomSocket): void {
    if (this.ready) this.greet(socket);
    this.upstream.report(this.sockets().length);
  }

  close(socket: RoomSocket): void {
    this.limiter.forget(socket.id);
    this.greeted.delete(socket.id);
    this.upstream.report(this.sockets().length);
  }

  async message(socket: RoomSocket, data: string | ArrayBuffer | Uint8Array): Promise<void> {
    if (refuseFrame(socket, data, this.limiter, this.penalties)) return;
    // Until the writer's policy is here this viewer's rights are not decided: its frame waits for them.
    await this.subscribed.promise;
    return jsonMessage(socket, data, (code) => this.upstream.write(code, socket.state.principal ?? ANONYMOUS));
  }

  /**
   * The writer lost this relay (it restarted, or the connection broke): viewers stay, their next handshake and
   * updates wait for the next subscription, which `fromWriter` catches up.
   */
  unsubscribed(): void {
    if (this.policy === null) return;
    this.policy = null;
    this.subscribed = deferred();
  }

  /** A frame from the writer: the relay's own (handshake, policy) is kept; everything else goes to every viewer. */
  async fromWriter(frame: string): Promise<void> {
    const message = JSON.parse(frame) as { type?: string; hash?: string; version?: number };
    if (message.type === "relay-policy") return this.setPolicy(RelayPolicySchema.parse(message).policy);
    if (message.type === "handshake" && typeof message.hash === "string" && typeof message.version === "number") {
      const missed = this.head !== null && this.head.hash !== message.hash;
      this.head = { hash: message.hash, version: message.version };
      // Subscribed again after changes this relay did not see: its viewers get the session as it is now.
      if (missed) this.broadcast(JSON.stringify(sessionUpdate(await this.upstream.session())));
      return;
    }
    if (message.type === "session-update" && typeof message.hash === "string") {
      this.head = { hash: message.hash, version: message.version ?? 0 };
    }
    this.broadcast(frame);
  }

  /** A9: a changed policy decides every viewer's rights again; the first one greets those who waited for it. */
  private setPolicy(policy: AccessPolicy): void {
    const first = this.policy === null;
    this.policy = policy;
    redecide(
      this.sockets(),
      (s) => this.mayWrite(s),
      (s) => {
        if (!first) send(s, FORBIDDEN);
      },
    );
    if (!first) return;
    for (const socket of this.sockets()) if (!this.greeted.has(socket.id)) this.greet(socket);
    this.subscribed.resolve();
  }

  private mayWrite(socket: RoomSocket): boolean {
    return this.policy !== null && can(socket.state.principal ?? ANONYMOUS, this.codeSpace, this.policy, "write").ok;
  }

  private greet(socket: RoomSocket): void {
    const readOnly = !this.mayWrite(socket);
    if (readOnly !== !!socket.state.readOnly) socket.save({ ...socket.state, readOnly });
    if (!this.head) return;
    this.greeted.add(socket.id);
    const hello: ServerMessage = {
      type: "handshake",
      protocol: PROTOCOL_VERSION,
      codeSpace: this.codeSpace,
      hash: this.head.hash,
      version: this.head.version,
    };
    send(socket, hello);
  }

  private broadcast(frame: string): void {
    for (const socket of this.sockets()) {
      try {
        socket.send(frame);
      } catch {
        // Closing sockets are cleaned up by their close event.
      }
    }
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
