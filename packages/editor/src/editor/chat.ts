// The Chat tab (rules AI3, AI8, AI14): the codeSpace's conversation with its assistant, live for everyone in
// the room. Own turns stream from the POST response; others' arrive as chat frames on the JSON channel; both
// carry the same numbered chunks, so a chunk is applied once whichever way it came first.
import "./chat.css";
import type { ChatMessage, ChatState, ChatTurn, TurnDiff } from "@live/shared/chat";
import { applyChunk, type ChatPart, settleParts } from "@live/shared/chat-message";
import { jsonOf, request } from "./dom.ts";
import { renderMarkdown } from "./markdown.ts";

export interface ChatPanel {
  /** A frame from the JSON channel; anything that is not a chat frame is ignored. */
  frame(message: { type: string; [key: string]: unknown }): void;
}

/** The turn being streamed: its assistant message so far and the next chunk number expected. */
interface Live {
  turn: string;
  next: number;
  message: ChatMessage;
}

const make = (tag: string, cls = "", text?: string): HTMLElement => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

const me = (): string => {
  try {
    return (JSON.parse(localStorage.getItem("live:me") ?? "{}") as { name?: string }).name ?? "anonymous";
  } catch {
    return "anonymous";
  }
};

const short = (value: unknown, max = 160): string => {
  const s = typeof value === "string" ? value : JSON.stringify(value ?? "");
  return s.length > max ? `${s.slice(0, max)}…` : s;
};

export function setupChat(codeSpace: string, root: HTMLElement): ChatPanel {
  const api = `/live/${codeSpace}/chat`;
  let state: ChatState | null = null;
  let live: Live | null = null;
  let notice = "";
  /** Turns whose `finish` was applied: their chunks arriving late by the other way are ignored. */
  const finished = new Set<string>();

  const badge = make("span", "chat-model");
  const list = make("div", "chat-list");
  const status = make("div", "chat-notice");
  const input = make("textarea", "chat-input") as HTMLTextAreaElement;
  input.placeholder = "Ask the assistant to explain or change the code (Enter sends, Shift+Enter for a new line)";
  input.rows = 2;
  const send = make("button", "primary chat-send", "Send") as HTMLButtonElement;
  const stop = make("button", "chat-stop", "Stop") as HTMLButtonElement;
  const form = make("form", "chat-form");
  form.append(input, send, stop);
  const head = make("div", "chat-head");
  head.append(make("strong", "", "Assistant"), badge);
  root.replaceChildren(head, list, status, form);

  const running = () => Boolean(live || state?.activeTurn);

  const render = () => {
    const config = state?.config;
    badge.textContent = config?.enabled ? `${config.model}` : "not configured";
    badge.title = config?.enabled ? `${config.provider} · ${config.model}` : "";
    input.disabled = !config?.enabled;
    send.disabled = !config?.enabled || running();
    stop.hidden = !running();
    status.textContent = notice || (config && !config.enabled ? (config.reason ?? "") : "");
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    const messages = [...(state?.messages ?? [])];
    if (live && !messages.some((m) => m.id === live?.message.id)) messages.push(live.message);
    list.replaceChildren(
      ...(messages.length ? messages.map(renderMessage) : [make("p", "empty", "No conversation yet.")]),
    );
    if (atBottom) list.scrollTop = list.scrollHeight;
  };
  let queued = false;
  const later = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      render();
    });
  };

  const turnOf = (id: string): ChatTurn | undefined => state?.turns.find((t) => t.id === id);

  const renderMessage = (m: ChatMessage): HTMLElement => {
    const box = make("div", `chat-msg ${m.role}`);
    const who =
      m.role === "user" ? `${m.metadata.author} asked` : `assistant${m.metadata.model ? ` · ${m.metadata.model}` : ""}`;
    const meta = make("div", "chat-who", who);
    const status = m.metadata.status ?? turnOf(m.metadata.turn)?.status;
    if (m.role === "assistant" && status && status !== "done")
      meta.append(make("span", `chat-status ${status}`, status));
    box.append(meta);
    for (const part of m.parts as ChatPart[]) {
      if (part.type === "text") box.append(renderMarkdown(String(part.text ?? "")));
      else if (part.type.startsWith("tool-")) box.append(renderTool(part));
      else if (part.type === "data-diff") box.append(renderDiff(part.data as TurnDiff));
    }
    return box;
  };

  const renderTool = (part: ChatPart): HTMLElement => {
    const details = make("details", `chat-tool ${String(part.state)}`) as HTMLDetailsElement;
    const name = part.type.slice(5);
    const summary = make("summary", "", `${name}(${short(part.input, 80)})`);
    if (part.state === "output-error") summary.append(make("span", "chat-status error", "failed"));
    else if (part.state !== "output-available") summary.append(make("span", "chat-status running", "…"));
    details.append(summary, make("pre", "chat-tool-args", short(part.input, 4000)));
    const result = part.state === "output-error" ? part.errorText : part.output;
    if (result !== undefined) details.append(make("pre", "chat-tool-result", short(result, 4000)));
    return details;
  };

  const renderDiff = (d: TurnDiff): HTMLElement => {
    const box = make("div", "chat-diff");
    if (!d.changed) {
      box.append(make("small", "", "No code changed."));
      return box;
    }
    const bar = make("div", "chat-diff-bar", `Changed the code: version ${d.versionBefore} → ${d.versionAfter}`);
    const undo = make("button", "chat-undo", "Undo") as HTMLButtonElement;
    undo.onclick = async () => {
      undo.disabled = true;
      const res = await request(`${api}/turns/${d.turn}/undo`, { method: "POST" }).catch(() => null);
      const body = res ? await jsonOf<{ version?: number }>(res) : {};
      notice = res?.ok ? `Undone as version ${body.version}.` : (body.error?.message ?? "Undo failed: try again.");
      if (!res?.ok) undo.disabled = false;
      render();
    };
    bar.append(undo);
    const pre = make("pre", "chat-diff-body");
    for (const line of d.diff.replace(/\n$/, "").split("\n")) {
      const file = line.startsWith("+++ ") || line.startsWith("--- ");
      const cls = file
        ? "file"
        : line.startsWith("+")
          ? "add"
          : line.startsWith("-")
            ? "del"
            : line.startsWith("@@")
              ? "hunk"
              : "";
      pre.append(make("span", cls, `${line}\n`));
    }
    box.append(bar, pre);
    return box;
  };

  const load = async () => {
    const res = await fetch(api);
    if (!res.ok) return;
    state = (await res.json()) as ChatState;
    const active = state.activeTurn;
    if (active && live?.turn !== active.id) follow(active.id, fetch(`${api}/stream?turn=${active.id}`));
    render();
  };

  const startLive = (turn: string): Live => {
    live = {
      turn,
      next: 0,
      message: {
        id: `live-${turn}`,
        role: "assistant",
        parts: [],
        metadata: { author: "assistant", turn, createdAt: "" },
      },
    };
    return live;
  };

  /** Applies chunk `seq` of `turn` if it is the next one; earlier ones were applied, later ones will come. */
  const apply = (turn: string, seq: number, chunk: { type: string; [key: string]: unknown }) => {
    if (finished.has(turn)) return;
    const run = live?.turn === turn ? live : seq === 0 ? startLive(turn) : null;
    if (!run || seq !== run.next) return;
    run.next++;
    if (chunk.type === "start" && typeof chunk.messageId === "string") run.message.id = chunk.messageId;
    applyChunk(run.message.parts as ChatPart[], chunk);
    if (chunk.type === "finish") {
      // The turn is over: its message joins the conversation until the stored one replaces it (load).
      const meta = chunk.messageMetadata as ChatMessage["metadata"] | undefined;
      if (meta) run.message.metadata = meta;
      settleParts(run.message.parts as ChatPart[]);
      if (state && !state.messages.some((m) => m.id === run.message.id)) state.messages.push(run.message);
      if (state?.activeTurn?.id === turn) delete state.activeTurn;
      live = null;
      finished.add(turn);
    }
    later();
  };

  /** Reads an SSE response of `turn` and applies its chunks in order. */
  const follow = async (turn: string, response: Promise<Response>) => {
    const res = await response;
    if (!res.ok || !res.body) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let seq = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += value;
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
        if (!frame.startsWith("data: ") || frame === "data: [DONE]") continue;
        apply(turn, seq++, JSON.parse(frame.slice(6)));
      }
    }
  };

  const ask = async () => {
    const text = input.value.trim();
    if (!text || running()) return;
    notice = "";
    const message = { id: crypto.randomUUID(), role: "user" as const, parts: [{ type: "text", text }] };
    const res = await request(api, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message, author: me() }),
    });
    if (!res.ok) {
      const body = await jsonOf(res);
      notice = body.error?.message ?? `The assistant answered ${res.status}.`;
      render();
      return;
    }
    input.value = "";
    const turn = res.headers.get("x-chat-turn") ?? "";
    if (state && !state.messages.some((m) => m.id === message.id)) {
      state.messages.push({ ...message, metadata: { author: me(), turn, createdAt: new Date().toISOString() } });
    }
    if (live?.turn !== turn) startLive(turn);
    render();
    await follow(turn, Promise.resolve(res));
  };

  form.onsubmit = (e) => {
    e.preventDefault();
    void ask();
  };
  input.onkeydown = (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void ask();
    }
  };
  stop.onclick = (e) => {
    e.preventDefault();
    void request(`${api}/stop`, { method: "POST" });
  };

  void load();
  return {
    frame(m) {
      if (m.type === "chat-chunk") apply(String(m.turn), Number(m.seq), m.chunk as { type: string });
      else if (m.type === "chat-message" && state) {
        const msg = m.message as unknown as ChatMessage;
        if (!state.messages.some((x) => x.id === msg.id)) state.messages.push(msg);
        later();
      } else if (m.type === "chat-turn") {
        const turn = m.turn as unknown as ChatTurn;
        if (turn.status !== "running") {
          // The turn is over: the stored conversation is the truth from here on.
          if (live?.turn === turn.id) live = null;
          void load();
        } else if (state) {
          state.activeTurn = turn;
          later();
        }
      }
    },
  };
}
