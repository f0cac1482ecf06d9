// The JSON viewers of the fan-out benchmarks (bench:scale, bench:relay): many sockets opened at once, each frame
// searched for the markers of the edits it carries, delivery timed from each edit's send time.
import { performance } from "node:perf_hooks";
import type WebSocket from "ws";
import { PlainWebSocket, waitFor } from "../../test/support/live.ts";
import { percentile } from "./stats.mjs";

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const wsUrl = (base: string) => base.replace("http", "ws");

/** Opens `n` sockets, 50 at a time; `onFrame(i, data)` sees every frame of socket i. */
export async function openMany(
  url: string,
  n: number,
  onFrame: (i: number, data: Buffer) => void,
): Promise<WebSocket[]> {
  const out: WebSocket[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = Array.from({ length: Math.min(50, n - i) }, (_, k) => {
      const ws = new PlainWebSocket(url);
      const idx = i + k;
      ws.on("message", (data) => onFrame(idx, data as Buffer));
      out.push(ws);
      return new Promise<void>((resolve, reject) => ws.once("open", () => resolve()).once("error", reject));
    });
    await Promise.all(batch);
  }
  return out;
}

export interface Delivery {
  p50: number;
  p99: number;
  /**
   * The median over edits of the time until the last socket had the edit. With few edits the p99 is the worst
   * edit's tail (1% of 30 x 1,000 pairs is 300, a third of one edit's sockets); this is the steadier figure.
   */
  lastP50: number;
  delivered: number;
  expected: number;
}

/** Latency of every (socket, edit) pair from the edit's send time to the first frame carrying its marker. */
export function deliveryOf(seen: Map<number, number>[], sentAt: number[]): Delivery {
  const lat: number[] = [];
  const last = sentAt.map(() => 0);
  for (const s of seen) {
    for (const [seq, at] of s) {
      const took = at - (sentAt[seq] ?? at);
      lat.push(took);
      last[seq] = Math.max(last[seq] ?? 0, took);
    }
  }
  return {
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    lastP50: percentile(last, 50),
    delivered: lat.length,
    expected: seen.length * sentAt.length,
  };
}

export function markersInto(seen: Map<number, number>, text: string, re: RegExp): void {
  const now = performance.now();
  for (const m of text.matchAll(re)) {
    const seq = Number(m[1]);
    if (!seen.has(seq)) seen.set(seq, now);
  }
}

export const FILLER = Array.from(
  { length: 40 },
  (_, i) => `  // line ${i} of a component of realistic size, ~2 KB`,
).join("\n");
export const jsonCode = (seq: number) =>
  `export default function App() {\n  const marker = "~W${seq}~";\n${FILLER}\n  return <h1>{marker}</h1>;\n}\n`;

/** JSON fan-out: viewers of `/websocket`, `edits` REST writes at `rate`/s (not waiting for each other's answers). */
export async function jsonFanout(
  base: string,
  cs: string,
  viewers: number,
  edits: number,
  rate: number,
  /** `afterOpen`: every viewer is connected and greeted; `beforeClose`: every write delivered (or timed out). */
  hooks: { afterOpen?: () => void; beforeClose?: () => void } = {},
): Promise<Delivery & { last: number }> {
  await fetch(`${base}/live/${cs}/api/code`, { method: "PUT", body: JSON.stringify({ code: jsonCode(-1) }) });
  const seen = Array.from({ length: viewers }, () => new Map<number, number>());
  const re = /~W(\d+)~/g;
  let greeted = 0;
  const sockets = await openMany(`${wsUrl(base)}/live/${cs}/websocket`, viewers, (i, data) => {
    const text = data.toString();
    if (text.startsWith('{"type":"session-update"')) markersInto(seen[i] as Map<number, number>, text, re);
    else if (text.startsWith('{"type":"handshake"')) greeted++;
  });
  // Every viewer has its handshake (a relayed one once its relay subscribed to the writer) before the first write.
  await waitFor(() => greeted === viewers, "every viewer's handshake", 60_000);
  hooks.afterOpen?.();
  const sentAt: number[] = [];
  const writes: Promise<unknown>[] = [];
  for (let seq = 0; seq < edits; seq++) {
    sentAt.push(performance.now());
    writes.push(
      fetch(`${base}/live/${cs}/api/code`, { method: "PUT", body: JSON.stringify({ code: jsonCode(seq) }) }).then((r) =>
        r.text(),
      ),
    );
    await sleep(1000 / rate);
  }
  await Promise.all(writes);
  await waitFor(() => seen.every((s) => s.size === edits), "viewers", 20_000).catch(() => undefined);
  hooks.beforeClose?.();
  for (const ws of sockets) ws.terminate();
  return { ...deliveryOf(seen, sentAt), last: seen.filter((s) => s.has(edits - 1)).length };
}
