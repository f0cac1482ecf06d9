import { fail, ok, type PostChat, type Result } from "@live/shared";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readSse } from "../../../../test/support/chat.ts";
import { ANONYMOUS } from "../auth/can.ts";
import { CodeSpaceService } from "../codespace/service.ts";
import { MemoryStore } from "../storage/memory.ts";
import type { AiConfig } from "./config.ts";
import { localCodeSpace } from "./local.ts";
import { createModel } from "./model.ts";
import { ChatService } from "./service.ts";
import { MemoryChatStore } from "./store.ts";
import { chatTools } from "./tools.ts";

const CODE = "export default () => <p>one</p>;\n// two\n// three\n";

/** The fake provider of test/support (loaded by path: this package type-checks without Node's types). */
interface FakeAi {
  url: string;
  requests: { path: string; body: Record<string, unknown> }[];
  script(replies: { text?: string; tools?: { name: string; args: unknown }[]; hold?: boolean }[]): void;
  held(): Promise<void>;
  close(): Promise<void>;
}
const FAKE_AI = "../../../../test/support/fake-ai.ts";

let fake: FakeAi;
beforeAll(async () => {
  const { startFakeAi } = (await import(/* @vite-ignore */ FAKE_AI)) as { startFakeAi: () => Promise<FakeAi> };
  fake = await startFakeAi();
});
afterAll(() => fake.close());

function make(
  provider: AiConfig["provider"],
  turnsPerMinute = 10,
  limits = {},
  refuse: () => Result<never> | null = () => null,
) {
  const code = new CodeSpaceService(new MemoryStore(), async (s) => ({ ok: true, code: s }));
  const store = new MemoryChatStore();
  const frames: Record<string, unknown>[] = [];
  const config: AiConfig = { provider, model: "fake-model", baseURL: fake.url, apiKey: "sk-test-secret" };
  const chat = new ChatService({
    codeSpace: "cs",
    store,
    code,
    ai: { ok: true, config },
    model: createModel,
    tools: (onWrite) =>
      chatTools({
        env: {} as Env,
        codeSpace: "cs",
        principal: ANONYMOUS,
        ip: "assistant",
        local: localCodeSpace(code, onWrite, refuse),
      }),
    broadcast: (m) => frames.push(m as Record<string, unknown>),
    turnsPerMinute,
    limits,
  });
  return { code, store, chat, frames };
}

let n = 0;
const ask = (text: string): PostChat => ({
  message: { id: `m${++n}`, role: "user", parts: [{ type: "text", text }] },
  author: "ada",
});

const EDIT = { edits: [{ startLine: 1, endLine: 1, newContent: "export default () => <p>ONE</p>;" }] };

describe.each(["openai-compatible", "anthropic"] as const)("ChatService over the %s wire format", (provider) => {
  it("AI4 AI5 AI6: read_code, then edit_code, then an answer; one version; chunks in order", async () => {
    const { code, chat, store, frames } = make(provider);
    await code.writeCode("cs", CODE);
    fake.script([
      { tools: [{ name: "read_code", args: {} }] },
      { text: "Editing.", tools: [{ name: "edit_code", args: EDIT }] },
      { text: "Done: it says ONE." },
    ]);
    const before = fake.requests.length;
    const started = await chat.start(ask("shout it"), "client");
    if (!started.ok) throw new Error(started.error.message);
    const { chunks, done } = await readSse(new Response(started.value.stream));
    expect(done).toBe(true);
    const types = chunks.map((c) => c.type);
    expect(types[0]).toBe("start");
    expect(types.slice(-2)).toEqual(["data-diff", "finish"]);
    const order = ["tool-input-available", "tool-output-available", "text-delta"].map((t) => types.indexOf(t));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const outputs = chunks.filter((c) => c.type === "tool-output-available").map((c) => String(c.output));
    expect(outputs[0]).toContain("<p>one</p>");
    // A live write makes no version of its own, and says so to the model.
    expect(outputs[1]).toContain("Changed live in every editor");
    expect(chunks.filter((c) => c.type === "tool-input-available").map((c) => c.toolName)).toEqual([
      "read_code",
      "edit_code",
    ]);
    expect(code.doc("cs").code).toBe(CODE.replace("one", "ONE"));
    expect(code.versions("cs", 10).versionCount).toBe(2);
    const diff = chunks.find((c) => c.type === "data-diff")?.data as Record<string, unknown>;
    expect(diff).toMatchObject({ changed: true, versionBefore: 1, versionAfter: 2 });
    expect(String(diff.diff)).toContain("+export default () => <p>ONE</p>;");
    // Every request offered every tool with a JSON Schema of its own.
    const sent = fake.requests.slice(before);
    expect(sent).toHaveLength(3);
    for (const r of sent) {
      const tools = r.body.tools as Record<string, unknown>[];
      expect(tools.length).toBeGreaterThan(5);
      for (const t of tools) {
        const schema = (t.input_schema ?? (t.function as Record<string, unknown>).parameters) as Record<
          string,
          unknown
        >;
        expect(schema.type).toBe("object");
      }
    }
    // AI2: the key travels only in the provider request's headers.
    expect(JSON.stringify({ chunks, state: chat.state(), frames })).not.toContain("sk-test-secret");
    const state = chat.state();
    expect(state.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    // The stored answer has each step's call with its own input and output.
    const calls = (state.messages[1]?.parts ?? []).filter((p) => p.type.startsWith("tool-")) as {
      type: string;
      input: unknown;
      state: string;
    }[];
    expect(calls.map((c) => [c.type, c.state])).toEqual([
      ["tool-read_code", "output-available"],
      ["tool-edit_code", "output-available"],
    ]);
    expect(calls[1]?.input).toEqual(EDIT);
    expect(state.messages[0]?.metadata.author).toBe("ada");
    expect(state.turns[0]).toMatchObject({ status: "done", versionBefore: 1, versionAfter: 2 });
    expect(store.chunks(started.value.turn.id)).toEqual(chunks);
    expect(frames.filter((f) => f.type === "chat-chunk")).toHaveLength(chunks.length);
  });
});

describe("ChatService turns", () => {
  it("AI13: a tool call by an asker who may no longer write is an error the model reads, and changes nothing", async () => {
    const { code, chat } = make("openai-compatible", 10, {}, () => fail("forbidden", "you are no longer an editor"));
    await code.writeCode("cs", CODE);
    fake.script([{ tools: [{ name: "edit_code", args: EDIT }] }, { text: "I could not edit it." }]);
    const started = await chat.start(ask("shout it"), "client");
    if (!started.ok) throw new Error(started.error.message);
    const { chunks } = await readSse(new Response(started.value.stream));
    const output = chunks.find((c) => c.type === "tool-output-available")?.output;
    expect(String(output)).toContain("you are no longer an editor");
    expect(code.doc("cs").code).toBe(CODE);
    expect(code.versions("cs", 10).versionCount).toBe(1);
  });

  it("AI3 AI9: one turn at a time (409); stop keeps the partial answer, marked stopped; a replay has it all", async () => {
    const { code, chat, frames } = make("openai-compatible");
    await code.writeCode("cs", CODE);
    fake.script([{ text: "Thinking about it", hold: true }]);
    const started = await chat.start(ask("think"), "client");
    if (!started.ok) throw new Error(started.error.message);
    await fake.held();
    // The provider sent its text; stop once the turn has streamed all of it.
    await vi.waitUntil(() => {
      const deltas = frames.filter(
        (f) => f.type === "chat-chunk" && (f.chunk as { type: string }).type === "text-delta",
      );
      return deltas.map((f) => (f.chunk as { delta: string }).delta).join("") === "Thinking about it";
    });
    const second = await chat.start(ask("again"), "client");
    expect(second.ok || second.error.code).toBe("conflict");
    expect(chat.state().activeTurn?.id).toBe(started.value.turn.id);
    expect(chat.stop()).toEqual({ stopped: true, turn: started.value.turn.id });
    const { chunks } = await readSse(new Response(started.value.stream));
    expect(chunks.map((c) => c.type)).toContain("text-delta");
    const state = chat.state();
    expect(state.activeTurn).toBeUndefined();
    expect(state.turns[0]?.status).toBe("stopped");
    const answer = state.messages[1];
    expect(answer?.parts.some((p) => p.type === "text" && String(p.text).includes("Thinking"))).toBe(true);
    const replay = await readSse(new Response(chat.subscribe(started.value.turn.id) as ReadableStream<Uint8Array>));
    expect(replay.chunks).toEqual(chunks);
  });

  it("AI7: undo restores the code from before the turn and keeps a human edit made since", async () => {
    const { code, chat } = make("openai-compatible");
    await code.writeCode("cs", CODE);
    fake.script([{ tools: [{ name: "edit_code", args: EDIT }] }, { text: "ok" }]);
    const started = await chat.start(ask("shout"), "client");
    if (!started.ok) throw new Error(started.error.message);
    await readSse(new Response(started.value.stream));
    await code.writeCodeWith("cs", (c) => ok(c.replace("// three", "// THREE by a human")), "live");
    const undone = await chat.undo(started.value.turn.id);
    expect(undone.ok && undone.value).toMatchObject({
      changed: true,
      code: "export default () => <p>one</p>;\n// two\n// THREE by a human\n",
    });
    expect(code.versions("cs", 10).versionCount).toBe(3);
  });

  it("AI4: a turn that outlives its time limit is aborted and marked error", async () => {
    const { chat } = make("openai-compatible", 10, { timeoutMs: 200 });
    // The fake holds its answer until its client goes away: only the time limit ends this turn.
    fake.script([{ text: "slow", hold: true }]);
    const started = await chat.start(ask("slow"), "client");
    if (!started.ok) throw new Error(started.error.message);
    const { chunks, done } = await readSse(new Response(started.value.stream));
    expect(done).toBe(true);
    expect(chunks.map((c) => c.type).slice(-2)).toEqual(["data-diff", "finish"]);
    expect(chat.state().turns[0]).toMatchObject({ status: "error", error: expect.stringContaining("time limit") });
  });

  it("AI12: a client gets a limited number of turns a minute", async () => {
    const { chat } = make("openai-compatible", 1);
    fake.script([{ text: "one" }]);
    const first = await chat.start(ask("one"), "client");
    if (!first.ok) throw new Error(first.error.message);
    await readSse(new Response(first.value.stream));
    const second = await chat.start(ask("two"), "client");
    expect(second.ok ? null : second.error).toMatchObject({ code: "rate_limited", details: { retryAfter: 60 } });
  });

  it("AI1: without a provider a turn is refused with what to set", async () => {
    const code = new CodeSpaceService(new MemoryStore(), async (s) => ({ ok: true, code: s }));
    const chat = new ChatService({
      codeSpace: "cs",
      store: new MemoryChatStore(),
      code,
      ai: { ok: false, reason: "The assistant is not configured. Set AI_API_KEY" },
      model: createModel,
      tools: () => ({}),
      broadcast: () => {},
      turnsPerMinute: 10,
    });
    const r = await chat.start(ask("hi"), "c");
    expect(r.ok ? null : r.error.code).toBe("ai_not_configured");
    expect(chat.state().config).toMatchObject({ enabled: false, reason: expect.stringContaining("AI_API_KEY") });
  });
});
