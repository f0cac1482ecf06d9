// A fake AI provider over real HTTP (node:http on a free port), driven by a script of replies. It speaks the
// two wire formats the assistant uses: OpenAI chat completions (`POST /chat/completions`, streamed, with
// `tool_calls`) and Anthropic Messages (`POST /messages`, streamed, with `tool_use` blocks).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One model response: text (streamed in pieces), then tool calls; `hold` keeps it open after the text. */
export interface FakeReply {
  text?: string;
  tools?: { name: string; args: unknown }[];
  /** Sends the text, then waits for `release()` (or the client going away) before finishing. */
  hold?: boolean;
}

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
}

export interface FakeAi {
  url: string;
  requests: ReceivedRequest[];
  /** Replaces the queue of replies; each request takes the next one. */
  script(replies: FakeReply[]): void;
  /** Resolves when a held reply has sent its text and is waiting. */
  held(): Promise<void>;
  /** Finishes the held reply. */
  release(): void;
  /** Resolves when the client of the held reply went away (an abort reached the provider). */
  abandoned(): Promise<void>;
  close(): Promise<void>;
}

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

export async function startFakeAi(): Promise<FakeAi> {
  let queue: FakeReply[] = [];
  const requests: ReceivedRequest[] = [];
  let heldSignal = deferred();
  let releaseSignal = deferred();
  let abandonedSignal = deferred();

  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requests.push({ path, headers: req.headers, body });
    const reply = queue.shift() ?? { text: "(the fake provider has no scripted reply)" };
    let gone = false;
    res.on("close", () => {
      if (!res.writableFinished) {
        gone = true;
        abandonedSignal.resolve();
      }
    });
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const format = path.endsWith("/messages") ? anthropic : openai;
    const hold = async () => {
      if (!reply.hold) return;
      heldSignal.resolve();
      await Promise.race([releaseSignal.promise, abandonedSignal.promise]);
    };
    await format(res, reply, hold, () => gone);
    if (!gone) res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(replies) {
      queue = [...replies];
      heldSignal = deferred();
      releaseSignal = deferred();
      abandonedSignal = deferred();
    },
    held: () => heldSignal.promise,
    release: () => releaseSignal.resolve(),
    abandoned: () => abandonedSignal.promise,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The text in three pieces, so a client sees several deltas. */
const pieces = (text: string): string[] => {
  const n = Math.ceil(text.length / 3);
  return [text.slice(0, n), text.slice(n, 2 * n), text.slice(2 * n)].filter(Boolean);
};

/** Tool call ids are unique across requests, as a real provider's are (clients key a call's parts by its id). */
let calls = 0;

const send = (res: ServerResponse, data: unknown, event?: string) =>
  res.write(`${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);

async function openai(res: ServerResponse, reply: FakeReply, hold: () => Promise<void>, gone: () => boolean) {
  const base = { id: "chatcmpl-fake", object: "chat.completion.chunk", created: 1, model: "fake-model" };
  const chunk = (delta: unknown, finish: string | null = null, usage?: unknown) =>
    send(res, { ...base, choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) });
  chunk({ role: "assistant", content: "" });
  for (const p of pieces(reply.text ?? "")) chunk({ content: p });
  await hold();
  if (gone()) return;
  (reply.tools ?? []).forEach((t, i) => {
    const args = JSON.stringify(t.args);
    const half = Math.ceil(args.length / 2);
    chunk({
      tool_calls: [{ index: i, id: `call_${++calls}`, type: "function", function: { name: t.name, arguments: "" } }],
    });
    chunk({ tool_calls: [{ index: i, function: { arguments: args.slice(0, half) } }] });
    chunk({ tool_calls: [{ index: i, function: { arguments: args.slice(half) } }] });
  });
  chunk({}, reply.tools?.length ? "tool_calls" : "stop", { prompt_tokens: 50, completion_tokens: 7, total_tokens: 57 });
  send(res, "[DONE]");
}

async function anthropic(res: ServerResponse, reply: FakeReply, hold: () => Promise<void>, gone: () => boolean) {
  send(
    res,
    {
      type: "message_start",
      message: {
        id: "msg_fake",
        type: "message",
        role: "assistant",
        model: "fake-model",
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 50, output_tokens: 1 },
      },
    },
    "message_start",
  );
  let index = 0;
  if (reply.text) {
    send(res, { type: "content_block_start", index, content_block: { type: "text", text: "" } }, "content_block_start");
    for (const p of pieces(reply.text)) {
      send(res, { type: "content_block_delta", index, delta: { type: "text_delta", text: p } }, "content_block_delta");
    }
    await hold();
    if (gone()) return;
    send(res, { type: "content_block_stop", index }, "content_block_stop");
    index++;
  }
  for (const t of reply.tools ?? []) {
    send(
      res,
      {
        type: "content_block_start",
        index,
        content_block: { type: "tool_use", id: `toolu_${++calls}`, name: t.name, input: {} },
      },
      "content_block_start",
    );
    send(
      res,
      { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: JSON.stringify(t.args) } },
      "content_block_delta",
    );
    send(res, { type: "content_block_stop", index }, "content_block_stop");
    index++;
  }
  const stop = reply.tools?.length ? "tool_use" : "end_turn";
  send(
    res,
    { type: "message_delta", delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 7 } },
    "message_delta",
  );
  send(res, { type: "message_stop" }, "message_stop");
}
