// Real-time collaboration over the real dev server: stock y-websocket clients, JSON channel clients, REST.

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { type DevServer, startDevServer } from "../support/dev-server.ts";
import { uniqueName as name } from "../support/http.ts";
import { jsonClient, waitFor, yClient } from "../support/live.ts";

const base = inject("baseUrl");
const session = async (url: string, cs: string) => (await fetch(`${url}/live/${cs}/session.json`)).json();
const put = (url: string, cs: string, code: string) =>
  fetch(`${url}/live/${cs}/api/code`, { method: "PUT", body: JSON.stringify({ code }) });

describe("Yjs channel with the stock y-websocket client", () => {
  it("C2/C3: a new document starts from the stored code, two clients typing concurrently converge", async () => {
    const cs = name("converge");
    await put(base, cs, "start\n");
    const [a, b] = [await yClient(base, cs), await yClient(base, cs)];
    expect(a.text.toString()).toBe("start\n");
    // Interleaved concurrent typing at both ends of the text, no waiting in between.
    for (let i = 0; i < 50; i++) {
      a.text.insert(0, "X");
      b.text.insert(b.text.length, "Y");
    }
    await waitFor(() => a.text.toString() === b.text.toString() && a.text.length === 106, "convergence");
    const text = a.text.toString();
    expect(text.match(/X/g)?.length).toBe(50);
    expect(text.match(/Y/g)?.length).toBe(50);
    await waitFor(async () => (await session(base, cs)).code === text, "session.json to equal the text");
    a.destroy();
    b.destroy();
  });

  it("C3: edits made offline merge on reconnect", async () => {
    const cs = name("offline");
    await put(base, cs, "line one\n");
    const [a, b] = [await yClient(base, cs), await yClient(base, cs)];
    a.provider.disconnect();
    a.text.insert(0, "OFFLINE ");
    b.text.insert(b.text.length, "ONLINE\n");
    await waitFor(async () => (await session(base, cs)).code.includes("ONLINE"), "online edit to land");
    a.provider.connect();
    await waitFor(() => a.text.toString() === b.text.toString() && a.text.toString().includes("OFFLINE"), "merge");
    expect(a.text.toString()).toBe("OFFLINE line one\nONLINE\n");
    a.destroy();
    b.destroy();
  });

  it("C9: awareness (presence) appears at others and is cleared when a client goes", async () => {
    const cs = name("aware");
    const [a, b] = [await yClient(base, cs), await yClient(base, cs)];
    a.provider.awareness.setLocalStateField("user", { name: "Ada", color: "#f43f5e" });
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === "Ada", "presence");
    a.destroy();
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), "presence to clear");
    b.destroy();
  });
});

describe("JSON channel", () => {
  it("C6: handshake, then session-update for Yjs edits, REST writes and JSON writes", async () => {
    const cs = name("json");
    const viewer = await jsonClient(base, cs);
    const hello = await viewer.next((m) => m.type === "handshake", "handshake");
    expect(hello).toMatchObject({ codeSpace: cs, version: 0, protocol: 1 });

    await put(base, cs, "export default () => <p>rest</p>;\n");
    const rest = await viewer.next(
      (m) => m.type === "session-update" && String(m.code).includes("rest"),
      "REST update",
    );
    expect(rest).toMatchObject({ version: 1, errors: [] });
    expect(String(rest.transpiled)).toContain("rest");

    const y = await yClient(base, cs);
    y.text.insert(y.text.toString().indexOf("rest"), "yjs+");
    await viewer.next((m) => m.type === "session-update" && String(m.code).includes("yjs+rest"), "Yjs update");

    const writer = await jsonClient(base, cs);
    writer.send({ type: "session-update", code: "export default () => <p>json</p>;\n" });
    expect(await writer.next((m) => m.type === "ack", "ack")).toMatchObject({ changed: true });
    await viewer.next((m) => m.type === "session-update" && String(m.code).includes("json"), "JSON update");
    // The JSON write went into the Y.Text as a diff: the Yjs client has it too.
    await waitFor(
      () => y.text.toString() === "export default () => <p>json</p>;\n",
      "Yjs client to see the JSON write",
    );
    y.destroy();
    viewer.close();
    writer.close();
  });

  it("C8/C10: bad frames get their documented answer and the room keeps serving others", async () => {
    const cs = name("bad");
    const client = await jsonClient(base, cs);
    await client.next((m) => m.type === "handshake", "handshake");
    client.send("{not json");
    expect(await client.next((m) => m.type === "error", "invalid_json")).toMatchObject({ code: "invalid_json" });
    client.send({ type: "launch-missiles" });
    expect(await client.next((m) => m.type === "error", "unknown_type")).toMatchObject({ code: "unknown_type" });
    client.send({ type: "session-update", code: 42 });
    expect(await client.next((m) => m.type === "error", "invalid")).toMatchObject({ code: "invalid_message" });
    client.ws.send(new Uint8Array([1, 2, 3]));
    expect(await client.next((m) => m.type === "error", "binary")).toMatchObject({ code: "binary_not_supported" });
    client.send({ type: "ping" });
    await client.next((m) => m.type === "pong", "pong");

    const y = await yClient(base, cs);
    const garbage = new WebSocket(`${base.replace("http", "ws")}/live/${cs}/yjs`);
    const closed = new Promise<number>((r) => garbage.on("close", (code) => r(code)));
    garbage.on("open", () => garbage.send(new Uint8Array([200, 200, 200, 200, 1])));
    expect(await closed).toBe(1003);

    const big = new WebSocket(`${base.replace("http", "ws")}/live/${cs}/websocket`);
    const bigClosed = new Promise<number>((r) => big.on("close", (code) => r(code)));
    big.on("open", () => big.send("x".repeat(1024 * 1024 + 10)));
    expect(await bigClosed).toBe(1009);

    y.text.insert(0, "still ");
    await client.next((m) => m.type === "session-update" && String(m.code).startsWith("still "), "room still serving");
    y.destroy();
    client.close();
  });

  it("a plain GET of a WebSocket endpoint is 426 with a JSON error", async () => {
    const res = await fetch(`${base}/live/${name("plain")}/yjs`);
    expect(res.status).toBe(426);
    expect((await res.json()).error.code).toBe("upgrade_required");
  });
});

describe("C2/S8: the document survives a restart byte-identical", () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startDevServer();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it("keeps every acknowledged keystroke and the same Yjs state", async () => {
    const cs = name("durable");
    const a = await yClient(server.url, cs);
    for (const ch of "typed one keystroke at a time ✓") a.text.insert(a.text.length, ch);
    const expected = a.text.toString();
    await waitFor(async () => (await session(server.url, cs)).code === expected, "the edits to land");
    const state = Y.encodeStateAsUpdate(a.doc);
    a.destroy();
    await server.restart();
    const b = await yClient(server.url, cs);
    expect(b.text.toString()).toBe(expected);
    expect(Y.encodeStateVector(b.doc)).toEqual(Y.encodeStateVectorFromUpdate(state));
    expect(Buffer.from(Y.encodeStateAsUpdate(b.doc)).equals(Buffer.from(state))).toBe(true);
    expect((await session(server.url, cs)).code).toBe(expected);
    b.destroy();
  });
});
