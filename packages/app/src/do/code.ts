import { DurableObject } from "cloudflare:workers";
import type {
  Diagnostic,
  Result,
  RuntimeError,
  RuntimeErrorReport,
  Session,
  SessionFields,
  Version,
  VersionPage,
  WriteResult,
} from "@live/shared";
import { applyCodeEdit, type CodeEdit, type EditReport } from "../codespace/edits/apply.ts";
import { CodeSpaceService, type EditorState } from "../codespace/service.ts";
import { transpilerFor } from "../codespace/transpiler-binding.ts";
import { sockets } from "../room/hibernation.ts";
import { Room } from "../room/room.ts";
import { SqliteStore } from "../storage/sqlite.ts";

/**
 * One Durable Object per codeSpace, its single writer. A thin shell: it builds the SQLite store, the
 * runtime-free CodeSpaceService and Room, and hands every call, socket event and alarm to them.
 */
export class Code extends DurableObject<Env> {
  private service!: CodeSpaceService;
  private room: Room | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Start-up is synchronous SQL plus object construction: if it throws, the next request retries it.
    ctx.blockConcurrencyWhile(async () => {
      const store = new SqliteStore(ctx.storage);
      store.migrate();
      this.service = new CodeSpaceService(store, transpilerFor(env), undefined, {
        onSession: (s) => this.roomIfConnected(s.codeSpace)?.broadcastSession(s),
        schedule: (at) => {
          ctx.storage.setAlarm(at);
        },
      });
      // Woken from hibernation with sockets open: rebuild the room so they keep receiving every change.
      const first = sockets.all(ctx)[0];
      if (first) this.roomFor(first.state.codeSpace);
    });
  }

  private roomFor(codeSpace: string): Room {
    this.room ??= new Room(codeSpace, this.service, (kind) => sockets.all(this.ctx, kind), {
      messagesPerSecond: Number(this.env.WS_MESSAGES_PER_SECOND) || 500,
    });
    return this.room;
  }

  private roomIfConnected(codeSpace: string): Room | null {
    return this.room ?? (sockets.all(this.ctx).length ? this.roomFor(codeSpace) : null);
  }

  /** WebSocket upgrades for `/live/{cs}/yjs` and `/live/{cs}/websocket` (the Worker validated `cs`). */
  async fetch(request: Request): Promise<Response> {
    const [, , codeSpace = "", channel] = new URL(request.url).pathname.split("/");
    const kind = channel === "yjs" ? "yjs" : "json";
    const max = Number(this.env.MAX_SOCKETS) || 1000;
    const refused = sockets.refuse(request, this.ctx, max);
    if (refused) return refused;
    const socket = sockets.accept(this.ctx, kind, codeSpace);
    await this.roomFor(codeSpace).open(socket.room);
    return new Response(null, { status: 101, webSocket: socket.client });
  }

  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const socket = sockets.wrap(ws);
    await this.roomFor(socket.state.codeSpace).message(socket, message);
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    const socket = sockets.wrap(ws);
    this.roomFor(socket.state.codeSpace).close(socket);
    sockets.finishClose(ws, code, reason);
  }

  async webSocketError(ws: WebSocket): Promise<void> {
    const socket = sockets.wrap(ws);
    this.roomFor(socket.state.codeSpace).close(socket);
  }

  async alarm(): Promise<void> {
    await this.service.onAlarm();
  }

  session(codeSpace: string): Promise<Session> {
    return this.service.session(codeSpace);
  }

  /** What the editor page embeds: the document's state, its text, version and errors (rule U10). */
  editorState(codeSpace: string): Promise<EditorState> {
    return this.service.editorState(codeSpace);
  }

  writeCode(codeSpace: string, code: string): Promise<Result<WriteResult>> {
    return this.service.writeCode(codeSpace, code);
  }

  writeRendered(codeSpace: string, render: { html?: string; css?: string }): Promise<Result<WriteResult>> {
    return this.service.writeRendered(codeSpace, render);
  }

  /** A read-modify-write (MCP edit_code, search_and_replace), atomic inside the write queue (rule M13). */
  editCode(codeSpace: string, edit: CodeEdit): Promise<Result<WriteResult & { extra?: EditReport }>> {
    return this.service.writeCodeWith(codeSpace, (code) => applyCodeEdit(code, edit));
  }

  /** What a preview reports (PUT api/session): html/css (S6) and its runtime errors (M20). */
  async reportRender(
    codeSpace: string,
    report: { html?: string; css?: string; runtimeErrors?: RuntimeError[] },
  ): Promise<Result<WriteResult>> {
    const { runtimeErrors, ...render } = report;
    const result = await this.service.writeRendered(codeSpace, render);
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

  restore(codeSpace: string, number: number): Promise<Result<WriteResult>> {
    return this.service.restore(codeSpace, number);
  }

  importFork(codeSpace: string, from: SessionFields): Promise<Result<WriteResult>> {
    return this.service.importFork(codeSpace, from);
  }
}
