import { DurableObject } from "cloudflare:workers";
import type {
  Analytics,
  ChatState,
  ChatTurn,
  CodeSpaceMeta,
  Diagnostic,
  MetaUpdate,
  PostChat,
  Result,
  RuntimeError,
  RuntimeErrorReport,
  Session,
  SessionFields,
  Version,
  VersionPage,
  ViewKind,
  WriteResult,
} from "@live/shared";
import { CLOSE, fail, ok, type PublicUser, RelayCountSchema, type RelayPolicyMessage } from "@live/shared";
import { type AccessPolicy, ANONYMOUS, can, type Principal } from "../auth/can.ts";
import { touchCodeSpace } from "../auth/store.ts";
import type { ChatService } from "../chat/service.ts";
import { applyCodeEdit, type CodeEdit, type EditReport } from "../codespace/edits/apply.ts";
import { CodeSpaceService, type EditorState } from "../codespace/service.ts";
import { transpilerFor } from "../codespace/transpiler-binding.ts";
import type { PagePointer } from "../publish/archive.ts";
import { getMeta, setMeta } from "../publish/meta-store.ts";
import { commitPage, removePage } from "../publish/publish.ts";
import { RelayShards, relayLimits } from "../relay/shards.ts";
import { SocketRegistry, sockets } from "../room/hibernation.ts";
import { Room } from "../room/room.ts";
import type { RoomSocket } from "../room/socket.ts";
import { SqliteStore } from "../storage/sqlite.ts";
import { AccessStore, PRINCIPAL_HEADER, parsePrincipal, RELAY_HEADER } from "./access-store.ts";
import { DurableAnalytics } from "./analytics.ts";

/** The D1 index's "last edited" is refreshed at most this often by a busy codeSpace. */
const INDEX_TOUCH_MS = 30_000;

/**
 * One Durable Object per codeSpace, its single writer. A thin shell: it builds the SQLite store, the
 * runtime-free CodeSpaceService and Room, and hands every call, socket event and alarm to them.
 */
export class Code extends DurableObject<Env> {
  private service!: CodeSpaceService;
  private room: Room | null = null;
  private readonly open: SocketRegistry;
  private readonly relays: RelayShards;
  private accessStore!: AccessStore;
  private policy!: AccessPolicy;
  private indexedAt = 0;
  private chatService: Promise<ChatService> | null = null;
  /** Who asked for the running (or last) turn: its tool calls write with this principal's rights. */
  private asker: Principal = ANONYMOUS;
  private analyticsBatch!: DurableAnalytics;
  /** Set by the document's update listener while a socket message is handled: did it edit the code? */
  private docChanged = false;
  private docWatched = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.open = new SocketRegistry(ctx);
    this.relays = new RelayShards(relayLimits(env));
    // Start-up is synchronous SQL plus object construction: if it throws, the next request retries it.
    ctx.blockConcurrencyWhile(async () => {
      const store = new SqliteStore(ctx.storage);
      store.migrate();
      this.accessStore = new AccessStore(ctx.storage);
      this.policy = this.accessStore.load();
      this.analyticsBatch = new DurableAnalytics(env.DB, store.versionCount());
      this.service = new CodeSpaceService(store, transpilerFor(env), undefined, {
        onSession: (s) => {
          this.roomIfConnected(s.codeSpace)?.broadcastSession(s);
          this.touchIndex(s.codeSpace);
          this.analyticsBatch.sawVersion(s.codeSpace, s.version);
        },
        schedule: (at) => {
          ctx.storage.setAlarm(at);
        },
      });
      // Woken from hibernation with sockets open: rebuild the room so they keep receiving every change.
      const first = this.open.all()[0];
      if (first) this.roomFor(first.state.codeSpace);
    });
  }

  private roomFor(codeSpace: string): Room {
    this.room ??= new Room(codeSpace, this.service, (kind) => this.open.all(kind), {
      messagesPerSecond: Number(this.env.WS_MESSAGES_PER_SECOND) || 100,
      penaltySeconds: Number(this.env.WS_PENALTY_SECONDS ?? 10),
    });
    return this.room;
  }

  private roomIfConnected(codeSpace: string): Room | null {
    return this.room ?? (this.open.size ? this.roomFor(codeSpace) : null);
  }

  /**
   * WebSocket upgrades for `/live/{cs}/yjs` and `/live/{cs}/websocket` (the Worker validated `cs`), and the
   * subscriptions of this codeSpace's relays on `/relay/{cs}/{shard}` (C13: only other objects reach that path).
   */
  async fetch(request: Request): Promise<Response> {
    this.service.settle();
    const [, root, codeSpace = "", channel] = new URL(request.url).pathname.split("/");
    if (root === "relay") return this.subscribeRelay(request, codeSpace, Number(channel));
    const kind = channel === "yjs" ? "yjs" : "json";
    const max = Number(this.env.MAX_SOCKETS) || 1000;
    const address = request.headers.get("cf-connecting-ip") ?? undefined;
    const penalty = this.roomFor(codeSpace).penaltyFor(address);
    // C13: JSON viewers beyond this object's share go to a relay; the Worker forwards the upgrade there.
    const shard = kind === "json" && !penalty && isUpgrade(request) ? this.relays.place(this.open.all(), max) : null;
    if (shard !== null) return new Response(null, { headers: { [RELAY_HEADER]: String(shard) } });
    const refused = sockets.refuse(request, this.open.size, max, penalty);
    if (refused) return refused;
    // A9: the Worker resolved who this is (a header it sets itself, over whatever the client sent); the object
    // decides with its own policy whether the socket may write.
    const principal = parsePrincipal(request.headers.get(PRINCIPAL_HEADER));
    const readOnly = !can(principal, codeSpace, this.policy, "write").ok;
    const socket = sockets.accept(this.ctx, this.open, kind, codeSpace, { principal, readOnly, address });
    await this.roomFor(codeSpace).open(socket.room);
    return new Response(null, { status: 101, webSocket: socket.client });
  }

  /** C13: a relay subscribes: it is a read-only JSON socket (every broadcast reaches it) told the policy too. */
  private async subscribeRelay(request: Request, codeSpace: string, shard: number): Promise<Response> {
    const refused = sockets.refuse(request, 0, 1);
    if (refused || !Number.isInteger(shard)) return refused ?? new Response(null, { status: 400 });
    const relay = { shard, viewers: 0 };
    const socket = sockets.accept(this.ctx, this.open, "json", codeSpace, { readOnly: true, relay });
    await this.roomFor(codeSpace).open(socket.room);
    socket.room.send(JSON.stringify(relayPolicy(this.policy)));
    return new Response(null, { status: 101, webSocket: socket.client });
  }

  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    // C2: a busy object runs its timers last, so each event writes the Yjs updates that waited long enough.
    this.service.settle();
    const socket = this.open.get(ws);
    if (socket.state.relay) return this.relayReport(socket, message);
    const cs = socket.state.codeSpace;
    this.watchDoc(cs);
    this.docChanged = false;
    await this.roomFor(cs).message(socket, message);
    // P11: a JSON message that changed the text is an edit by whoever holds the socket (a Yjs update is counted
    // when its burst is applied: see watchDoc).
    if (this.docChanged && socket.state.kind === "json" && !socket.state.readOnly) {
      this.analyticsBatch.edit(cs, socket.state.principal ?? ANONYMOUS, socket.state.id);
    }
  }

  /** C13: what a relay sends on its subscription is its viewer count; anything else closes it. */
  private relayReport(socket: RoomSocket, message: string | ArrayBuffer): void {
    const parsed = RelayCountSchema.safeParse(typeof message === "string" ? safeJson(message) : null);
    if (parsed.success) this.relays.reported(socket, parsed.data.viewers);
    else socket.close(CLOSE.unsupported_data, "a relay reports its viewer count");
  }

  private watchDoc(codeSpace: string): void {
    if (this.docWatched) return;
    this.docWatched = true;
    this.service.doc(codeSpace).doc.on("update", (_update: Uint8Array, origin: unknown) => {
      this.docChanged = true;
      const from = origin as Partial<RoomSocket> | null;
      if (from?.state?.kind === "yjs" && !from.state.readOnly) {
        this.analyticsBatch.edit(codeSpace, from.state.principal ?? ANONYMOUS, from.state.id);
      }
    });
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    const socket = this.open.get(ws);
    this.open.remove(ws);
    this.roomFor(socket.state.codeSpace).close(socket);
    sockets.finishClose(ws, code, reason);
  }

  async webSocketError(ws: WebSocket): Promise<void> {
    const socket = this.open.get(ws);
    this.open.remove(ws);
    this.roomFor(socket.state.codeSpace).close(socket);
  }

  async alarm(): Promise<void> {
    await this.service.onAlarm();
  }

  session(codeSpace: string): Promise<Session> {
    this.service.settle();
    return this.service.session(codeSpace);
  }

  /** What the editor page embeds: the document's state, its text, version and errors (rule U10). */
  editorState(codeSpace: string): Promise<EditorState> {
    return this.service.editorState(codeSpace);
  }

  /**
   * Every write names who makes it (`by`, resolved by the Worker) and is decided here again with this object's
   * own policy (rule A6): nothing a caller claims about permissions is taken on trust.
   */
  private refuse(codeSpace: string, by: Principal): Result<never> | null {
    const decision = can(by, codeSpace, this.policy, "write");
    return decision.ok ? null : fail(decision.code, decision.message);
  }

  async writeCode(codeSpace: string, code: string, by: Principal): Promise<Result<WriteResult>> {
    return this.counted(codeSpace, by, this.refuse(codeSpace, by) ?? (await this.service.writeCode(codeSpace, code)));
  }

  /** C13: a code write a relay received from one of its viewers, decided here with `by`'s rights like any other. */
  async relayedWrite(codeSpace: string, code: string, by: Principal): Promise<Result<WriteResult>> {
    const refused = this.refuse(codeSpace, by);
    if (refused) return refused;
    const result = await this.service.writeCodeWith(codeSpace, () => ok(code), "live");
    return this.counted(codeSpace, by, result);
  }

  /** P11: a write that changed the code is an edit by `by`. */
  private counted<T extends Result<{ changed: boolean }>>(codeSpace: string, by: Principal, result: T): T {
    if (result.ok && result.value.changed) this.analyticsBatch.edit(codeSpace, by);
    return result;
  }

  /** A read-modify-write (MCP edit_code, search_and_replace), atomic inside the write queue (rule M13). */
  async editCode(
    codeSpace: string,
    edit: CodeEdit,
    by: Principal,
  ): Promise<Result<WriteResult & { extra?: EditReport }>> {
    return this.counted(
      codeSpace,
      by,
      this.refuse(codeSpace, by) ?? (await this.service.writeCodeWith(codeSpace, (code) => applyCodeEdit(code, edit))),
    );
  }

  /** What a preview reports (PUT api/session): html/css (S6) and its runtime errors (M20). */
  async reportRender(
    codeSpace: string,
    report: { html?: string; css?: string; runtimeErrors?: RuntimeError[]; codeHash?: string },
    by: Principal,
  ): Promise<Result<WriteResult>> {
    const refused = this.refuse(codeSpace, by);
    if (refused) return refused;
    const { runtimeErrors, codeHash, ...render } = report;
    const result = await this.service.writeRendered(codeSpace, render, codeHash);
    if (result.ok && runtimeErrors) this.service.reportRuntimeErrors(runtimeErrors);
    return result;
  }

  /** Transpile diagnostics of the current code and the last runtime error report (MCP get_errors). */
  async diagnostics(
    codeSpace: string,
  ): Promise<{ version: number; errors: Diagnostic[]; runtime: RuntimeErrorReport | null }> {
    const { version, errors } = await this.service.session(codeSpace);
    return { version, errors, runtime: this.service.runtimeErrors() };
  }

  versions(codeSpace: string, limit: number, before?: number): VersionPage {
    return this.service.versions(codeSpace, limit, before);
  }

  version(codeSpace: string, number: number): Result<Version> {
    return this.service.version(codeSpace, number);
  }

  async restore(codeSpace: string, number: number, by: Principal): Promise<Result<WriteResult>> {
    return this.counted(codeSpace, by, this.refuse(codeSpace, by) ?? (await this.service.restore(codeSpace, number)));
  }

  /** F1-F3; A8: a signed-in forker owns the fork, in the same step as the copy (no window where it is open). */
  async importFork(
    codeSpace: string,
    from: SessionFields,
    by: Principal,
  ): Promise<Result<WriteResult & { owner: PublicUser | null }>> {
    const refused = this.refuse(codeSpace, by);
    if (refused) return refused;
    const result = this.counted(codeSpace, by, await this.service.importFork(codeSpace, from));
    if (!result.ok) return result;
    const claimed =
      by.kind === "user" && can(by, codeSpace, this.policy, "claim").ok ? this.claim(codeSpace, by) : null;
    return ok({ ...result.value, owner: claimed?.ok ? (claimed.value.owner ?? null) : null });
  }

  /** The access policy (A10); reading it is open to everyone. */
  access(): AccessPolicy {
    return this.policy;
  }

  /** A8: claims an open codeSpace for `by`; atomic because this object handles one call at a time. */
  claim(codeSpace: string, by: Principal): Result<AccessPolicy> {
    const decision = can(by, codeSpace, this.policy, "claim");
    if (!decision.ok) return fail(decision.code, decision.message);
    if (by.kind !== "user" || this.policy.mode === "owned") return ok(this.policy);
    return ok(this.setPolicy(codeSpace, { mode: "owned", owner: by.user, editors: [] }));
  }

  /**
   * A14: makes `user` an editor. The Worker calls this after consuming an invite of the owner's in D1 (the invite is
   * the owner's decision, checked there); sockets `user` already has open can write at once.
   */
  grantEditor(codeSpace: string, user: PublicUser): Result<AccessPolicy> {
    if (this.policy.mode !== "owned") return fail("conflict", `${codeSpace} is open: everyone may already write it`);
    if (this.policy.owner?.id === user.id || this.policy.editors.some((e) => e.id === user.id)) return ok(this.policy);
    return ok(this.setPolicy(codeSpace, { ...this.policy, editors: [...this.policy.editors, user] }));
  }

  /** A7, A9: the owner removes an editor; the editor's open sockets turn read-only at once. */
  removeMember(codeSpace: string, by: Principal, userId: string): Result<AccessPolicy> {
    const decision = can(by, codeSpace, this.policy, "manage");
    if (!decision.ok) return fail(decision.code, decision.message);
    if (this.policy.owner?.id === userId) return fail("conflict", "the owner cannot be removed");
    if (!this.policy.editors.some((e) => e.id === userId)) return fail("not_found", `user ${userId} is not a member`);
    return ok(
      this.setPolicy(codeSpace, { ...this.policy, editors: this.policy.editors.filter((e) => e.id !== userId) }),
    );
  }

  private setPolicy(codeSpace: string, policy: AccessPolicy): AccessPolicy {
    this.accessStore.save(policy);
    this.policy = policy;
    const room = this.roomIfConnected(codeSpace);
    room?.rightsChanged((s) => !s.state.relay && can(s.state.principal ?? ANONYMOUS, codeSpace, policy, "write").ok);
    // C13: relays decide their viewers' rights again with the new policy.
    const frame = JSON.stringify(relayPolicy(policy));
    for (const s of this.open.all("json")) if (s.state.relay) s.send(frame);
    return policy;
  }

  /** A15: keeps "last edited" of an owned codeSpace current in the D1 index, at most every 30 s. */
  private touchIndex(codeSpace: string): void {
    const now = Date.now();
    if (this.policy.mode !== "owned" || now - this.indexedAt < INDEX_TOUCH_MS) return;
    this.indexedAt = now;
    this.ctx.waitUntil(
      touchCodeSpace(this.env.DB, codeSpace, now).catch((err: Error) => {
        console.error(JSON.stringify({ at: "index", codeSpace, error: err.name, message: err.message }));
      }),
    );
  }

  // Publishing, metadata and analytics (rules P1-P13): src/publish and src/analytics do the work.

  /** P1, P8: what a publish builds (the current version), for someone who may write; nothing is built otherwise. */
  async publishSource(
    codeSpace: string,
    by: Principal,
  ): Promise<Result<{ code: string; css: string; version: number }>> {
    const refused = this.refuse(codeSpace, by);
    if (refused) return refused;
    const { version } = await this.service.session(codeSpace);
    const row = version > 0 ? this.service.version(codeSpace, version) : null;
    const { code, css } = row?.ok ? row.value : await this.service.session(codeSpace);
    return ok({ code, css, version });
  }

  /**
   * P4: points the page at a stored archive. This object is the single writer of its page, so publishes arrive in
   * order; one that built an older version than the page already shows is refused (409), never a step back.
   */
  async publishCommit(
    codeSpace: string,
    built: { archive: string; version: number; bytes: number },
    by: Principal,
  ): Promise<Result<PagePointer>> {
    const refused = this.refuse(codeSpace, by);
    if (refused) return refused;
    return commitPage(this.env, codeSpace, built);
  }

  /** P7: removes the page (archives stay). Unpublishing what is not published answers `unpublished: false`. */
  async unpublish(codeSpace: string, by: Principal): Promise<Result<{ unpublished: boolean }>> {
    const refused = this.refuse(codeSpace, by);
    if (refused) return refused;
    return ok({ unpublished: await removePage(this.env, codeSpace) });
  }

  /** P10: title and description are edited by those who may write. */
  async setMeta(codeSpace: string, update: MetaUpdate, by: Principal): Promise<Result<CodeSpaceMeta>> {
    const refused = this.refuse(codeSpace, by);
    if (refused) return refused;
    await setMeta(this.env.DB, codeSpace, update);
    return ok(await getMeta(this.env.DB, codeSpace));
  }

  /** P11: a page view, counted in memory (the Worker calls this with waitUntil, after answering). */
  countView(codeSpace: string, kind: ViewKind): void {
    this.service.settle();
    this.analyticsBatch.view(codeSpace, kind);
  }

  /** P12: the last 30 days, for the owner (anyone, on an open codeSpace, which has no owner). */
  async analytics(codeSpace: string, by: Principal): Promise<Result<Analytics>> {
    if (this.policy.mode === "owned") {
      const decision = can(by, codeSpace, this.policy, "manage");
      if (!decision.ok) return fail(decision.code, `the analytics of ${codeSpace} are its owner's`);
    }
    return ok({ codeSpace, days: await this.analyticsBatch.read(codeSpace) });
  }

  // The assistant (rules AI3-AI13): chat/service.ts does the work; these only reach it over RPC.

  private chat(codeSpace: string): Promise<ChatService> {
    this.chatService ??= import("../chat/durable.ts").then(({ buildChat }) =>
      buildChat(this.ctx, this.env, codeSpace, this.service, {
        broadcast: (m) => this.roomIfConnected(codeSpace)?.broadcast(m),
        presence: (at) => this.roomIfConnected(codeSpace)?.assistantCursor(at),
        asker: () => this.asker,
        refuse: (by) => this.refuse(codeSpace, by),
      }),
    );
    return this.chatService;
  }

  async chatState(codeSpace: string): Promise<ChatState> {
    return (await this.chat(codeSpace)).state();
  }

  /**
   * AI13: a turn writes, so it needs the right to write (checked here with this object's policy, and again by each
   * of its tool calls: a member removed mid-turn stops writing at once). A signed-in asker is named by their
   * handle, whatever the body says; turns are limited per user, anonymous ones per address (AI12).
   */
  async chatStart(
    codeSpace: string,
    body: PostChat,
    client: string,
    by: Principal,
  ): Promise<Result<{ turn: ChatTurn; stream: ReadableStream<Uint8Array> }>> {
    const refused = this.refuse(codeSpace, by);
    if (refused) return refused;
    const user = by.kind === "user" ? by.user : null;
    const chat = await this.chat(codeSpace);
    const before = this.asker;
    this.asker = by;
    const started = await chat.start(
      user ? { ...body, author: user.handle } : body,
      user ? `user:${user.id}` : `ip:${client}`,
    );
    if (!started.ok) this.asker = before;
    return started;
  }

  async chatStream(codeSpace: string, turn: string): Promise<ReadableStream<Uint8Array> | null> {
    return (await this.chat(codeSpace)).subscribe(turn);
  }

  async chatStop(codeSpace: string, by: Principal): Promise<Result<{ stopped: boolean; turn: string | null }>> {
    return this.refuse(codeSpace, by) ?? ok((await this.chat(codeSpace)).stop());
  }

  async chatUndo(
    codeSpace: string,
    turn: string,
    by: Principal,
  ): Promise<Result<{ version: number; changed: boolean; code: string }>> {
    return this.refuse(codeSpace, by) ?? (await this.chat(codeSpace)).undo(turn);
  }
}

const relayPolicy = (policy: AccessPolicy): RelayPolicyMessage => ({ type: "relay-policy", policy });

const isUpgrade = (request: Request) => request.headers.get("Upgrade")?.toLowerCase() === "websocket";

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
