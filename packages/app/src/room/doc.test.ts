// Group commit of Yjs updates (rule C2) in plain Node: when a queue of updates is written, over MemoryStore.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { MemoryStore } from "../storage/memory.ts";
import { LiveDoc } from "./doc.ts";

function setup() {
  const store = new MemoryStore();
  const clock = { now: 1_000 };
  const live = new LiveDoc(store, 10_000, undefined, () => clock.now);
  const relayed: Uint8Array[] = [];
  live.onUpdate((u) => relayed.push(u));
  const client = new Y.Doc();
  const updates: Uint8Array[] = [];
  client.on("update", (u: Uint8Array) => updates.push(u));
  const type = (n: number) => {
    for (let i = 0; i < n; i++) client.getText("code").insert(0, `${i} `);
    return updates.splice(0);
  };
  return { store, clock, live, relayed, type };
}

describe("LiveDoc group commit (C2)", () => {
  it("a queue waits for its batch at most 4 ms of a busy object's events, then is written and relayed in order", () => {
    const { store, clock, live, relayed, type } = setup();
    const [a, b, c] = type(3) as [Uint8Array, Uint8Array, Uint8Array];
    live.enqueue(a, "x", 2);
    clock.now += 2;
    live.enqueue(b, "x", 2);
    live.settle();
    expect(store.loadDoc().updates).toHaveLength(0);
    expect(relayed).toHaveLength(0);
    clock.now += 2;
    live.enqueue(c, "x", 2);
    expect(store.loadDoc().updates).toEqual([a, b, c]);
    expect(relayed).toEqual([a, b, c]);
  });

  it("settle writes a queue that waited while other events ran; any read of the text writes it at once", () => {
    const { store, clock, live, type } = setup();
    const [a, b] = type(2) as [Uint8Array, Uint8Array];
    live.enqueue(a, "x", 2);
    clock.now += 4;
    live.settle();
    expect(store.loadDoc().updates).toEqual([a]);
    live.enqueue(b, "x", 2);
    expect(live.lengthWithQueue).toBe(live.code.length);
    expect(store.loadDoc().updates).toEqual([a, b]);
  });

  it("a burst is written 256 updates to a commit, however fast it comes", () => {
    const { store, live, type } = setup();
    const burst = type(300);
    for (const u of burst) live.enqueue(u, "x", 4);
    expect(store.loadDoc().updates).toEqual(burst.slice(0, 256));
    live.flush();
    expect(store.loadDoc().updates).toEqual(burst);
  });
});
