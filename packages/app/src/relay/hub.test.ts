// The relay tier (rule C13) in plain Node: a RelayHub with fake viewers, fed the frames a writer sends, and
// RelayShards placing viewers from the sockets a writer holds.
import { fail, ok, type Session } from "@live/shared";
import { describe, expect, it } from "vitest";
import type { AccessPolicy, Principal } from "../auth/can.ts";
import { FakeSocket } from "../room/fake-socket.ts";
import type { SocketState } from "../room/socket.ts";
import { RelayHub } from "./hub.ts";
import { RelayShards, relayLimits } from "./shards.ts";

const OWNER = { id: "u1", handle: "ada" };
const OPEN_POLICY: AccessPolicy = { mode: "open", editors: [] };
const OWNED: AccessPolicy = { mode: "owned", owner: OWNER, editors: [] };
const asOwner: Principal = { kind: "user", user: OWNER, via: "session" };

const session = (hash: string, version: number, code: string): Session => ({
  codeSpace: "cs",
  hash,
  version,
  code,
  transpiled: `/*js*/${code}`,
  html: "",
  css: "",
  errors: [],
});

function setup() {
  const viewers: FakeSocket[] = [];
  const reports: number[] = [];
  const writes: { code: string; by: Principal }[] = [];
  let now = session("h0", 1, "a");
  const hub = new RelayHub(
    "cs",
    () => viewers.filter((v) => !v.closed),
    {
      session: async () => now,
      write: async (code, by) => {
        writes.push({ code, by });
        if (by.kind === "anonymous" && policy === OWNED) return fail("auth_required", "sign in");
        return ok({ codeSpace: "cs", version: 1, hash: "h-written", changed: true, errors: [] });
      },
      report: (n) => reports.push(n),
    },
    { messagesPerSecond: 1000, penaltySeconds: 10 },
  );
  let policy = OPEN_POLICY;
  const writer = {
    handshake: (hash: string, version: number) =>
      hub.fromWriter(JSON.stringify({ type: "handshake", protocol: 1, codeSpace: "cs", hash, version })),
    policy: (p: AccessPolicy) => {
      policy = p;
      return hub.fromWriter(JSON.stringify({ type: "relay-policy", policy: p }));
    },
    update: (s: Session) => hub.fromWriter(JSON.stringify({ type: "session-update", ...s })),
    set: (s: Session) => {
      now = s;
    },
  };
  const join = (extra: Partial<SocketState> = {}) => {
    const v = new FakeSocket({ id: `v${viewers.length}`, kind: "json", codeSpace: "cs", clientIds: [], ...extra });
    viewers.push(v);
    hub.open(v);
    return v;
  };
  return { hub, writer, join, reports, writes };
}

describe("RelayHub (C13)", () => {
  it("greets viewers once the writer's handshake and policy are here, then sends every frame on unchanged", async () => {
    const { writer, join, reports } = setup();
    const early = join();
    expect(early.sent).toEqual([]);
    await writer.handshake("h0", 1);
    await writer.policy(OPEN_POLICY);
    const late = join();
    for (const v of [early, late])
      expect(v.json()).toEqual([{ type: "handshake", protocol: 1, codeSpace: "cs", hash: "h0", version: 1 }]);
    const frame = JSON.stringify({ type: "session-update", ...session("h1", 2, "b") });
    await writer.update(session("h1", 2, "b"));
    expect(early.sent.at(-1)).toBe(frame);
    expect(late.sent.at(-1)).toBe(frame);
    // A viewer that joins now is greeted with the newest state.
    expect(join().json()[0]).toMatchObject({ type: "handshake", hash: "h1", version: 2 });
    expect(reports).toEqual([1, 2, 3]);
  });

  it("answers pings itself and hands code writes to the writer with the viewer's principal", async () => {
    const { hub, writer, join, writes } = setup();
    await writer.handshake("h0", 1);
    await writer.policy(OPEN_POLICY);
    const v = join({ principal: asOwner });
    await hub.message(v, JSON.stringify({ type: "ping" }));
    await hub.message(v, JSON.stringify({ type: "session-update", code: "x" }));
    await hub.message(v, "{nope");
    expect(v.json().slice(1)).toEqual([
      { type: "pong" },
      { type: "ack", hash: "h-written", version: 1, changed: true },
      { type: "error", code: "invalid_json", message: "a frame must be one JSON object" },
    ]);
    expect(writes).toEqual([{ code: "x", by: asOwner }]);
  });

  it("a frame sent before the policy is here waits for it, and is decided with it", async () => {
    const { hub, writer, join, writes } = setup();
    const v = join();
    const pending = hub.message(v, JSON.stringify({ type: "session-update", code: "early" }));
    await writer.handshake("h0", 1);
    expect(writes).toEqual([]);
    await writer.policy(OWNED);
    await pending;
    expect(writes).toEqual([]);
    expect(v.json().at(-1)).toMatchObject({ type: "error", code: "forbidden" });
  });

  it("A9: a changed policy turns viewers read-only at once and tells them", async () => {
    const { hub, writer, join, writes } = setup();
    await writer.handshake("h0", 1);
    await writer.policy(OPEN_POLICY);
    const anon = join();
    const owner = join({ principal: asOwner });
    await writer.policy(OWNED);
    expect(anon.state.readOnly).toBe(true);
    expect(anon.json().at(-1)).toMatchObject({ type: "error", code: "forbidden" });
    expect(owner.state.readOnly).toBeFalsy();
    expect(owner.json()).toHaveLength(1);
    await hub.message(anon, JSON.stringify({ type: "session-update", code: "no" }));
    await hub.message(owner, JSON.stringify({ type: "session-update", code: "yes" }));
    expect(writes.map((w) => w.code)).toEqual(["yes"]);
  });

  it("subscribed again after missing changes, it catches its viewers up with the session as it is now", async () => {
    const { hub, writer, join } = setup();
    await writer.handshake("h0", 1);
    await writer.policy(OPEN_POLICY);
    const v = join();
    hub.unsubscribed();
    writer.set(session("h5", 5, "missed"));
    await writer.handshake("h5", 5);
    await writer.policy(OPEN_POLICY);
    expect(v.json()).toEqual([
      { type: "handshake", protocol: 1, codeSpace: "cs", hash: "h0", version: 1 },
      { type: "session-update", ...session("h5", 5, "missed") },
    ]);
  });

  it("C11: a flooding viewer is told, then closed, and its address must wait", async () => {
    const { hub, writer, join } = setup();
    await writer.handshake("h0", 1);
    await writer.policy(OPEN_POLICY);
    const v = join({ address: "10.0.0.9" });
    for (let i = 0; i < 3100; i++) await hub.message(v, JSON.stringify({ type: "ping" }));
    expect(v.json().some((m) => m.code === "rate_limited")).toBe(true);
    expect(v.closed?.code).toBe(1008);
    expect(hub.penaltyFor("10.0.0.9")).toBeGreaterThan(0);
  });
});

describe("RelayShards (C13)", () => {
  const sock = (state: Partial<SocketState>) =>
    new FakeSocket({ id: crypto.randomUUID(), kind: "json", codeSpace: "cs", clientIds: [], ...state });

  it("keeps viewers on the writer below the threshold, then fills relays one after another", () => {
    const shards = new RelayShards({ after: 2, size: 2, max: 2 });
    const held = [sock({})];
    expect(shards.place(held, 1000)).toBeNull();
    held.push(sock({}), sock({ kind: "yjs" }));
    expect([1, 2, 3, 4, 5].map(() => shards.place(held, 1000))).toEqual([0, 0, 1, 1, null]);
  });

  it("a relay's report replaces the estimate, and the writer's socket limit sends viewers to relays too", () => {
    const shards = new RelayShards({ after: 100, size: 2, max: 3 });
    const relay0 = sock({ relay: { shard: 0, viewers: 0 } });
    const held = [relay0, sock({})];
    expect(shards.place(held, 2)).toBe(0);
    expect(shards.place(held, 2)).toBe(0);
    expect(shards.place(held, 2)).toBe(1);
    shards.reported(relay0, 1);
    expect(relay0.state.relay).toEqual({ shard: 0, viewers: 1 });
    expect(shards.place(held, 2)).toBe(0);
  });

  it("RELAY_MAX 0 turns the tier off; the defaults are 500 / 500 / 20", () => {
    expect(new RelayShards(relayLimits({ RELAY_MAX: "0" })).place([sock({}), sock({})], 1)).toBeNull();
    expect(relayLimits({})).toEqual({ after: 500, size: 500, max: 20 });
  });
});
