// The flooder of case 4, a process of its own so its sending does not slow the measured clients' event loop.
// One client from its own loopback address sends as fast as it can, until SIGTERM, on three channels at once:
// REST `PUT api/code` into its own codeSpace, Yjs updates into the shared one (reconnecting at once whenever it
// is closed) and MCP calls (writes into its own codeSpace, reads of the shared one). It never waits for a
// Retry-After. It stops when its stdin closes (the test is gone); on SIGTERM it prints what each channel sent
// and how it was answered, as one JSON line.
//
// usage: node flooder.mjs <server url> <shared codeSpace> <own codeSpace> <local address>
import http from "node:http";
import { setPriority } from "node:os";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as Y from "yjs";

const [url, shared, own, localAddress] = process.argv.slice(2);
// The flooder's own CPU would be another machine's in real life: at the lowest priority it still sends as fast
// as the server takes it, but does not take the measured clients' and the server's cores away from them.
setPriority(19);
const base = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress });
let running = true;
const stats = {
  rest: { sent: 0, ok: 0, limited: 0, other: 0, fivexx: 0 },
  yjs: { sent: 0, connections: 0, refused: 0, closes: {} },
  mcp: { sent: 0, ok: 0, limited: 0, other: 0, fivexx: 0, writesOk: 0 },
};

/** One request on the flooder's single keep-alive connection; resolves with the status and the body. */
function request(method, path, body, headers = {}) {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method,
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on("error", () => resolve({ status: 0, body: "" }));
      },
    );
    req.on("error", () => resolve({ status: 0, body: "" }));
    req.end(body);
  });
}

function count(s, status) {
  if (status === 200) s.ok++;
  else if (status === 429) s.limited++;
  else if (status >= 500) s.fivexx++;
  else s.other++;
}

async function restFlood() {
  for (let n = 0; running; n++) {
    stats.rest.sent++;
    const r = await request("PUT", `/live/${own}/api/code`, JSON.stringify({ code: `// flood ${n}\n` }));
    count(stats.rest, r.status);
  }
}

const MCP_HEADERS = { accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-06-18" };
async function mcpFlood() {
  for (let n = 0; running; n++) {
    const write = n % 2 === 0;
    const call = write
      ? { name: "update_code", arguments: { code: `// mcp flood ${n}\n` } }
      : { name: "read_code", arguments: {} };
    const path = `/live/${write ? own : shared}/mcp`;
    const body = JSON.stringify({ jsonrpc: "2.0", id: n, method: "tools/call", params: call });
    stats.mcp.sent++;
    const r = await request("POST", path, body, MCP_HEADERS);
    // A tool error saying "rate" is the MCP form of 429 (A19).
    if (r.status === 200 && /"isError":true/.test(r.body)) count(stats.mcp, /rate/i.test(r.body) ? 429 : 400);
    else {
      count(stats.mcp, r.status);
      if (write && r.status === 200) stats.mcp.writesOk++;
    }
  }
}

/** Sync step 2 framing of y-websocket: [messageSync, messageYjsUpdate, update]. */
function syncUpdate(update) {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 0);
  encoding.writeVarUint(enc, 2);
  encoding.writeVarUint8Array(enc, update);
  return encoding.toUint8Array(enc);
}

async function yjsFlood() {
  const doc = new Y.Doc();
  const text = doc.getText("code");
  const pending = [];
  doc.on("update", (u) => pending.push(u));
  while (running) {
    const ws = new WebSocket(`${url.replace("http", "ws")}/live/${shared}/yjs`, { localAddress });
    await new Promise((resolve) => {
      ws.on("unexpected-response", (_req, res) => {
        stats.yjs.refused++;
        res.resume();
        resolve();
      });
      ws.on("error", () => resolve());
      ws.on("close", (code) => {
        // The test measures the people's latency from the moment the server first cut the flood off.
        if (code === 1008 && !stats.yjs.closes[code]) process.stdout.write("cut off\n");
        stats.yjs.closes[code] = (stats.yjs.closes[code] ?? 0) + 1;
        resolve();
      });
      ws.on("open", async () => {
        stats.yjs.connections++;
        // As fast as the socket takes them: a short insert each, waiting only for the send buffer to drain.
        while (running && ws.readyState === WebSocket.OPEN) {
          text.insert(0, "~");
          for (const u of pending.splice(0)) ws.send(syncUpdate(u));
          stats.yjs.sent++;
          if (ws.bufferedAmount > 64 * 1024) await new Promise((r) => setTimeout(r, 1));
          else if (stats.yjs.sent % 64 === 0) await new Promise((r) => setImmediate(r));
        }
        ws.terminate();
      });
    });
  }
}

// The test holds our stdin: when it goes, however the test ended, so do we.
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
process.on("SIGTERM", () => {
  running = false;
  setTimeout(() => {
    process.stdout.write(`${JSON.stringify(stats)}\n`);
    process.exit(0);
  }, 200);
});
process.stdout.write("ready\n");
const channels = { rest: restFlood, mcp: mcpFlood, yjs: yjsFlood };
const only = (process.env.FLOOD_CHANNELS ?? "rest,mcp,yjs").split(",");
await Promise.all(only.map((c) => channels[c]()));
