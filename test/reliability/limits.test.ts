// Case 6: limits (E2, C10, C11, V1, V3). A 1 MiB document, 10,000 versions, 1,000 sockets on one codeSpace,
// 100 KB awareness states: every limit gives its documented error and workerd's memory stays bounded (printed).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type DevServer, startDevServer } from "../support/dev-server.ts";
import { yClient } from "../support/live.ts";
import { record, until, workerdRssMiB } from "./support.ts";

const MIB = 1024 * 1024;
const VERSIONS = Math.round(10_000 * Math.min(1, Number(process.env.RELIABILITY_SCALE ?? 1)));
let server: DevServer;
const rss: string[] = [];
const memory = (when: string) => {
  const all = workerdRssMiB(server.pid() as number);
  rss.push(`${when}: ${all.map((m) => m.toFixed(0)).join(" + ")} MiB`);
  return all.reduce((a, b) => a + b, 0);
};

beforeAll(async () => {
  // C11's limit of one object: the relay tier (C13) would take the JSON viewers beyond 500 off it (test/integration/
  // relay.test.ts checks the tier's own limits).
  server = await startDevServer({ vars: { RELAY_MAX: "0" } });
});
afterAll(async () => {
  console.log(`[limits] workerd RSS: ${rss.join("; ")}`);
  await server?.dispose();
});

const put = (cs: string, code: string) =>
  fetch(`${server.url}/live/${cs}/api/code`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code }),
  });

describe("case 6: limits", () => {
  // First, on the fresh server. The local runtime (workerd of wrangler 4.86.0) livelocks when ~900-950 WebSockets are
  // opened right after a transpile of 1 MiB (5 of 5 tries in this order, 0 of 12 on a fresh server): its main
  // thread loops over cppgc sweep tasks in the message-loop pump that ends each request while V8's one worker
  // thread (one on a 2-core machine), in a concurrent baseline compile, waits for a GC only the main thread can run
  // (gdb). That is the runtime's bug, not a limit of ours; README "Reliability" has the reproduction.
  it("C11: 1,000 sockets on one codeSpace; the next upgrade is 503 codespace_full", async () => {
    const cs = `lim-sockets-${Date.now().toString(36)}`;
    const url = `${server.url.replace("http", "ws")}/live/${cs}/websocket`;
    const open = (): Promise<WebSocket> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url);
        ws.once("message", () => resolve(ws));
        ws.once("error", reject);
      });
    const sockets: WebSocket[] = [];
    for (let i = 0; i < 1000; i += 50) sockets.push(...(await Promise.all(Array.from({ length: 50 }, open))));
    expect(sockets.length).toBe(1000);
    const full = await fetch(`${server.url}/live/${cs}/websocket`, {
      headers: {
        upgrade: "websocket",
        connection: "Upgrade",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        "sec-websocket-version": "13",
      },
    }).catch((e: Error) => e);
    if (full instanceof Error) {
      // undici cannot send an upgrade through fetch: ask with a socket instead.
      const code = await new Promise<number>((resolve) => {
        const ws = new WebSocket(url);
        ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        ws.once("open", () => resolve(101));
        ws.once("error", () => {});
      });
      expect(code).toBe(503);
    } else {
      expect(full.status).toBe(503);
      expect(((await full.json()) as { error: { code: string } }).error.code).toBe("codespace_full");
    }
    const withSockets = memory("with 1,000 sockets");
    for (const ws of sockets) ws.close();
    record({
      case: "6 limits: 1,000 sockets",
      runs: 1,
      inputs: 1001,
      lost: 0,
      "5xx": 0,
      crashes: 0,
      p99: null,
      note: `workerd RSS ${withSockets.toFixed(0)} MiB with 1,000 sockets`,
    });
  });

  it("E2/C10: a 1 MiB document is stored; one byte more is 413 over REST and 4413 over Yjs", async () => {
    const base = memory("start");
    const cs = `lim-doc-${Date.now().toString(36)}`;
    const code = `// ${"x".repeat(MIB - 4)}\n`;
    expect(new TextEncoder().encode(code).length).toBe(MIB);
    expect((await put(cs, code)).status).toBe(200);
    expect((await put(cs, `${code}x`)).status).toBe(413);
    const c = await yClient(server.url, cs);
    await until(() => c.text.length === code.length, "the 1 MiB document to sync");
    const closed = new Promise<number>((resolve) => {
      c.provider.ws?.addEventListener("close", (e) => resolve((e as CloseEvent).code));
    });
    c.text.insert(0, "y");
    expect(await closed).toBe(4413);
    c.destroy();
    const s = (await (await fetch(`${server.url}/live/${cs}/session.json`)).json()) as { code: string };
    expect(s.code).toBe(code);
    const after = memory("after the 1 MiB document");
    record({
      case: "6 limits: 1 MiB document",
      runs: 1,
      inputs: 3,
      lost: 0,
      "5xx": 0,
      crashes: 0,
      p99: null,
      note: `workerd RSS ${base.toFixed(0)} -> ${after.toFixed(0)} MiB`,
    });
  });

  it("V1/V3/V4: 10,000 versions list in pages with no gap; every bad page or number is its documented error", async () => {
    const cs = `lim-versions-${Date.now().toString(36)}`;
    const base = `${server.url}/live/${cs}`;
    const before = memory("before 10,000 versions");
    const code = (i: number) => `export default () => <p>version ${i}</p>;\n`;
    let next = 1;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next <= VERSIONS) {
          const i = next++;
          const res = await put(cs, code(i));
          if (!res.ok) throw new Error(`PUT ${i}: ${res.status} ${await res.text()}`);
        }
      }),
    );
    type Page = { versions: { number: number }[]; versionCount: number; nextBefore?: number };
    const page = async (q: string) => (await (await fetch(`${base}/versions?${q}`)).json()) as Page;
    // Every page of 1,000, newest first, strictly decreasing, and together 1..VERSIONS exactly once.
    const seen: number[] = [];
    for (let q = "limit=1000"; ; ) {
      const p = await page(q);
      expect(p.versionCount).toBe(VERSIONS);
      seen.push(...p.versions.map((v) => v.number));
      if (p.nextBefore === undefined) break;
      q = `limit=1000&before=${p.nextBefore}`;
    }
    expect(seen).toEqual(Array.from({ length: VERSIONS }, (_, i) => VERSIONS - i));
    const middle = Math.ceil(VERSIONS / 2);
    const one = (await (await fetch(`${base}/version/${middle}`)).json()) as { number: number; code: string };
    expect(one).toMatchObject({ number: middle, code: code(middle) });
    // The documented errors: a page over 1,000 or under 1, or a number that is not one, is 400; a version that
    // does not exist is 404.
    const bad = ["versions?limit=1001", "versions?limit=0", "versions?limit=x", "versions?before=-1", "version/0"];
    for (const q of bad) expect((await fetch(`${base}/${q}`)).status, q).toBe(400);
    expect((await fetch(`${base}/version/${VERSIONS + 1}`)).status).toBe(404);
    const restore = await fetch(`${base}/api/restore/${VERSIONS + 1}`, { method: "POST" });
    expect(restore.status).toBe(404);
    expect((await page("limit=1")).versionCount).toBe(VERSIONS);
    const after = memory("after 10,000 versions");
    record({
      case: "6 limits: 10,000 versions",
      runs: 1,
      inputs: VERSIONS + bad.length + 3,
      lost: 0,
      "5xx": 0,
      crashes: 0,
      p99: null,
      note: `workerd RSS ${before.toFixed(0)} -> ${after.toFixed(0)} MiB`,
    });
  });

  it("C9: a 100 KB awareness state is relayed to another client and cleared when its socket goes", async () => {
    const cs = `lim-aw-${Date.now().toString(36)}`;
    const a = await yClient(server.url, cs);
    const b = await yClient(server.url, cs);
    a.provider.awareness.setLocalStateField("user", { name: "A", blob: "z".repeat(100_000) });
    await until(() => {
      const s = b.provider.awareness.getStates().get(a.doc.clientID) as { user?: { blob?: string } } | undefined;
      return s?.user?.blob?.length === 100_000;
    }, "the 100 KB awareness state at B");
    a.destroy();
    await until(() => !b.provider.awareness.getStates().has(a.doc.clientID), "A's presence to be cleared");
    b.destroy();
    const now = memory("after awareness");
    expect(now).toBeLessThan(4096);
    record({
      case: "6 limits: 100 KB awareness",
      runs: 1,
      inputs: 1,
      lost: 0,
      "5xx": 0,
      crashes: 0,
      p99: null,
      note: `workerd RSS ${now.toFixed(0)} MiB at the end`,
    });
  });
});
