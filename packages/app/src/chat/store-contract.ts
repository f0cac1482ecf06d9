// The chat storage contract (SPEC.md AI3, AI11), run against every ChatStore backend.
import type { ChatMessage } from "@live/shared";
import { describe, expect, it } from "vitest";
import type { ChatStore, StoredTurn } from "./store.ts";

const message = (n: number): ChatMessage => ({
  id: `m${n}`,
  role: n % 2 ? "user" : "assistant",
  parts: [{ type: "text", text: `message ${n} ünïcødé` }],
  metadata: { author: "ada", turn: "t", createdAt: new Date(n * 1000).toISOString() },
});

const turn = (id: string, status: StoredTurn["status"]): StoredTurn => ({
  id,
  status,
  author: "ada",
  model: "fake/model",
  versionBefore: 1,
  versionAfter: null,
  usage: null,
  startedAt: "2026-01-01T00:00:00.000Z",
  finishedAt: null,
  codeBefore: "before",
  codeAfter: null,
});

/** Runs one test body against a fresh, empty store keeping at most `max` messages. */
export type WithChatStore = (max: number, body: (store: ChatStore) => void) => Promise<void>;

export function chatStoreContract(backend: string, withStore: WithChatStore): void {
  describe(`ChatStore contract: ${backend}`, () => {
    it("AI11: messages come back oldest first; beyond the limit the oldest are dropped", () =>
      withStore(3, (store) => {
        expect(store.messages()).toEqual([]);
        for (let n = 1; n <= 5; n++) store.addMessage(message(n));
        expect(store.messages()).toEqual([message(3), message(4), message(5)]);
        expect(store.messages(2)).toEqual([message(4), message(5)]);
        expect(store.hasMessage("m5")).toBe(true);
        expect(store.hasMessage("m1")).toBe(false);
      }));

    it("AI3: turns are saved and updated by id, listed oldest first; running ones can be found", () =>
      withStore(10, (store) => {
        store.saveTurn(turn("a", "done"));
        store.saveTurn(turn("b", "running"));
        expect(store.running().map((t) => t.id)).toEqual(["b"]);
        store.saveTurn({ ...turn("b", "stopped"), codeAfter: "after" });
        expect(store.running()).toEqual([]);
        expect(store.turn("b")).toMatchObject({ status: "stopped", codeAfter: "after" });
        expect(store.turn("zz")).toBeNull();
        expect(store.turns(10).map((t) => t.id)).toEqual(["a", "b"]);
        expect(store.turns(1).map((t) => t.id)).toEqual(["b"]);
      }));

    it("AI3: chunks replay in order; only the newest turn keeps them", () =>
      withStore(10, (store) => {
        store.addChunk("a", 0, { type: "start" });
        store.addChunk("a", 1, { type: "text-delta", id: "t", delta: "hi" });
        store.addChunk("b", 0, { type: "start" });
        expect(store.chunks("a")).toEqual([{ type: "start" }, { type: "text-delta", id: "t", delta: "hi" }]);
        store.dropChunksExcept("b");
        expect(store.chunks("a")).toEqual([]);
        expect(store.chunks("b")).toEqual([{ type: "start" }]);
      }));
  });
}
