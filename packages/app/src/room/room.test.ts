// The room logic in plain Node: fake sockets (the RoomSocket interface), MemoryStore, a real Y.Doc.
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it, vi } from "vitest";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { CodeSpaceService } from "../codespace/service.ts";
import { MemoryStore } from "../storage/memory.ts";
import { FakeSocket } from "./fake-socket.ts";
import { Room } from "./room.ts";
import { Penalties, RateLimiter } from "./socket.ts";

function setup(perSecond = 1000) {
  const store = new MemoryStore();
  const clock = { now: 1_000_000 };
  const sockets: FakeSocket[] = [];
  let room: Room | undefined;
  const alarms: number[] = [];
  const service = new CodeSpaceService(
    store,
    async (s) => ({ ok: true, code: `/*js*/${s}` }),
    () => new Date(clock.now),
    {
      onSession: (s) => room?.broadcastSession(s),
      schedule: (at) => alarms.push(at),
      compactAfter: 5,
    },
  );
  room = new Room("cs", service, (kind) => sockets.filter((s) => !s.closed && (!kind || s.state.kind === kind)), {
    messagesPerSecond: perSecond,
    penaltySeconds: 10,
  });
  const connect = async (kind: "yjs" | "json", address?: string) => {
    const s = new FakeSocket({ id: `s${sockets.length}`, kind, codeSpace: "cs", clientIds: [], address });
    sockets.push(s);
    await room?.open(s);
    return s;
  };
  return { store, service, room, connect, alarms, clock };
}

/** A y-websocket sync-update frame carrying `update`. */
const updateFrame = (update: Uint8Array) =>
  encoding.encode((e) => {
    encoding.writeVarUint(e, 0);
    syncProtocol.writeUpdate(e, update);
  });

describe("Room (plain Node)", () => {
  it("C1/C2: a Yjs update is stored before it is relayed to the other Yjs sockets", async () => {
    const { room, connect, store } = setup();
    const [a, b] = [await connect("yjs"), await connect("yjs")];
    const client = new Y.Doc();
    Y.applyUpdate(
      client,
      Y.encodeStateAsUpdate((room as unknown as { service: CodeSpaceService }).service.doc("cs").doc),
    );
    let update: Uint8Array | null = null;
    client.on("update", (u: Uint8Array) => {
      update = u;
    });
    client.getText("code").insert(0, "hi ");
    const before = store.loadDoc().updates.length;
    b.sent = [];
    // Each relayed frame is checked against what the store holds at the moment it is sent.
    const storedWhenSent: number[] = [];
    const send = b.send.bind(b);
    b.send = (data) => {
      storedWhenSent.push(store.loadDoc().updates.length);
      send(data);
    };
    await room.message(a, updateFrame(update as unknown as Uint8Array));
    // Group commit: queued with its burst; nothing stored, nothing relayed yet.
    expect(store.loadDoc().updates.length).toBe(before);
    expect(b.sent).toHaveLength(0);
    await vi.waitFor(() => expect(b.sent).toHaveLength(1));
    expect(store.loadDoc().updates.length).toBe(before + 1);
    expect(storedWhenSent).toEqual([before + 1]);
    const d = decoding.createDecoder(b.sent[0] as Uint8Array);
    expect([decoding.readVarUint(d), decoding.readVarUint(d)]).toEqual([0, syncProtocol.messageYjsUpdate]);
    expect(a.sent.some((m) => m instanceof Uint8Array && m.length > 3 && a.sent.indexOf(m) > 0)).toBe(false);
  });

  it("C2: a burst is stored and relayed in order, and whatever reads the document first applies the queue", async () => {
    const { room, connect, store, service } = setup();
    const [a, b] = [await connect("yjs"), await connect("yjs")];
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(service.doc("cs").doc));
    const updates: Uint8Array[] = [];
    client.on("update", (u: Uint8Array) => updates.push(u));
    for (const word of ["one ", "two ", "three "]) client.getText("code").insert(0, word);
    const before = store.loadDoc().updates.length;
    b.sent = [];
    for (const u of updates) await room.message(a, updateFrame(u));
    expect(b.sent).toHaveLength(0);
    // A read of the text (a transpile, a REST write, a sync answer) applies the queue first, in this event.
    expect(service.doc("cs").code.startsWith("three two one ")).toBe(true);
    expect(store.loadDoc().updates.slice(before)).toEqual(updates);
    expect(b.sent).toHaveLength(3);
  });

  it("C5/C6: a JSON write is acked, transpiled and broadcast; live edits make a version by the clock", async () => {
    const { service, connect, room, alarms, clock } = setup();
    const viewer = await connect("json");
    const writer = await connect("json");
    expect(viewer.json()[0]).toMatchObject({ type: "handshake", version: 0 });
    await room.message(writer, JSON.stringify({ type: "session-update", code: "one" }));
    expect(writer.json().at(-1)).toMatchObject({ type: "ack", changed: true, version: 0 });
    expect(viewer.json().at(-1)).toMatchObject({ type: "session-update", code: "one", transpiled: "/*js*/one" });
    expect(alarms.at(-1)).toBe(clock.now + 1000);
    await service.onAlarm(); // too early: still typing
    expect(service.versions("cs", 10).versionCount).toBe(0);
    clock.now += 1000;
    await service.onAlarm(); // 1 s of stillness: a version
    expect(service.versions("cs", 10).versionCount).toBe(1);
    expect(viewer.json().at(-1)).toMatchObject({ type: "session-update", version: 1 });
  });

  it("C8: malformed frames get typed errors and close codes", async () => {
    const { room, connect } = setup();
    const j = await connect("json");
    await room.message(j, "nope");
    await room.message(j, JSON.stringify({ type: "what" }));
    await room.message(j, new Uint8Array([1]));
    expect(
      j
        .json()
        .slice(1)
        .map((m) => m.code),
    ).toEqual(["invalid_json", "unknown_type", "binary_not_supported"]);
    const y = await connect("yjs");
    await room.message(y, new Uint8Array([9, 9, 9]));
    expect(y.closed?.code).toBe(1003);
    const big = await connect("json");
    await room.message(big, "x".repeat(1024 * 1024 + 1));
    expect(big.closed?.code).toBe(1009);
  });

  it("C10: an update that would take the document over 1 MiB is refused", async () => {
    const { room, connect, service } = setup();
    const y = await connect("yjs");
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(service.doc("cs").doc));
    const sv = Y.encodeStateVector(client);
    client.getText("code").insert(0, "x".repeat(600 * 1024));
    await room.message(y, updateFrame(Y.encodeStateAsUpdate(client, sv)));
    expect(y.closed).toBeNull();
    const sv2 = Y.encodeStateVector(client);
    client.getText("code").insert(0, "y".repeat(600 * 1024));
    await room.message(y, updateFrame(Y.encodeStateAsUpdate(client, sv2)));
    expect(y.closed?.code).toBe(4413);
    expect(service.doc("cs").code.length).toBeLessThan(1024 * 1024);
    expect(service.doc("cs").code.startsWith("x")).toBe(true);
  });

  it("C11: a socket over its rate is told, then closed with 1008", async () => {
    let now = 0;
    const limiter = new RateLimiter(2, () => now);
    const verdicts = Array.from({ length: 8 }, () => limiter.take("s").verdict);
    expect(verdicts).toEqual(["ok", "ok", "ok", "ok", "over", "over", "close", "close"]);
    now += 10_000;
    expect(limiter.take("s").verdict).toBe("ok");
    const { room, connect } = setup(1);
    const j = await connect("json");
    for (let i = 0; i < 6; i++) await room.message(j, JSON.stringify({ type: "ping" }));
    expect(j.json().filter((m) => m.code === "rate_limited")).toHaveLength(1);
    expect(j.closed?.code).toBe(1008);
  });

  it("C11: an address whose socket was closed for its rate waits before it may open another", async () => {
    let now = 0;
    const penalties = new Penalties(10, () => now);
    penalties.add("10.0.0.1");
    expect(penalties.left("10.0.0.1")).toBe(10);
    expect(penalties.left("10.0.0.2")).toBe(0);
    expect(penalties.left(undefined)).toBe(0);
    now += 9_500;
    expect(penalties.left("10.0.0.1")).toBe(1);
    now += 500;
    expect(penalties.left("10.0.0.1")).toBe(0);
    const { room, connect } = setup(1);
    const [flooder, other] = [await connect("yjs", "10.0.0.1"), await connect("yjs", "10.0.0.2")];
    const ping = new Uint8Array([3]); // query awareness: a valid frame that changes nothing
    for (let i = 0; i < 3; i++) await room.message(flooder, ping);
    expect(flooder.closed?.code).toBe(1008);
    expect(room.penaltyFor("10.0.0.1")).toBeGreaterThan(0);
    expect(other.closed).toBeNull();
    expect(room.penaltyFor("10.0.0.2")).toBe(0);
  });

  it("C2: the update log is compacted into a snapshot, and loading gives the same text", async () => {
    const { service, store } = setup();
    for (let i = 0; i < 12; i++) await service.writeCodeWith("cs", (c) => ({ ok: true, value: `${c}${i}` }), "live");
    expect(store.loadDoc().snapshot).not.toBeNull();
    expect(store.loadDoc().updates.length).toBeLessThanOrEqual(5);
    const again = new CodeSpaceService(store, async (s) => ({ ok: true, code: s }));
    expect(again.doc("cs").code).toBe(service.doc("cs").code);
  });
});
