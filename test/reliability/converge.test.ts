// Case 2: convergence fuzz (C1-C4, S8). 20 stock y-websocket clients on one codeSpace make 500 seeded edits each
// (inserts, deletes, replaces, multi-byte and astral characters, large pastes), with random disconnects, offline
// edits and reconnects, and one server restart in the middle; REST, JSON-channel and MCP writers write at the same
// time. At the end every client's text equals the server's session.json code and the Y.Doc state is the same
// everywhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type DevServer, startDevServer } from "../support/dev-server.ts";
import { jsonClient, type YClient, yClient } from "../support/live.ts";
import { record, rng, until } from "./support.ts";

const SCALE = Number(process.env.RELIABILITY_SCALE ?? 1);
const CLIENTS = 20;
const EDITS = Math.max(20, Math.round(500 * SCALE));
const log = (s: string) => console.log(`[converge] ${s}`);

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer();
});
afterAll(async () => {
  await server?.dispose();
});

const CHUNKS = ["a", "b", " ", "\n", "é", "ß", "中文", "😀", "𝒳𝒴", "👩‍👩‍👧", "const x = 1;\n", "<p>{x}</p>"];

describe("case 2: convergence fuzz", () => {
  it("C1-C4/S8: 20 clients, 500 edits each, disconnects, a restart and REST/JSON/MCP writers converge", async () => {
    const r = rng("converge");
    const cs = `cv-${Date.now().toString(36)}`;
    const clients: YClient[] = [];
    for (let i = 0; i < CLIENTS; i++) clients.push(await yClient(server.url, cs));
    const observer = await yClient(server.url, cs);
    let edits = 0;
    let restarted = false;
    let writes = 0;
    let writeFailures = 0;

    const edit = (c: YClient) => {
      const t = c.text;
      const len = t.length;
      const roll = r.next();
      if (roll < 0.5 || len < 50) {
        const big = r.chance(0.004);
        const s = big ? "// pasted\n".repeat(r.int(200, 1500)) : r.pick(CHUNKS).repeat(r.int(1, 3));
        t.insert(r.int(0, len), s);
      } else if (roll < 0.8) {
        t.delete(r.int(0, len - 1), Math.min(r.int(1, 30), len));
      } else {
        const at = r.int(0, len - 1);
        c.doc.transact(() => {
          t.delete(at, Math.min(r.int(1, 10), len - at));
          t.insert(at, r.pick(CHUNKS));
        });
      }
      // Keep the document small enough that the whole run stays quick.
      if (t.length > 60_000) t.delete(0, t.length - 20_000);
      edits++;
    };

    /** The observer has everything `c` made (its clock for c's client id), or `c` is offline. */
    const delivered = (c: YClient) => {
      const mine = Y.encodeStateVector(c.doc);
      const sv = Y.decodeStateVector(mine).get(c.doc.clientID) ?? 0;
      return (Y.decodeStateVector(Y.encodeStateVector(observer.doc)).get(c.doc.clientID) ?? 0) >= sv;
    };

    let restarting = false;
    const typers = clients.map(async (c, i) => {
      for (let n = 0; n < EDITS; n++) {
        if (r.chance(0.01) && c.provider.wsconnected) {
          // Offline for a few edits, then back: the edits merge on reconnect (C3).
          c.provider.disconnect();
          for (let k = r.int(1, 8); k > 0; k--, n++) edit(c);
          c.provider.connect();
        }
        edit(c);
        // Paced by delivery: the next edit once the observer has this one (never a fixed typing speed).
        await until(() => delivered(c) || restarting, `client ${i}'s edit ${n} to reach the observer`, 60_000);
        if (restarting) await until(() => !restarting && c.provider.synced, `client ${i} to resync`, 120_000);
      }
    });

    // One restart in the middle: when half of all edits are made.
    const restart = (async () => {
      await until(() => edits >= (CLIENTS * EDITS) / 2, "half of the edits", 600_000);
      restarting = true;
      log(`restart after ${edits} edits`);
      await server.restart();
      restarted = true;
      restarting = false;
    })();

    // REST, JSON and MCP writers, all through the one write path (C4): each appends a line to what it read.
    const writer = async (kind: "rest" | "json" | "mcp") => {
      for (let n = 0; n < 15; n++) {
        await until(() => !restarting, "the restart to finish", 120_000);
        try {
          if (kind === "rest") {
            const s = (await (await fetch(`${server.url}/live/${cs}/session.json`)).json()) as { code: string };
            const res = await fetch(`${server.url}/live/${cs}/api/code`, {
              method: "PUT",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ code: `${s.code}// rest ${n}\n` }),
            });
            if (res.status !== 200) throw new Error(`rest ${res.status}`);
          } else if (kind === "mcp") {
            const res = await fetch(`${server.url}/live/${cs}/mcp`, {
              method: "POST",
              headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
              body: JSON.stringify({
                jsonrpc: "2.0",
                id: n,
                method: "tools/call",
                params: {
                  name: "edit_code",
                  arguments: { edits: [{ startLine: 1, endLine: 0, newContent: `// mcp ${n}\n` }] },
                },
              }),
            });
            const body = (await res.json()) as { result?: { isError?: boolean } };
            if (body.result?.isError !== false && body.result?.isError !== undefined) throw new Error("mcp isError");
          } else {
            const j = await jsonClient(server.url, cs);
            const s = (await (await fetch(`${server.url}/live/${cs}/session.json`)).json()) as { code: string };
            j.send({ type: "session-update", code: `${s.code}// json ${n}\n` });
            await j.next((m) => m.type === "ack" || m.type === "error", "the JSON write's ack");
            j.close();
          }
          writes++;
        } catch {
          // A write cut by the restart is not acknowledged; it promises nothing.
          writeFailures++;
        }
      }
    };
    await Promise.all([...typers, restart, writer("rest"), writer("json"), writer("mcp")]);
    expect(restarted).toBe(true);
    log(`${edits} edits, ${writes} writes (${writeFailures} cut by the restart); converging`);

    // Convergence: every client, the observer and a fresh client hold the same text and state; session.json too.
    const all = [...clients, observer];
    await until(() => all.every((c) => c.provider.synced), "every client to be synced", 120_000);
    const same = () => {
      const text = observer.text.toString();
      return all.every((c) => c.text.toString() === text);
    };
    await until(same, "every client's text to be equal", 120_000);
    const fresh = await yClient(server.url, cs);
    await until(() => fresh.text.toString() === observer.text.toString(), "a fresh client to equal the others", 60_000);
    const sv = Buffer.from(Y.encodeStateVector(fresh.doc)).toString("hex");
    await until(
      () => all.every((c) => Buffer.from(Y.encodeStateVector(c.doc)).toString("hex") === sv),
      "every Y.Doc state vector to be equal",
      60_000,
    );
    await until(
      async () => {
        const s = (await (await fetch(`${server.url}/live/${cs}/session.json`)).json()) as { code: string };
        return s.code === fresh.text.toString();
      },
      "session.json's code to equal the clients' text",
      60_000,
    );
    for (const c of [...all, fresh]) c.destroy();
    record({
      case: "2 convergence fuzz",
      runs: 1,
      inputs: edits + writes,
      lost: 0,
      "5xx": 0,
      crashes: 0,
      p99: null,
      note: `${CLIENTS} clients x ${EDITS} edits, 1 restart, ${writes} REST/JSON/MCP writes`,
    });
    // 10,000 paced edits and a restart on a busy 2-core machine.
  }, 900_000);
});
