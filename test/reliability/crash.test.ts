// Case 1: kill -9 during writes (S8, C2, V1). 10 REST writers and 10 Yjs typers (each watched by an observer)
// write into their codeSpaces; at a seeded moment (after a seeded number of acknowledged writes) the server's whole
// process group is killed with SIGKILL, then started again on the same state. Every acknowledged REST write is
// there with its version, every Yjs update an observer received is in the restarted server's document, the
// clients reconnect and converge with the server, and the versions have no gaps. Five moments.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type DevServer, startDevServer } from "../support/dev-server.ts";
import { type YClient, yClient } from "../support/live.ts";
import { percentile, record, rng, until } from "./support.ts";

const WRITERS = 10;
const TYPERS = 10;
const MOMENTS = Number(process.env.RELIABILITY_MOMENTS ?? 5);
const log = (s: string) => console.log(`[crash] ${s}`);

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer();
});
afterAll(async () => {
  await server?.dispose();
});

interface Ack {
  version: number;
  code: string;
}

/** Whether every item and deletion `have` knows is in `doc` (the update of `have` against `doc` is empty). */
function contains(doc: Y.Doc, have: Y.Doc): boolean {
  const sv = Y.encodeStateVector(doc);
  const missing = Y.encodeStateAsUpdate(have, sv);
  const probe = new Y.Doc();
  Y.applyUpdate(probe, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(probe);
  const dsBefore = Y.encodeStateAsUpdate(probe).length;
  Y.applyUpdate(probe, missing);
  const after = Y.encodeStateVector(probe);
  return Buffer.from(before).equals(Buffer.from(after)) && Y.encodeStateAsUpdate(probe).length === dsBefore;
}

/** The server's document of `cs`, as a fresh client gets it. */
async function serverDoc(cs: string): Promise<Y.Doc> {
  const c = await yClient(server.url, cs);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(c.doc));
  c.destroy();
  return doc;
}

describe("case 1: kill -9 during writes", () => {
  it("S8/C2/V1: acknowledged writes and relayed updates survive SIGKILL of the server, at 5 seeded moments", async () => {
    const r = rng("crash");
    const tag = `k${Date.now().toString(36)}`;
    const restNames = Array.from({ length: WRITERS }, (_, i) => `${tag}-rest-${i}`);
    const yNames = Array.from({ length: TYPERS }, (_, i) => `${tag}-yjs-${i}`);
    const acks = new Map<string, Ack[]>(restNames.map((n) => [n, []]));
    const typers: YClient[] = [];
    const observers: YClient[] = [];
    for (const cs of yNames) {
      typers.push(await yClient(server.url, cs));
      observers.push(await yClient(server.url, cs));
    }
    log("clients connected");
    let inputs = 0;
    let lost = 0;
    let fives = 0;
    const latencies: number[] = [];
    const restartMs: number[] = [];

    for (let moment = 0; moment < MOMENTS; moment++) {
      const killAfter = r.int(15, 80);
      let acked = 0;
      let running = true;
      let killed: () => void = () => {};
      const reached = new Promise<void>((resolve) => {
        killed = resolve;
      });
      const rest = restNames.map(async (cs) => {
        for (let n = 0; running; n++) {
          const code = `export default () => <p>${cs} round ${moment} write ${n} ${"𝒳".repeat(r.int(0, 3))}</p>;\n`;
          const t = performance.now();
          inputs++;
          try {
            const res = await fetch(`${server.url}/live/${cs}/api/code`, {
              method: "PUT",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ code }),
            });
            if (res.status >= 500) fives++;
            if (res.status !== 200) throw new Error(`status ${res.status}`);
            const body = (await res.json()) as { version: number };
            latencies.push(performance.now() - t);
            acks.get(cs)?.push({ version: body.version, code });
            if (++acked === killAfter) killed();
          } catch {
            // The server went away mid-request: this write was not acknowledged, so nothing is promised.
            return;
          }
        }
      });
      const typing = typers.map(async (c, i) => {
        const observer = observers[i] as YClient;
        while (running) {
          if (!c.provider.wsconnected || !observer.provider.wsconnected) return;
          const seen = observer.text.length;
          const at = r.int(0, c.text.length);
          if (c.text.length > 2000 && r.chance(0.5)) c.text.delete(r.int(0, c.text.length - 20), r.int(1, 10));
          else c.text.insert(at, r.pick(["a", "é", "😀", "\n", "word ", "𝒳𝒴"]));
          inputs++;
          // Paced by the relay itself: the next keystroke once the observer has this one (or the server is gone).
          await until(
            () => observer.text.length !== seen || !running || !observer.provider.wsconnected,
            "the observer to receive a keystroke",
            30_000,
          ).catch(() => {});
        }
      });
      await reached;
      log(`moment ${moment}: ${acked} writes acknowledged, SIGKILL`);
      // The seeded moment: SIGKILL of the whole process group while writers and typers are mid-flight.
      const t = performance.now();
      await server.kill();
      log(`moment ${moment}: killed`);
      running = false;
      await Promise.all(rest);
      log(`moment ${moment}: writers stopped`);
      await Promise.all(typing);
      log(`moment ${moment}: typers stopped`);
      // What each observer had received when the server died.
      const received = observers.map((o) => {
        const d = new Y.Doc();
        Y.applyUpdate(d, Y.encodeStateAsUpdate(o.doc));
        return d;
      });
      await server.crash(); // (already dead: this starts it again on the same port and state)
      restartMs.push(performance.now() - t);
      log(`moment ${moment}: restarted in ${((performance.now() - t) / 1000).toFixed(1)} s`);

      // S8: every acknowledged REST write is there, with its version; V1: no gaps.
      for (const cs of restNames) {
        const list = acks.get(cs) ?? [];
        const session = (await (await fetch(`${server.url}/live/${cs}/session.json`)).json()) as {
          version: number;
          code: string;
        };
        const last = list[list.length - 1];
        if (last) expect(session.version, cs).toBeGreaterThanOrEqual(last.version);
        for (const ack of list) {
          const v = await fetch(`${server.url}/live/${cs}/version/${ack.version}/index.tsx`);
          if (v.status !== 200 || (await v.text()) !== ack.code) lost++;
        }
        const versions = (await (await fetch(`${server.url}/live/${cs}/versions?limit=1000`)).json()) as {
          versionCount: number;
          versions: { number: number }[];
        };
        const numbers = versions.versions.map((v) => v.number).reverse();
        expect(numbers, `${cs} versions`).toEqual(Array.from({ length: versions.versionCount }, (_, i) => i + 1));
      }
      // C2: every update an observer received is in the restarted server's document.
      for (const [i, cs] of yNames.entries()) {
        const doc = await serverDoc(cs);
        if (!contains(doc, received[i] as Y.Doc)) lost++;
      }
      expect(lost, `moment ${moment}: acknowledged writes or relayed updates lost`).toBe(0);
      expect(fives, "answers >= 500").toBe(0);
      log(`moment ${moment}: nothing lost; waiting for the clients to converge`);
      // The clients reconnect by themselves and converge with the server.
      for (const [i, cs] of yNames.entries()) {
        const typer = typers[i] as YClient;
        const observer = observers[i] as YClient;
        await until(
          () => typer.provider.synced && observer.provider.synced && typer.text.toString() === observer.text.toString(),
          `${cs}: the typer and the observer to reconnect and converge`,
          60_000,
        );
        const doc = await serverDoc(cs);
        expect(doc.getText("code").toString(), cs).toBe(typer.text.toString());
      }
    }
    for (const c of [...typers, ...observers]) c.destroy();
    record({
      case: "1 kill -9 during writes",
      runs: MOMENTS,
      inputs,
      lost,
      "5xx": fives,
      crashes: 0,
      p99: percentile(latencies, 99),
      note: `SIGKILL of the server's process group at ${MOMENTS} seeded moments; restart p50 ${(percentile(restartMs, 50) / 1000).toFixed(1)} s`,
    });
    // Five restarts of wrangler on a busy 2-core machine take up to a minute each.
  }, 900_000);
});
