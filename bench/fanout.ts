// Fan-out: E Yjs editors typing at R edits/s each, N JSON viewers; p50/p99 delivery latency from an edit to
// a viewer's session-update that contains it. The baseline, measured in the same run, is one viewer.
// Latency is parsed on a sample of viewers (the bench client shares this machine's 2 cores with the server);
// every viewer receives and counts every frame.
// Usage: npm run bench:fanout   (env VIEWERS=100,500,1000 EDITORS=20 RATE=10 SECONDS=5 SAMPLE=50)
import { performance } from "node:perf_hooks";
import type WebSocket from "ws";
import { startDevServer } from "../scripts/dev-server.mjs";
import { PlainWebSocket, waitFor, yClient } from "../test/support/live.ts";
import { ms, summary } from "./lib/stats.mjs";

const VIEWERS = (process.env.VIEWERS ?? "100,500,1000").split(",").map(Number);
const EDITORS = Number(process.env.EDITORS ?? 20);
const RATE = Number(process.env.RATE ?? 10);
const SECONDS = Number(process.env.SECONDS ?? 5);
const SAMPLE = Number(process.env.SAMPLE ?? 50);

const server = await startDevServer({ vars: { MAX_SOCKETS: "5000" } });

async function run(viewers: number): Promise<{ p50: number; p99: number; n: number; frames: number }> {
  const cs = `fanout-${viewers}-${Date.now().toString(36)}`;
  await fetch(`${server.url}/live/${cs}/api/code`, { method: "PUT", body: JSON.stringify({ code: "" }) });
  const sentAt = new Map<string, number>(); // "editor:seq" -> time
  const latencies: number[] = [];
  let frames = 0;
  const sockets: WebSocket[] = [];
  for (let i = 0; i < viewers; i++) {
    const ws = new PlainWebSocket(`${server.url.replace("http", "ws")}/live/${cs}/websocket`);
    const sampled = i < SAMPLE;
    const seen = new Set<string>();
    ws.on("message", (data) => {
      frames++;
      if (!sampled) return;
      const now = performance.now();
      const msg = JSON.parse(String(data)) as { type: string; code?: string };
      if (msg.type !== "session-update" || !msg.code) return;
      for (const m of msg.code.matchAll(/E(\d+):(\d+)/g)) {
        const key = `${m[1]}:${m[2]}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const t = sentAt.get(key);
        if (t !== undefined) latencies.push(now - t);
      }
    });
    sockets.push(ws);
    await new Promise((r) => ws.once("open", r));
  }
  const editors = await Promise.all(Array.from({ length: EDITORS }, () => yClient(server.url, cs)));
  for (const [k, e] of editors.entries()) e.text.insert(e.text.length, `E${k}:0\n`);
  await waitFor(
    () => editors.every((e) => e.text.toString().split("\n").length > EDITORS),
    "editors to see each other",
  );
  const timers = editors.map((e, k) => {
    let seq = 0;
    return setInterval(() => {
      seq++;
      const text = e.text.toString();
      const at = text.indexOf(`E${k}:`);
      const end = text.indexOf("\n", at);
      sentAt.set(`${k}:${seq}`, performance.now());
      e.doc.transact(() => {
        e.text.delete(at, end - at);
        e.text.insert(at, `E${k}:${seq}`);
      });
    }, 1000 / RATE);
  });
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  for (const t of timers) clearInterval(t);
  await new Promise((r) => setTimeout(r, 1000));
  for (const e of editors) e.destroy();
  for (const ws of sockets) ws.close();
  return { ...summary(latencies), frames };
}

try {
  const baseline = await run(1);
  console.log(`${EDITORS} editors x ${RATE} edits/s for ${SECONDS} s; latency from edit to viewer session-update\n`);
  const row = (label: string, r: { p50: number; p99: number; n: number; frames: number }) =>
    console.log(
      `${label.padEnd(22)} p50 ${ms(r.p50).padStart(10)}  p99 ${ms(r.p99).padStart(10)}  x${(r.p50 / baseline.p50).toFixed(2)} baseline  (${r.n} samples, ${r.frames} frames)`,
    );
  row("1 viewer (baseline)", baseline);
  for (const n of VIEWERS) row(`${n} viewers`, await run(n));
  console.log("\ngoal: p99 <= 100 ms at 1,000 viewers");
} finally {
  await server.dispose();
}
