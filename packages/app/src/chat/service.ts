import {
  type ChatChunk,
  type ChatMessage,
  type ChatState,
  type ChatTurn,
  fail,
  ok,
  type PostChat,
  type Result,
  type ServerMessage,
  type TurnDiff,
  type TurnStatus,
} from "@live/shared";
import type { LanguageModel, ToolSet, UIMessage } from "ai";
import type { CodeSpaceService } from "../codespace/service.ts";
import { type AiConfig, type ResolvedAi, redact, view } from "./config.ts";
import { diffText, merge3 } from "./diff.ts";
import { runTurn, type TurnLimits } from "./loop.ts";
import { systemPrompt } from "./prompt.ts";
import { TurnRateLimiter } from "./rate.ts";
import { type SseStream, sseStream } from "./sse.ts";
import type { ChatStore, StoredTurn } from "./store.ts";

export interface ChatDeps {
  codeSpace: string;
  store: ChatStore;
  code: CodeSpaceService;
  ai: ResolvedAi;
  model: (config: AiConfig) => LanguageModel;
  /** The tools of one turn; `onWrite` must be called by every tool that writes code, with where it wrote. */
  tools: (onWrite: (at: number) => void) => ToolSet;
  /** Shows the assistant's cursor at an offset of the text in every editor, or removes it (null). */
  presence?: (at: number | null) => void;
  /** Sends a frame to every JSON channel client of the room (rule AI8). */
  broadcast: (message: ServerMessage) => void;
  /** Keeps the runtime alive for a turn nobody is listening to any more (AI9): `ctx.waitUntil`. */
  keepAlive?: (work: Promise<unknown>) => void;
  turnsPerMinute: number;
  limits?: Partial<TurnLimits>;
  now?: () => Date;
  newId?: () => string;
}

/** The turn that is running: its chunks so far (for replay) and who is listening. */
interface Running {
  turn: StoredTurn;
  controller: AbortController;
  chunks: ChatChunk[];
  listeners: Set<(chunk: ChatChunk | null) => void>;
  wrote: boolean;
  stopped: boolean;
}

/** How many turns `GET chat` lists (their ids let a client undo or replay them). */
const LISTED_TURNS = 50;

/**
 * The assistant of one codeSpace, independent of the runtime (rules AI3-AI12): one turn at a time, its chunks
 * kept and fanned out, its edits live, its end one version. The Durable Object is a thin adapter around it.
 */
export class ChatService {
  private running: Running | null = null;
  private readonly limiter: TurnRateLimiter;
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly deps: ChatDeps) {
    this.limiter = new TurnRateLimiter(deps.turnsPerMinute);
    this.now = deps.now ?? (() => new Date());
    this.newId = deps.newId ?? (() => crypto.randomUUID());
    // A turn still "running" in storage lost its runtime (a restart or an eviction): say so.
    for (const t of deps.store.running()) {
      deps.store.saveTurn({ ...t, status: "error", error: "interrupted by a restart", finishedAt: this.stamp() });
    }
  }

  state(): ChatState {
    const active = this.running ? publicTurn(this.running.turn) : undefined;
    return {
      config: view(this.deps.ai),
      messages: this.deps.store.messages(),
      turns: this.deps.store.turns(LISTED_TURNS).map(publicTurn),
      ...(active ? { activeTurn: active } : {}),
    };
  }

  /** Starts a turn for `body.message` and returns its stream (rules AI3, AI10-AI12). */
  async start(body: PostChat, client: string): Promise<Result<{ turn: ChatTurn; stream: SseStream }>> {
    const ai = this.deps.ai;
    if (!ai.ok) return fail("ai_not_configured", ai.reason);
    if (this.running) {
      return fail("conflict", "a turn is running in this codeSpace; wait for it or stop it (POST chat/stop)", {
        activeTurn: this.running.turn.id,
      });
    }
    if (this.deps.store.hasMessage(body.message.id)) {
      return fail("conflict", `message ${body.message.id} was already sent; give a new message a new id`);
    }
    const allowed = this.limiter.take(client);
    if (!allowed.ok) {
      return fail("rate_limited", `too many turns; try again in ${allowed.retryAfter} s`, {
        retryAfter: allowed.retryAfter,
      });
    }
    const cs = this.deps.codeSpace;
    const session = await this.deps.code.session(cs);
    const author = body.author?.trim() || "anonymous";
    const turn: StoredTurn = {
      id: this.newId(),
      status: "running",
      author,
      model: `${ai.config.provider}/${ai.config.model}`,
      versionBefore: session.version,
      versionAfter: null,
      usage: null,
      startedAt: this.stamp(),
      finishedAt: null,
      codeBefore: this.deps.code.doc(cs).code,
      codeAfter: null,
    };
    const user: ChatMessage = {
      id: body.message.id,
      role: "user",
      parts: body.message.parts,
      metadata: { author, turn: turn.id, createdAt: turn.startedAt },
    };
    const store = this.deps.store;
    store.saveTurn(turn);
    store.addMessage(user);
    store.dropChunksExcept(turn.id);
    const run: Running = {
      turn,
      controller: new AbortController(),
      chunks: [],
      listeners: new Set(),
      wrote: false,
      stopped: false,
    };
    this.running = run;
    this.deps.broadcast({ type: "chat-message", message: user as unknown as Record<string, unknown> });
    this.deps.broadcast({ type: "chat-turn", turn: publicTurn(turn) as unknown as Record<string, unknown> });
    const stream = this.subscribe(turn.id) as SseStream;
    const work = this.execute(run, ai.config, session.version).catch((err: unknown) => {
      console.error(JSON.stringify({ at: "chat", codeSpace: cs, error: (err as Error).name }));
    });
    this.deps.keepAlive?.(work);
    return ok({ turn: publicTurn(turn), stream });
  }

  /** A turn's chunks from the first, then live while it runs (rule AI3); null if there is nothing to replay. */
  subscribe(turnId: string): SseStream | null {
    const run = this.running?.turn.id === turnId ? this.running : null;
    if (run) return sseStream(run.chunks, run.listeners);
    if (!this.deps.store.turn(turnId)) return null;
    return sseStream(this.deps.store.chunks(turnId), null);
  }

  /** Rule AI9: aborts the running turn; what it said and did so far is kept, the turn marked stopped. */
  stop(): { stopped: boolean; turn: string | null } {
    const run = this.running;
    if (!run) return { stopped: false, turn: null };
    run.stopped = true;
    run.controller.abort(new Error("stopped"));
    return { stopped: true, turn: run.turn.id };
  }

  /** Rule AI7: a new version with the code from before the turn, merged with what changed since. */
  async undo(turnId: string): Promise<Result<{ version: number; changed: boolean; code: string }>> {
    const turn = this.deps.store.turn(turnId);
    if (!turn) return fail("not_found", `this codeSpace has no turn ${turnId}`);
    if (turn.status === "running") return fail("conflict", "the turn is still running; stop it first");
    if (turn.codeAfter === null || turn.codeAfter === turn.codeBefore) {
      return fail("conflict", `turn ${turnId} changed no code; there is nothing to undo`);
    }
    const { codeBefore, codeAfter } = turn;
    const result = await this.deps.code.writeCodeWith(this.deps.codeSpace, (current) =>
      ok(merge3(codeAfter, current, codeBefore)),
    );
    if (!result.ok) return result;
    return ok({
      version: result.value.version,
      changed: result.value.changed,
      code: this.deps.code.doc(this.deps.codeSpace).code,
    });
  }

  private async execute(run: Running, config: AiConfig, version: number): Promise<void> {
    const cs = this.deps.codeSpace;
    const limits = this.deps.limits ?? {};
    const timeout = setTimeout(() => run.controller.abort(new Error("timeout")), limits.timeoutMs ?? 180_000);
    const messageId = this.newId();
    const describeError = (e: unknown) => safeError(e, config);
    let outcome: Awaited<ReturnType<typeof runTurn>>;
    try {
      const session = await this.deps.code.session(cs);
      outcome = await runTurn({
        model: this.deps.model(config),
        system: systemPrompt({
          codeSpace: cs,
          code: run.turn.codeBefore,
          version,
          errors: session.errors,
          runtime: this.deps.code.runtimeErrors(),
        }),
        messages: this.deps.store.messages() as unknown as UIMessage[],
        tools: this.deps.tools((at) => {
          run.wrote = true;
          this.deps.presence?.(at);
        }),
        signal: run.controller.signal,
        messageId,
        onChunk: (chunk) => this.emit(run, chunk as ChatChunk),
        describeError,
        limits,
      });
    } catch (err) {
      const error = describeError(err);
      this.emit(run, { type: "error", errorText: error });
      outcome = {
        message: { id: messageId, role: "assistant", parts: [] },
        aborted: false,
        finishReason: "error",
        usage: null,
        error,
      };
    } finally {
      clearTimeout(timeout);
    }
    const timedOut = !run.stopped && run.controller.signal.aborted;
    if (run.wrote) this.deps.presence?.(null);
    // AI6: the turn's live edits become one version, and its diff is the last data part before `finish`.
    const versionAfter = run.wrote ? await this.deps.code.commitLive(cs) : run.turn.versionBefore;
    const codeAfter = this.deps.code.doc(cs).code;
    const diff: TurnDiff = {
      turn: run.turn.id,
      diff: run.wrote ? diffText(run.turn.codeBefore, codeAfter) : "",
      changed: run.wrote && codeAfter !== run.turn.codeBefore,
      versionBefore: run.turn.versionBefore,
      versionAfter,
    };
    const status: TurnStatus = run.stopped ? "stopped" : timedOut || outcome.error ? "error" : "done";
    const error = timedOut ? "the turn took longer than its time limit" : outcome.error;
    const diffPart = { type: "data-diff", id: `diff-${run.turn.id}`, data: diff };
    this.emit(run, diffPart);
    const turn: StoredTurn = {
      ...run.turn,
      status,
      versionAfter,
      usage: outcome.usage,
      finishedAt: this.stamp(),
      codeAfter: run.wrote ? codeAfter : run.turn.codeBefore,
      ...(error ? { error } : {}),
    };
    const metadata = {
      author: "assistant",
      turn: turn.id,
      createdAt: turn.finishedAt as string,
      model: turn.model,
      status,
    };
    this.emit(run, { type: "finish", finishReason: outcome.finishReason, messageMetadata: metadata });
    const message: ChatMessage = {
      id: outcome.message.id || messageId,
      role: "assistant",
      parts: [...(outcome.message.parts as ChatMessage["parts"]), diffPart],
      metadata,
    };
    this.deps.store.addMessage(message);
    this.deps.store.saveTurn(turn);
    this.running = null;
    for (const listener of run.listeners) listener(null);
    this.deps.broadcast({ type: "chat-turn", turn: publicTurn(turn) as unknown as Record<string, unknown> });
  }

  /** Every chunk is kept (replay), streamed to the turn's listeners, and broadcast to the room. */
  private emit(run: Running, chunk: ChatChunk): void {
    const seq = run.chunks.length;
    run.chunks.push(chunk);
    this.deps.store.addChunk(run.turn.id, seq, chunk);
    for (const listener of run.listeners) listener(chunk);
    this.deps.broadcast({ type: "chat-chunk", turn: run.turn.id, seq, chunk });
  }

  private stamp(): string {
    return this.now().toISOString();
  }
}

/** A turn as clients see it: without the code around it. */
export function publicTurn({ codeBefore: _b, codeAfter: _a, ...turn }: StoredTurn): ChatTurn {
  return turn;
}

/**
 * Rule AI2: what a provider failure tells the user and the log: its kind and HTTP status, never the request
 * (headers carry the key) nor a response body, and the key redacted from whatever text remains.
 */
export function safeError(e: unknown, config: AiConfig | undefined): string {
  const err = e as { name?: string; statusCode?: number; message?: string; cause?: unknown };
  if (err?.name === "AbortError" || (e instanceof Error && /abort/i.test(e.message))) return "the turn was stopped";
  const status = typeof err?.statusCode === "number" ? ` (HTTP ${err.statusCode})` : "";
  const kind = err?.name && err.name !== "Error" ? err.name : "error";
  const first =
    String(err?.message ?? e)
      .split("\n")[0]
      ?.slice(0, 200) ?? "";
  return redact(`the AI provider failed: ${kind}${status}: ${first}`, config);
}
