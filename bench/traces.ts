// Real editing traces through the server, from one y-websocket client to a second one, against applying the
// same trace to an in-process Y.Doc in the same run. Final texts must equal the trace's endContent.
// Usage: npm run bench:traces [-- sveltecomponent|automerge-paper ...]   (TRACES_DIR overrides the data folder)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { gunzipSync } from "node:zlib";
import * as Y from "yjs";
import { startDevServer } from "../scripts/dev-server.mjs";
import { waitFor, yClient } from "../test/support/live.ts";

interface Trace {
  startContent: string;
  endContent: string;
  txns: { patches: [number, number, string][] }[];
}

const dir = process.env.TRACES_DIR ?? join(process.cwd(), "../shared/data/editing-traces");
const names = process.argv.slice(2).length ? process.argv.slice(2) : ["sveltecomponent", "automerge-paper"];

function replay(doc: Y.Doc, trace: Trace): void {
  const text = doc.getText("code");
  for (const txn of trace.txns) {
    doc.transact(() => {
      for (const [pos, del, ins] of txn.patches) {
        if (del) text.delete(pos, del);
        if (ins) text.insert(pos, ins);
      }
    });
  }
}

const server = await startDevServer({ vars: { WS_MESSAGES_PER_SECOND: "10000000" } });
try {
  for (const name of names) {
    const trace = JSON.parse(gunzipSync(readFileSync(join(dir, `${name}.json.gz`))).toString("utf8")) as Trace;
    const patches = trace.txns.reduce((n, t) => n + t.patches.length, 0);
    console.log(`\n${name}: ${trace.txns.length} transactions, ${patches} patches, ${trace.endContent.length} chars`);

    const local = new Y.Doc();
    local.getText("code").insert(0, trace.startContent);
    let t = performance.now();
    replay(local, trace);
    const inProcess = performance.now() - t;
    if (local.getText("code").toString() !== trace.endContent) throw new Error("in-process replay diverged");

    const cs = `trace-${name}-${Date.now().toString(36)}`;
    await fetch(`${server.url}/live/${cs}/api/code`, {
      method: "PUT",
      body: JSON.stringify({ code: trace.startContent }),
    });
    const [a, b] = [await yClient(server.url, cs), await yClient(server.url, cs)];
    t = performance.now();
    replay(a.doc, trace);
    await waitFor(
      () => b.text.length === trace.endContent.length && b.text.toString() === trace.endContent,
      "B to converge",
      600_000,
    );
    const viaServer = performance.now() - t;
    const stored = await (await fetch(`${server.url}/live/${cs}/session.json`)).json();
    await waitFor(
      async () => (await (await fetch(`${server.url}/live/${cs}/session.json`)).json()).code === trace.endContent,
      "session",
      60_000,
    );
    a.destroy();
    b.destroy();
    console.log(`in-process Y.Doc           ${inProcess.toFixed(0).padStart(7)} ms`);
    console.log(
      `client A -> server -> B    ${viaServer.toFixed(0).padStart(7)} ms   x${(viaServer / inProcess).toFixed(2)} in-process (goal <= 2x)`,
    );
    console.log(
      `B byte-identical to endContent: yes; session.json too: ${stored.code === trace.endContent ? "at once" : "after its transpile"}`,
    );
  }
} finally {
  await server.dispose();
}
// Keep-alive sockets of fetch must not hold the process open once the server is gone.
process.exit(0);
