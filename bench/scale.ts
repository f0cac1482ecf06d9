// Collaboration at scale, ours against y-websocket 1.5's own server (the reference) in the same run; each
// figure prints ours, the reference and the ratio, repeated REPEAT times (the spread is printed too).
//   yjs:   N raw Yjs readers of one document, 1 stock writer, EDITS edits at RATE/s: delivery p50/p99, delivered;
//          also against the bare runtime's hub (bench/floor: workerd relaying frames, with and without SQLite)
//   json:  N JSON viewers, EDITS REST writes of ~2 KB at RATE/s: session-updates delivered, p50/p99 (vs 1 viewer)
//   trace: TXNS transactions of a real editing trace from one stock client to a second (byte-identical, durable)
//   rest:  WRITERS concurrent writers each on its own codeSpace vs as many concurrent POST /transpile calls
// Usage: npm run bench:scale [-- yjs json trace rest]  (env READERS=1000 VIEWERS=1000 EDITS=30 RATE=10 REPEAT=3
//        TXNS=10000 TRACE=automerge-paper WRITERS=10 SECONDS=5)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { gunzipSync } from "node:zlib";
import * as Y from "yjs";
import { startDevServer } from "../scripts/dev-server.mjs";
import { waitFor, yClient } from "../test/support/live.ts";
import { directUrl } from "./lib/direct.mjs";
import { profile } from "./lib/profile.ts";
import { startReference } from "./lib/reference.mjs";
import { ms } from "./lib/stats.mjs";
import { type Delivery, deliveryOf, FILLER, jsonFanout, markersInto, openMany } from "./lib/viewers.ts";

const READERS = Number(process.env.READERS ?? 1000);
const VIEWERS = Number(process.env.VIEWERS ?? 1000);
const EDITS = Number(process.env.EDITS ?? 30);
const RATE = Number(process.env.RATE ?? 10);
const REPEAT = Number(process.env.REPEAT ?? 3);
const TXNS = Number(process.env.TXNS ?? 10_000);
const TRACE = process.env.TRACE ?? "automerge-paper";
const WRITERS = Number(process.env.WRITERS ?? 10);
const SECONDS = Number(process.env.SECONDS ?? 5);
/** PROFILE=1: a CPU profile of our Worker around each of our runs (slower; ratios then mean little). */
const PROFILE = process.env.PROFILE === "1";
/** DIRECT=0 skips the runs straight into the runtime behind wrangler's proxy (production has no such proxy). */
const DIRECT = process.env.DIRECT !== "0";
const sections = process.argv.slice(2).length ? process.argv.slice(2) : ["yjs", "json", "trace", "rest"];

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const wsUrl = (base: string) => base.replace("http", "ws");
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`;

/** Yjs fan-out: raw readers (they only listen, as y-websocket relays every update to every connection). */
async function yjsFanout(base: string, cs: string, readers: number): Promise<Delivery> {
  const seen = Array.from({ length: readers }, () => new Map<number, number>());
  const re = /~E(\d+)~/g;
  const sockets = await openMany(`${wsUrl(base)}/live/${cs}/yjs`, readers, (i, data) => {
    if (data[0] === 0) markersInto(seen[i] as Map<number, number>, data.toString("latin1"), re);
  });
  const writer = await yClient(base, cs);
  await sleep(500);
  const sentAt: number[] = [];
  for (let seq = 0; seq < EDITS; seq++) {
    sentAt.push(performance.now());
    writer.text.insert(writer.text.length, `~E${seq}~`);
    await sleep(1000 / RATE);
  }
  const all = () => seen.every((s) => s.size === EDITS);
  await waitFor(all, "readers", 20_000).catch(() => undefined);
  writer.destroy();
  for (const ws of sockets) ws.terminate();
  return deliveryOf(seen, sentAt);
}

/** The bare runtime's hub (bench/floor): a room named `durable-*` writes each frame to SQLite before it relays. */
interface Floor {
  url: string;
  direct: string | null;
}

async function yjsSection(ours: string, ref: string, direct: string | null, floor: Floor): Promise<void> {
  console.log(`\n## Yjs fan-out: ${READERS} readers, 1 writer, ${EDITS} edits at ${RATE}/s (C2: ours durable first)`);
  console.log("(last: the median over edits of the time until the last reader had the edit)");
  const ratios: Record<string, number[]> = {};
  const row = (label: string, d: Delivery, base?: Delivery) => {
    const vs = base ? `  p99 x${(d.p99 / base.p99).toFixed(2)} last x${(d.lastP50 / base.lastP50).toFixed(2)}` : "";
    return `  ${label.padEnd(34)} p50 ${ms(d.p50)} p99 ${ms(d.p99)} last ${ms(d.lastP50)} (${d.delivered}/${d.expected})${vs}`;
  };
  const note = (key: string, a: Delivery, b: Delivery) => {
    ratios[`${key} p99`] = [...(ratios[`${key} p99`] ?? []), a.p99 / b.p99];
    ratios[`${key} last`] = [...(ratios[`${key} last`] ?? []), a.lastP50 / b.lastP50];
  };
  for (let r = 0; r < REPEAT; r++) {
    const cs = `yfan-${r}-${Date.now().toString(36)}`;
    const run = async (base: string, room: string) => {
      await sleep(1000);
      return yjsFanout(base, room, READERS);
    };
    const b = await run(ref, cs);
    const a = await ourRun(() => run(ours, cs));
    note("ours/reference", a, b);
    const lines = [`run ${r + 1}:`, row("reference (y-websocket, Node)", b), row("ours", a, b)];
    const floorAt = floor.direct ?? floor.url;
    const bare = await run(floorAt, `bare-${cs}`);
    const durable = await run(floorAt, `durable-${cs}`);
    note("bare runtime/reference", bare, b);
    lines.push(row("bare runtime hub (no storage)", bare, b), row("bare runtime hub + SQLite (C2)", durable, b));
    if (direct) {
      const c = await run(direct, `${cs}-direct`);
      note("ours without the proxy/reference", c, b);
      note("ours without the proxy/bare hub + SQLite", c, durable);
      lines.push(row("ours without the wrangler proxy", c, b));
    }
    console.log(lines.join("\n"));
  }
  console.log(`over ${REPEAT} runs (goal: ours p99 <= reference, every update delivered):`);
  for (const [key, xs] of Object.entries(ratios)) console.log(`  ${key}: x${spread(xs)}`);
  if (floor.direct) console.log("(the bare hub is measured on its runtime's own port, without wrangler's proxy)");
}

async function jsonSection(ours: string): Promise<void> {
  console.log(`\n## JSON fan-out: ${VIEWERS} viewers, ${EDITS} REST writes of ~2 KB at ${RATE}/s`);
  for (let r = 0; r < REPEAT; r++) {
    const one = await jsonFanout(ours, `jone-${r}-${Date.now().toString(36)}`, 1, EDITS, RATE);
    const many = await ourRun(() => jsonFanout(ours, `jfan-${r}-${Date.now().toString(36)}`, VIEWERS, EDITS, RATE));
    console.log(
      `run ${r + 1}: 1 viewer p50 ${ms(one.p50)} p99 ${ms(one.p99)}  ${VIEWERS} viewers p50 ${ms(many.p50)} ` +
        `p99 ${ms(many.p99)}  delivered ${many.delivered}/${many.expected}, newest state at ${many.last}/${VIEWERS}` +
        `  p99 x${(many.p99 / one.p99).toFixed(2)} 1 viewer`,
    );
    await sleep(1000);
  }
  console.log("goal: every viewer every change, p99 <= 100 ms");
}

interface Trace {
  startContent: string;
  endContent: string;
  txns: { patches: [number, number, string][] }[];
}

function replay(doc: Y.Doc, txns: Trace["txns"]): void {
  const text = doc.getText("code");
  for (const txn of txns) {
    doc.transact(() => {
      for (const [pos, del, ins] of txn.patches) {
        if (del) text.delete(pos, del);
        if (ins) text.insert(pos, ins);
      }
    });
  }
}

async function traceRun(base: string, cs: string, trace: Trace, txns: Trace["txns"], expected: string) {
  const [a, b] = [await yClient(base, cs), await yClient(base, cs)];
  // Both start from the same seeded text (ours: the starter; the reference: empty) replaced by startContent.
  a.doc.transact(() => {
    a.text.delete(0, a.text.length);
    a.text.insert(0, trace.startContent);
  });
  await waitFor(() => b.text.toString() === trace.startContent, "B to see the start", 20_000);
  const t = performance.now();
  replay(a.doc, txns);
  await waitFor(() => b.text.length === expected.length && b.text.toString() === expected, "B", 600_000);
  const took = performance.now() - t;
  a.destroy();
  b.destroy();
  return took;
}

async function traceSection(ours: Awaited<ReturnType<typeof startDevServer>>, ref: string): Promise<void> {
  const dir = process.env.TRACES_DIR ?? join(process.cwd(), "../shared/data/editing-traces");
  const trace = JSON.parse(gunzipSync(readFileSync(join(dir, `${TRACE}.json.gz`))).toString("utf8")) as Trace;
  const txns = trace.txns.slice(0, TXNS);
  const local = new Y.Doc();
  local.getText("code").insert(0, trace.startContent);
  replay(local, txns);
  const expected = local.getText("code").toString();
  console.log(`\n## Trace replay: ${txns.length} transactions of ${TRACE}, client A -> server -> client B`);
  const ratios: number[] = [];
  let lastCs = "";
  for (let r = 0; r < REPEAT; r++) {
    const cs = `trace-${r}-${Date.now().toString(36)}`;
    lastCs = cs;
    const a = await ourRun(() => traceRun(ours.url, cs, trace, txns, expected));
    await sleep(500);
    const b = await traceRun(ref, cs, trace, txns, expected);
    ratios.push(a / b);
    console.log(`run ${r + 1}: ours ${a.toFixed(0)} ms  reference ${b.toFixed(0)} ms  x${(a / b).toFixed(2)}`);
    await sleep(500);
  }
  // Durable: after a restart of our server the document still reads byte-identical.
  await ours.restart();
  const c = await yClient(ours.url, lastCs);
  const same = c.text.toString() === expected;
  c.destroy();
  console.log(
    `ours/reference: ${spread(ratios)} over ${REPEAT} runs (goal <= 1.5); after a restart: ${same ? "byte-identical" : "DIFFERENT"}`,
  );
}

const restCode = (w: number, seq: number) =>
  `export default function App() {\n  const n = "${w}-${seq}";\n${FILLER}\n  return <h1>{n}</h1>;\n}\n`;

/** `WRITERS` loops for SECONDS, each issuing one request at a time: requests per second in total. */
async function throughput(call: (w: number, seq: number) => Promise<Response>): Promise<{ perSecond: number }> {
  let done = 0;
  const end = performance.now() + SECONDS * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let seq = 0; performance.now() < end; seq++) {
        const res = await call(w, seq);
        await res.text();
        if (!res.ok) throw new Error(`${res.status}`);
        done++;
      }
    }),
  );
  return { perSecond: done / ((performance.now() - start) / 1000) };
}

async function restSection(ours: string): Promise<void> {
  console.log(`\n## REST writes: ${WRITERS} concurrent writers, each on its own codeSpace, for ${SECONDS} s`);
  const tag = Date.now().toString(36);
  const ratios: number[] = [];
  for (let r = 0; r < REPEAT; r++) {
    const put = await throughput((w, seq) =>
      fetch(`${ours}/live/rest-${tag}-${w}/api/code`, {
        method: "PUT",
        body: JSON.stringify({ code: restCode(w, seq * 10 + r) }),
      }),
    );
    const transpile = await throughput((w, seq) =>
      fetch(`${ours}/transpile`, { method: "POST", body: restCode(w + 1000, seq * 10 + r) }),
    );
    ratios.push(put.perSecond / transpile.perSecond);
    console.log(
      `run ${r + 1}: PUT api/code ${put.perSecond.toFixed(1)}/s  POST /transpile ${transpile.perSecond.toFixed(1)}/s  ` +
        `x${(put.perSecond / transpile.perSecond).toFixed(2)}`,
    );
  }
  console.log(`writes/transpiles: ${spread(ratios)} over ${REPEAT} runs (goal >= 0.5)`);
}

const ourRun = <T>(work: () => Promise<T>): Promise<T> => (PROFILE ? profile(server.inspectorPort(), work) : work());

const server = await startDevServer({ vars: { MAX_SOCKETS: "5000", WS_MESSAGES_PER_SECOND: "10000000" } });
let reference: Awaited<ReturnType<typeof startReference>> | undefined;
let floorServer: Awaited<ReturnType<typeof startDevServer>> | undefined;
try {
  reference = await startReference();
  if (sections.includes("yjs")) floorServer = await startDevServer({ configs: ["bench/floor/wrangler.jsonc"] });
  // Warm both: the transpiler's first transform and a first document, outside every timed run.
  for (const base of [server.url, reference.url]) {
    const warm = await yClient(base, "warm-up");
    warm.text.insert(0, "export default () => <p>warm</p>;");
    await sleep(1000);
    warm.destroy();
  }
  console.log(`ours: wrangler dev at ${server.url}; reference: y-websocket 1.5.4 server at ${reference.url}`);
  const direct = DIRECT ? await directUrl(server.pid() ?? 0, server.url) : null;
  if (direct) console.log(`ours without wrangler's proxy: the runtime's own port, ${direct}`);
  if (floorServer) {
    const floor = { url: floorServer.url, direct: await directUrl(floorServer.pid() ?? 0, floorServer.url) };
    console.log(`the bare runtime's hub (bench/floor): ${floor.direct}, behind wrangler's proxy at ${floor.url}`);
    await yjsSection(server.url, reference.url, direct, floor);
  }
  if (sections.includes("json")) await jsonSection(server.url);
  if (sections.includes("rest")) await restSection(server.url);
  if (sections.includes("trace")) await traceSection(server, reference.url);
} finally {
  await reference?.stop();
  await floorServer?.dispose();
  await server.dispose();
}
// Keep-alive sockets of fetch must not hold the process open once the servers are gone.
process.exit(0);
