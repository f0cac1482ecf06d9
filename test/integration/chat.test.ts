// The assistant against the real runtime (rules AI1-AI12): wrangler dev with AI_BASE_URL pointing at a fake
// provider over HTTP, a second Yjs client and a JSON viewer in the room.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { asUser, signup } from "../support/accounts.ts";
import { type Chunk, chatState, postChat, readSse } from "../support/chat.ts";
import { type DevServer, startDevServer } from "../support/dev-server.ts";
import { type FakeAi, startFakeAi } from "../support/fake-ai.ts";
import { putCode, uniqueName } from "../support/http.ts";
import { jsonClient, waitFor, yClient } from "../support/live.ts";

const KEY = "sk-integration-secret-4711";
const CODE = "export default () => <p>one</p>;\n// two\n// three\n";
const EDIT = { edits: [{ startLine: 1, endLine: 1, newContent: "export default () => <p>ONE</p>;" }] };

let fake: FakeAi;
let server: DevServer;
let base: string;

beforeAll(async () => {
  fake = await startFakeAi();
  server = await startDevServer({
    vars: {
      AI_PROVIDER: "openai-compatible",
      AI_BASE_URL: fake.url,
      AI_MODEL: "fake-model",
      AI_API_KEY: KEY,
      AI_TURNS_PER_MINUTE: "3",
    },
  });
  base = server.url;
});
afterAll(async () => {
  await server?.dispose();
  await fake?.close();
});

describe("the assistant over HTTP", () => {
  let cs: string;
  let turnId: string;

  it("AI3 AI5 AI6 AI8: reads, edits through the tool (live for Yjs and JSON clients), answers; one SSE stream in order", async () => {
    cs = uniqueName("chat");
    expect((await putCode(base, cs, CODE)).ok).toBe(true);
    const viewer = await jsonClient(base, cs);
    await viewer.next((m) => m.type === "handshake", "handshake");
    const y = await yClient(base, cs);
    // The assistant shows up among the people while it edits: a cursor named after it, gone after the turn.
    const names = new Set<string>();
    y.provider.awareness.on("change", () => {
      for (const s of y.provider.awareness.getStates().values()) if (s.user?.name) names.add(String(s.user.name));
    });
    fake.script([
      { tools: [{ name: "read_code", args: {} }] },
      { text: "Making it loud.", tools: [{ name: "edit_code", args: EDIT }] },
      { text: "Done: it says **ONE** now." },
    ]);
    const before = fake.requests.length;
    const res = await postChat(base, cs, "Make it loud");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-vercel-ai-ui-message-stream")).toBe("v1");
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    turnId = String(res.headers.get("x-chat-turn"));
    const { chunks, done } = await readSse(res);
    expect(done).toBe(true);
    const types = chunks.map((c) => c.type);
    expect(types[0]).toBe("start");
    expect(types.slice(-2)).toEqual(["data-diff", "finish"]);
    const tools = chunks.filter((c) => c.type === "tool-input-available");
    expect(tools.map((c) => c.toolName)).toEqual(["read_code", "edit_code"]);
    expect(tools[1]?.input).toEqual(EDIT);
    const outputs = chunks.filter((c) => c.type === "tool-output-available");
    expect(String(outputs[0]?.output)).toContain("<p>one</p>");
    const lastTool = types.lastIndexOf("tool-output-available");
    expect(types.indexOf("text-delta", lastTool)).toBeGreaterThan(lastTool);
    const text = chunks
      .filter((c) => c.type === "text-delta")
      .map((c) => c.delta)
      .join("");
    expect(text).toBe("Making it loud.Done: it says **ONE** now.");
    const diff = chunks.find((c) => c.type === "data-diff")?.data as Record<string, unknown>;
    expect(diff).toMatchObject({ turn: turnId, changed: true, versionBefore: 1, versionAfter: 2 });
    expect(String(diff.diff)).toContain("-export default () => <p>one</p>;\n+export default () => <p>ONE</p>;");

    // The edit reached the other clients of the room, and the conversation reached the JSON viewer.
    const after = CODE.replace("one", "ONE");
    await waitFor(() => y.text.toString() === after, "the Yjs client to see the assistant's edit");
    await viewer.next((m) => m.type === "session-update" && m.code === after, "session-update with the edit");
    await waitFor(
      () => viewer.messages.filter((m) => m.type === "chat-chunk" && m.turn === turnId).length === chunks.length,
      "every chunk on the JSON channel",
    );
    expect(viewer.messages.some((m) => m.type === "chat-turn")).toBe(true);
    expect(names.has("Assistant")).toBe(true);
    await waitFor(
      () => ![...y.provider.awareness.getStates().values()].some((s) => s.user?.name === "Assistant"),
      "the assistant's cursor to go when its turn ends",
    );
    const versions = (await (await fetch(`${base}/live/${cs}/versions`)).json()) as { versionCount: number };
    expect(versions.versionCount).toBe(2);

    // Every request to the provider offered the tools, each with a JSON Schema of its own.
    const sent = fake.requests.slice(before);
    expect(sent.map((r) => r.path)).toEqual(["/chat/completions", "/chat/completions", "/chat/completions"]);
    for (const r of sent) {
      expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
      const offered = r.body.tools as { function: { name: string; parameters: Record<string, unknown> } }[];
      expect(offered.map((t) => t.function.name)).toEqual(expect.arrayContaining(["read_code", "edit_code"]));
      for (const t of offered) expect(t.function.parameters).toMatchObject({ type: "object" });
      expect(r.body.max_tokens).toBe(4096);
    }
    // The system prompt carries the code as it was, numbered.
    const system = (sent[0]?.body.messages as { role: string; content: string }[] | undefined)?.[0];
    expect(system?.role).toBe("system");
    expect(system?.content).toContain("   1| export default () => <p>one</p>;");
    y.destroy();
    viewer.close();
  });

  it("AI3: a reload (GET chat) replays the history; the stream of a finished turn replays its chunks", async () => {
    const state = await chatState(base, cs);
    expect(state.config).toEqual({ enabled: true, provider: "openai-compatible", model: "fake-model" });
    expect(state.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(state.messages[0]?.metadata.author).toBe("ada");
    const answer = state.messages[1];
    expect(answer?.parts.map((p) => p.type)).toEqual(
      expect.arrayContaining(["tool-read_code", "tool-edit_code", "text", "data-diff"]),
    );
    expect(state.turns).toMatchObject([{ id: turnId, status: "done", versionBefore: 1, versionAfter: 2 }]);
    expect(state.activeTurn).toBeUndefined();
    const replay = await readSse(await fetch(`${base}/live/${cs}/chat/stream?turn=${turnId}`));
    expect(replay.done).toBe(true);
    expect(replay.chunks.map((c) => c.type).slice(-2)).toEqual(["data-diff", "finish"]);
  });

  it("AI7: undo makes a version with the code from before the turn, keeping a human edit made since", async () => {
    const y = await yClient(base, cs);
    const at = y.text.toString().indexOf("three");
    y.text.insert(at + "three".length, " (typed by a human)");
    const withHuman = "export default () => <p>ONE</p>;\n// two\n// three (typed by a human)\n";
    await waitFor(async () => (await chatSession(cs)).code === withHuman, "the human edit to reach the session");
    const res = await fetch(`${base}/live/${cs}/chat/turns/${turnId}/undo`, { method: "POST" });
    expect(res.status).toBe(200);
    const expected = "export default () => <p>one</p>;\n// two\n// three (typed by a human)\n";
    expect(await res.json()).toMatchObject({ changed: true, code: expected });
    await waitFor(() => y.text.toString() === expected, "the Yjs client to see the undo");
    y.destroy();
  });

  it("AI3 AI9: 409 while a turn runs; a late joiner replays it live; stop keeps the partial answer, marked stopped", async () => {
    const cs2 = uniqueName("chat-stop");
    const viewer = await jsonClient(base, cs2);
    await viewer.next((m) => m.type === "handshake", "handshake");
    fake.script([{ text: "Let me think about this", hold: true }]);
    const first = await postChat(base, cs2, "think hard");
    expect(first.status).toBe(200);
    const turn = String(first.headers.get("x-chat-turn"));
    const firstBody = readSse(first);
    await fake.held();
    const second = await postChat(base, cs2, "and again");
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe("conflict");
    expect((await chatState(base, cs2)).activeTurn?.id).toBe(turn);
    const late = fetch(`${base}/live/${cs2}/chat/stream?turn=${turn}`).then(readSse);
    // Stop once the answer so far has streamed (the late joiner's replay must hold it too).
    await waitFor(() => {
      const deltas = viewer.messages.filter((m) => m.type === "chat-chunk" && (m.chunk as Chunk).type === "text-delta");
      return deltas.map((m) => (m.chunk as Chunk).delta).join("") === "Let me think about this";
    }, "the partial answer on the JSON channel");
    const stop = await fetch(`${base}/live/${cs2}/chat/stop`, { method: "POST" });
    expect(await stop.json()).toEqual({ stopped: true, turn });
    await fake.abandoned();
    const { chunks, done } = await firstBody;
    expect(done).toBe(true);
    expect(chunks.map((c) => c.type).slice(-2)).toEqual(["data-diff", "finish"]);
    expect((await late).chunks).toEqual(chunks);
    const state = await chatState(base, cs2);
    expect(state.turns[0]).toMatchObject({ id: turn, status: "stopped" });
    expect(state.activeTurn).toBeUndefined();
    const answer = state.messages[1]?.parts.find((p) => p.type === "text");
    expect(answer?.text).toBe("Let me think about this");
    await viewer.next((m) => m.type === "chat-turn" && (m.turn as { status: string }).status === "stopped", "stopped");
    viewer.close();
  });

  it("AI9: the turn goes on when the browser that asked goes away", async () => {
    const cs5 = uniqueName("chat-away");
    fake.script([{ text: "Working on it", hold: true }, { text: "never asked for" }]);
    const gone = new AbortController();
    const res = await fetch(`${base}/live/${cs5}/chat`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message: { id: "away-1", role: "user", parts: [{ type: "text", text: "go" }] } }),
      signal: gone.signal,
    });
    expect(res.status).toBe(200);
    await fake.held();
    gone.abort();
    await res.body?.cancel().catch(() => {});
    fake.release();
    await waitFor(async () => (await chatState(base, cs5)).turns[0]?.status === "done", "the turn to finish");
    const answer = (await chatState(base, cs5)).messages[1]?.parts.find((p) => p.type === "text");
    expect(answer?.text).toBe("Working on it");
  });

  it("AI10: bad input is 400, a text over 16 KB or a body over 64 KB is 413", async () => {
    const cs3 = uniqueName("chat-bad");
    const post = (body: string) =>
      fetch(`${base}/live/${cs3}/chat`, { method: "POST", headers: { "Content-Type": "application/json" }, body });
    const bad = await post(JSON.stringify({ message: { id: "x", role: "assistant", parts: [] } }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    expect((await post("{not json")).status).toBe(400);
    const long = await postChat(base, cs3, "x".repeat(16 * 1024 + 1));
    expect(long.status).toBe(413);
    const huge = await post(
      JSON.stringify({
        message: { id: "y", role: "user", parts: [{ type: "text", text: "a" }] },
        pad: "x".repeat(70_000),
      }),
    );
    expect(huge.status).toBe(413);
  });

  it("AI12: more turns a minute than allowed is 429 with Retry-After", async () => {
    const cs4 = uniqueName("chat-rate");
    for (let i = 0; i < 3; i++) {
      fake.script([{ text: `answer ${i}` }]);
      const res = await postChat(base, cs4, `question ${i}`);
      expect(res.status).toBe(200);
      await readSse(res);
    }
    const over = await postChat(base, cs4, "one more");
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
  });

  it("AI2: the key reaches no response and no log line", async () => {
    const state = await fetch(`${base}/live/${cs}/chat`);
    expect(await state.text()).not.toContain(KEY);
    expect(server.output()).not.toContain(KEY);
  });
});

describe("the assistant of an owned codeSpace", () => {
  it("AI13: only who may write starts, stops or undoes a turn; the asker is named by their handle", async () => {
    const owner = await signup(base);
    const cs = uniqueName("chat-owned");
    expect((await asUser(base, owner.cookie, "POST", `/live/${cs}/api/claim`)).status).toBe(200);
    expect((await asUser(base, owner.cookie, "PUT", `/live/${cs}/api/code`, { code: CODE })).status).toBe(200);
    const asked = fake.requests.length;
    const anon = await postChat(base, cs, "Make it loud");
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as { error: { code: string } }).error.code).toBe("auth_required");
    expect(fake.requests.length).toBe(asked);
    expect((await fetch(`${base}/live/${cs}/chat/stop`, { method: "POST" })).status).toBe(401);
    expect((await chatState(base, cs)).messages).toEqual([]);

    fake.script([{ tools: [{ name: "edit_code", args: EDIT }] }, { text: "Done." }]);
    const message = { id: `owned-${Date.now()}`, role: "user", parts: [{ type: "text", text: "Make it loud" }] };
    const res = await asUser(base, owner.cookie, "POST", `/live/${cs}/chat`, { message, author: "someone else" });
    expect(res.status).toBe(200);
    const turn = res.headers.get("x-chat-turn");
    await readSse(res);
    expect((await chatSession(cs)).code).toBe(CODE.replace("one", "ONE"));
    const state = await chatState(base, cs);
    expect(state.messages[0]?.metadata.author).toBe(owner.handle);

    const undo = `/live/${cs}/chat/turns/${turn}/undo`;
    expect((await fetch(`${base}${undo}`, { method: "POST" })).status).toBe(401);
    expect((await chatSession(cs)).code).toBe(CODE.replace("one", "ONE"));
    expect((await asUser(base, owner.cookie, "POST", undo)).status).toBe(200);
    expect((await chatSession(cs)).code).toBe(CODE);
  });
});

describe("the assistant without configuration", () => {
  it("AI1: POST chat is 503 ai_not_configured saying what to set; GET chat says it is disabled; the rest works", async () => {
    const shared = inject("baseUrl");
    const cs = uniqueName("chat-off");
    const res = await postChat(shared, cs, "hello");
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("ai_not_configured");
    expect(body.error.message).toContain("AI_API_KEY");
    expect(body.error.message).toContain("AI_BASE_URL");
    const state = await chatState(shared, cs);
    expect(state.config).toMatchObject({ enabled: false, provider: null, model: null });
    expect(state.messages).toEqual([]);
    expect((await putCode(shared, cs, CODE)).ok).toBe(true);
  });
});

async function chatSession(cs: string): Promise<{ code: string }> {
  return (await (await fetch(`${base}/live/${cs}/session.json`)).json()) as { code: string };
}
